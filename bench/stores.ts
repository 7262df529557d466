/** The S3 stores the benchmarks run against, each a server of its own: the embedded store (s3rver) and Ceph RGW. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { EMBEDDED_CREDENTIALS } from '../src/embedded-store/start.js';
import { benchS3Client } from './s3-client.mjs';

export const root = new URL('..', import.meta.url).pathname;

export interface Store {
  name: string;
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  stop(): Promise<void>;
}

export async function embeddedStore(): Promise<Store> {
  const directory = await mkdtemp(join(tmpdir(), 'bench-list-'));
  // In a process of its own, as a real store would be, so that it does not share the benchmark's event loop.
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/embedded-store.ts', directory], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const endpoint = await firstLine(child);
  return {
    name: 'embedded (s3rver)',
    endpoint,
    credentials: EMBEDDED_CREDENTIALS,
    async stop() {
      child.kill();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

export async function cephStore(): Promise<Store> {
  // The transfer benches keep several 1 GiB objects and their parts at once: more than the script's default 4 GiB of OSD.
  execFileSync('bash', ['scripts/ceph-rgw.sh', 'start'], {
    cwd: root,
    env: { CEPH_MEMSTORE_BYTES: String(12 * 1024 ** 3), ...process.env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const env = Object.fromEntries(
    (await readFile(join(process.env.CEPH_DIR ?? '/tmp/s3gw-ceph', 's3.env'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => line.split('=') as [string, string]),
  );
  return {
    name: 'Ceph RGW',
    endpoint: env.S3_ENDPOINT ?? '',
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '' },
    stop() {
      execFileSync('bash', ['scripts/ceph-rgw.sh', 'stop'], { cwd: root, stdio: 'ignore' });
      return Promise.resolve();
    },
  };
}

export function firstLine(child: ChildProcess, pattern = /^http/): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((candidate) => pattern.test(candidate));
      if (line !== undefined) resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
}

export function s3Client(store: Store): S3Client {
  return benchS3Client(store.endpoint, store.credentials);
}

export interface GatewayProcess {
  url: string;
  pid: number | undefined;
  stop(): void;
}

/** What a bench's gateway is given: the store's address and keys, an ephemeral port, and nothing of the bench's own environment. */
export function gatewayEnv(endpoint: string, credentials: Store['credentials']): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: tmpdir(),
    PORT: '0',
    LOG_LEVEL: 'warn',
    S3_ENDPOINT: endpoint,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  };
}

/** Node's flags and script from package.json's `start`, so that every bench runs the gateway with the flags `npm start` gives it. */
export async function npmStartArguments(): Promise<string[]> {
  const { scripts } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [command, ...args] = scripts.start.split(' ');
  if (command !== 'node') throw new Error(`npm start runs ${scripts.start}, not node`);
  return args;
}

/** The compiled gateway in a process of its own, as `npm start` runs it, on `endpoint` with the store's keys. */
export async function startGatewayProcess(
  endpoint: string,
  store: Store,
  env: Record<string, string> = {},
  nodeArguments: string[] = [],
): Promise<GatewayProcess> {
  const child = spawn(process.execPath, [...nodeArguments, ...(await npmStartArguments())], {
    cwd: root,
    env: { ...gatewayEnv(endpoint, store.credentials), ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await firstLine(child, /GraphQL at /);
  return { url: line.replace(/.*GraphQL at (\S+).*/, '$1'), pid: child.pid, stop: () => child.kill() };
}

/** A process's resident memory now (VmRSS) or at its peak so far (VmHWM), in MiB. */
export async function rssMiB(pid: number | undefined, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid ?? 0}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024;
}

/** CPU seconds (user and system) this benchmark process has used so far: the direct SDK side's. */
export function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** CPU seconds (user and system) a process has used so far: fields 14 and 15 of /proc/<pid>/stat, in clock ticks. */
export async function cpuSeconds(pid: number | undefined): Promise<number> {
  const fields = (await readFile(`/proc/${pid ?? 0}/stat`, 'utf8')).replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** One GraphQL request as JSON with fetch; answers `data`, or throws the errors. */
export async function graphql<Data>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<Data> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Data; errors?: unknown };
  if (body.data === undefined || body.errors !== undefined) throw new Error(`gateway answered ${JSON.stringify(body)}`);
  return body.data;
}
