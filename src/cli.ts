#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/** `s3-graphql-gateway --port 4000 --endpoint http://minio:9000`: flags become the environment variables config.ts reads. */

interface Flag {
  variable: string;
  value: string;
  help: string;
}

const FLAGS: Record<string, Flag> = {
  port: { variable: 'PORT', value: '<n>', help: 'HTTP port (default 4000; 0 picks a free one)' },
  host: { variable: 'HOST', value: '<address>', help: 'address to listen on (default 127.0.0.1)' },
  endpoint: {
    variable: 'S3_ENDPOINT',
    value: '<url>',
    help: 'S3-compatible store, e.g. http://minio:9000 (default: AWS, or the embedded store)',
  },
  region: { variable: 'AWS_REGION', value: '<region>', help: 'default region (default us-east-1)' },
  store: { variable: 'S3_STORE', value: '<kind>', help: 'auto, embedded or external (default auto)' },
  'data-dir': { variable: 'EMBEDDED_S3_DIR', value: '<dir>', help: "the embedded store's data (default .data/s3)" },
  buckets: { variable: 'EMBEDDED_S3_BUCKETS', value: '<a,b>', help: 'buckets the embedded store creates (default demo)' },
  stores: { variable: 'STORES_FILE', value: '<file>', help: 'several stores in one graph (docs/configuration.md)' },
  policy: { variable: 'AUTH_POLICY_FILE', value: '<file>', help: 'who may call and what they may do (docs/security.md)' },
  workers: { variable: 'WORKERS', value: '<n|auto>', help: 'gateway processes sharing the port (default 1)' },
  'log-level': { variable: 'LOG_LEVEL', value: '<level>', help: 'debug, info, warn or error (default info)' },
};

function usage(): string {
  const lines = Object.entries(FLAGS).map(([name, flag]) => `  --${`${name} ${flag.value}`.padEnd(24)} ${flag.help} [${flag.variable}]`);
  return [
    'Usage: s3-graphql-gateway [options]',
    '',
    'A GraphQL gateway in front of Amazon S3 or any S3-compatible store.',
    'Every option is also an environment variable (in brackets); docs/configuration.md lists them all.',
    '',
    'Options:',
    ...lines,
    `  ${'--allow-anonymous'.padEnd(26)} serve callers without credentials on any address [ALLOW_ANONYMOUS]`,
    `  ${'-h, --help'.padEnd(26)} this help`,
    `  ${'-v, --version'.padEnd(26)} the version`,
  ].join('\n');
}

let parsed: ReturnType<typeof parseArgs<{ options: Record<string, { type: 'string' | 'boolean'; short?: string }> }>>;
try {
  parsed = parseArgs({
    options: {
      ...Object.fromEntries(Object.keys(FLAGS).map((name) => [name, { type: 'string' as const }])),
      'allow-anonymous': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
} catch (error) {
  console.error(`${(error as Error).message}\n\n${usage()}`);
  process.exit(2);
}

const { values } = parsed;
if (values.help === true) {
  console.log(usage());
  process.exit(0);
}
if (values.version === true) {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  console.log(version);
  process.exit(0);
}
for (const [name, flag] of Object.entries(FLAGS)) {
  const value = values[name];
  if (typeof value === 'string') process.env[flag.variable] = value;
}
if (values['allow-anonymous'] === true) process.env.ALLOW_ANONYMOUS = 'true';
await import('./main.js');
