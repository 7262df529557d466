/**
 * The gateway's resident memory as `npm start` runs it on an external store (the embedded store in a process of its own):
 * idle after start-up, then after a minute of listings (pages of 100 and 1000 objects from random places, as bench:list
 * asks them) both as the last request ends and once the gateway has been idle again, with the gateway's CPU per page from
 * /proc/<pid>/stat; and the time from spawning `npm start` (its prestart build check included) to the first answered
 * `buckets` query, the median of three starts.
 *
 * Idle figures are read after SETTLE_SECONDS without requests: V8's memory reducer collects and gives back the garbage of
 * start-up (or of the load) about 8 s after allocation falls off, and read at 10 s the idle figure moved between 89 and
 * 112 MiB from start to start by whether it had run yet.
 *
 *   npm run bench:memory
 *   BENCH_SECONDS=60 BENCH_CONCURRENCY=8 BENCH_OBJECTS=5000 npm run bench:memory
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { cpuSeconds, embeddedStore, firstLine, gatewayEnv, root, s3Client, startGatewayProcess } from './stores.js';

const OBJECTS = Number(process.env.BENCH_OBJECTS ?? 5000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const SETTLE_SECONDS = 30;
const STARTS = 3;
const BUCKET = 'bench-memory';

const LIST_QUERY = `query($bucket: String!, $first: Int!, $startAfter: String) {
  bucket(name: $bucket) { objects(prefix: "tree/", first: $first, startAfter: $startAfter) { edges { node { key size eTag lastModified } } pageInfo { hasNextPage endCursor } } }
}`;

/** Resident memory now (VmRSS) and at its peak (VmHWM), in MiB. */
async function residentMiB(pid: number): Promise<{ now: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { now: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/** Seconds from spawning `npm start` to the first answer to a `buckets` query, as a newcomer meets it. */
async function npmStartSeconds(endpoint: string, credentials: { accessKeyId: string; secretAccessKey: string }): Promise<number> {
  const spawned = performance.now();
  const npm = spawn('npm', ['start'], {
    cwd: root,
    env: { ...gatewayEnv(endpoint, credentials), npm_config_update_notifier: 'false' },
    stdio: ['ignore', 'pipe', 'inherit'],
    // A group of its own, so that stopping it stops the node process npm started too.
    detached: true,
  });
  try {
    const url = (await firstLine(npm, /GraphQL at /)).replace(/.*GraphQL at (\S+).*/, '$1');
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ buckets { name } }' }),
    });
    const body = (await response.json()) as { data?: { buckets: unknown[] } };
    if (body.data?.buckets === undefined) throw new Error(`unexpected answer: ${JSON.stringify(body).slice(0, 200)}`);
    return (performance.now() - spawned) / 1000;
  } finally {
    if (npm.pid !== undefined) process.kill(-npm.pid, 'SIGTERM');
  }
}

const store = await embeddedStore();
const s3 = s3Client(store);
try {
  const keys = Array.from(
    { length: OBJECTS },
    (_, index) => `tree/d${String(Math.floor(index / 100)).padStart(3, '0')}/f${String(index % 100).padStart(3, '0')}.txt`,
  );
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET })).catch(() => undefined);
  const queue = [...keys];
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let key = queue.shift(); key !== undefined; key = queue.shift())
        await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: key }));
    }),
  );

  const starts: number[] = [];
  for (let start = 0; start < STARTS; start += 1) starts.push(await npmStartSeconds(store.endpoint, store.credentials));
  starts.sort((a, b) => a - b);

  const gateway = await startGatewayProcess(store.endpoint, store);
  if (gateway.pid === undefined) throw new Error('the gateway did not start');
  try {
    await sleep(SETTLE_SECONDS * 1000);
    const idle = await residentMiB(gateway.pid);
    const cpuBefore = await cpuSeconds(gateway.pid);
    let pages = 0;
    const deadline = performance.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, client) => {
        while (performance.now() < deadline) {
          const first = client % 2 === 0 ? 100 : 1000;
          const startAfter = keys[Math.floor(Math.random() * (keys.length - first))] ?? '';
          const response = await fetch(gateway.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: LIST_QUERY, variables: { bucket: BUCKET, first, startAfter } }),
          });
          const body = (await response.json()) as { data?: { bucket: { objects: { edges: unknown[] } } } };
          if (body.data?.bucket.objects.edges.length !== first) throw new Error(`unexpected page: ${JSON.stringify(body).slice(0, 200)}`);
          pages += 1;
        }
      }),
    );
    const cpuPerPage = ((await cpuSeconds(gateway.pid)) - cpuBefore) / pages;
    const loaded = await residentMiB(gateway.pid);
    await sleep(SETTLE_SECONDS * 1000);
    const settled = await residentMiB(gateway.pid);
    console.log(
      `Node ${process.version}; ${OBJECTS} objects; npm start runs: ${(await readFile(`${root}package.json`, 'utf8')).match(/"start": "([^"]+)"/)?.[1]}\n`,
    );
    console.log(
      '| idle RSS MiB | RSS as the listings end MiB | ratio | idle again MiB | ratio | peak RSS MiB | seconds | clients | pages | gateway CPU ms per page | npm start to first answer s |',
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    console.log(
      `| ${idle.now.toFixed(0)} | ${loaded.now.toFixed(0)} | **${(loaded.now / idle.now).toFixed(2)}** | ${settled.now.toFixed(0)} | **${(settled.now / idle.now).toFixed(2)}** | ${loaded.peak.toFixed(0)} | ${SECONDS} | ${CONCURRENCY} | ${pages} | ${(cpuPerPage * 1000).toFixed(1)} | ${starts[Math.floor(STARTS / 2)]?.toFixed(1)} (${starts.map((seconds) => seconds.toFixed(1)).join(', ')}) |`,
    );
  } finally {
    gateway.stop();
  }
} finally {
  s3.destroy();
  await store.stop();
}
