import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** What a gateway on an external store, without Redis or a rate limit, must not carry: each is imported when configured. */

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));
const SCRIPT = `
import { createRequire } from 'node:module';
const { loadConfig } = await import('./src/config.ts');
const { startGateway } = await import('./src/gateway.ts');
const gateway = await startGateway(loadConfig({ S3_ENDPOINT: 'http://127.0.0.1:9', PORT: '0', LOG_LEVEL: 'error' }));
console.log(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)));
await gateway.close();
`;

describe('a gateway on an external store', () => {
  it('does not load the embedded store, Redis, BullMQ or the rate limiter', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], {
      cwd: repositoryRoot,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: '/nonexistent', AWS_ACCESS_KEY_ID: 'key', AWS_SECRET_ACCESS_KEY: 'secret' },
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const loaded = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '[]') as string[];
    expect(loaded.some((path) => path.includes('/node_modules/@aws-sdk/client-s3/'))).toBe(true);
    expect(loaded.filter((path) => /\/node_modules\/(@20minutes\/s3rver|koa|ioredis|rate-limiter-flexible)\//.test(path))).toEqual([]);
  });
});
