/**
 * The cost of one listing page, measured as a new user would: one client asking pages in sequence of the compiled
 * gateway, with a timing proxy between the gateway and the store, so that the gateway's own time is its wall time less
 * the time its S3 requests took. Then the embedded store alone with 100,000 keys: pages of objects and of folders, and puts.
 *
 *   npm run bench:listing                                 # both stores (Ceph needs scripts/ceph-rgw.sh: CEPH_DIR and ports)
 *   BENCH_STORES=embedded npm run bench:listing           # one store
 *   BENCH_PAGES=200 BENCH_OBJECTS=10000 BENCH_STORE_KEYS=100000 npm run bench:listing
 *   BENCH_STORE_REPEATS=5 BENCH_STORES=embedded npm run bench:listing   # fewer pages of the 100,000-key store
 *   BENCH_CPU_PROFILE=/tmp/prof npm run bench:listing     # also writes the gateway's CPU profile (node --cpu-prof) there
 *   BENCH_WARM_PAGES=2000 npm run bench:listing           # pages asked before measuring (500): V8 goes on optimising for thousands
 */
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, request as httpRequest, Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import { CreateBucketCommand, ListObjectsV2Command, PutBucketAclCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { SafeFilesystemStore } from '../src/embedded-store/filesystem-store.js';
import { S3Object } from '../src/embedded-store/s3rver.js';
import { EMBEDDED_CREDENTIALS } from '../src/embedded-store/start.js';
import { cephStore, embeddedStore, firstLine, root, s3Client, startGatewayProcess, type Store } from './stores.js';

const OBJECTS = Number(process.env.BENCH_OBJECTS ?? 10_000);
const PAGES = Number(process.env.BENCH_PAGES ?? 200);
const STORE_KEYS = Number(process.env.BENCH_STORE_KEYS ?? 100_000);
const STORES = (process.env.BENCH_STORES ?? 'embedded,ceph').split(',');
const STORE_REPEATS = Number(process.env.BENCH_STORE_REPEATS ?? 50);
const CPU_PROFILE = process.env.BENCH_CPU_PROFILE;
const PAGE_SIZES = [100, 1000];
const WARM_PAGES = Number(process.env.BENCH_WARM_PAGES ?? 500);
const BUCKET = 'bench-listing';

/** `count` keys in folders of 100: tree/d000/f000.txt ... */
function treeKeys(count: number): string[] {
  return Array.from(
    { length: count },
    (_, index) => `tree/d${String(Math.floor(index / 100)).padStart(4, '0')}/f${String(index % 100).padStart(3, '0')}.txt`,
  );
}

async function seed(s3: S3Client, keys: string[]): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET })).catch(() => undefined);
  const queue = [...keys];
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let key = queue.shift(); key !== undefined; key = queue.shift())
        await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: key }));
    }),
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? 0;
}

/** User and system CPU milliseconds a process has used, from /proc. */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // utime and stime are fields 14 and 15 of stat, in clock ticks (100 a second on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

interface TimingProxy {
  endpoint: string;
  /** Milliseconds each S3 request took, from its arrival at the proxy to the end of the store's answer, since the last reset. */
  durations: number[];
  reset(): void;
  close(): Promise<void>;
}

/** An HTTP proxy in front of the store that times every S3 request passing through. */
async function startTimingProxy(endpoint: string): Promise<TimingProxy> {
  const target = new URL(endpoint);
  const agent = new Agent({ keepAlive: true });
  const durations: number[] = [];
  const server = createServer((incoming, outgoing) => {
    const started = performance.now();
    const forwarded = httpRequest(
      { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: incoming.headers, agent },
      (answer) => {
        // Passed on whole, in one write: a chunked answer relayed chunk by chunk would add the network's delays to the gateway's time.
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.once('end', () => {
          durations.push(performance.now() - started);
          const body = Buffer.concat(chunks);
          const headers = { ...answer.headers, 'content-length': String(body.length) };
          delete headers['transfer-encoding'];
          outgoing.writeHead(answer.statusCode ?? 502, headers);
          outgoing.end(body);
        });
      },
    );
    forwarded.once('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    durations,
    reset: () => durations.splice(0),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        agent.destroy();
      }),
  };
}

const PAGE_QUERY = `query($bucket: String!, $first: Int!, $after: String) {
  bucket(name: $bucket) { objects(prefix: "tree/", first: $first, after: $after) { edges { node { key size eTag lastModified } } pageInfo { hasNextPage endCursor } } }
}`;

interface PageResponse {
  data?: { bucket: { objects: { edges: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } };
  errors?: unknown[];
}

async function gatewayPage(url: string, first: number, after: string | null): Promise<PageResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: PAGE_QUERY, variables: { bucket: BUCKET, first, after } }),
  });
  const body = (await response.json()) as PageResponse;
  if (body.data === undefined) throw new Error(`the gateway answered ${JSON.stringify(body.errors)}`);
  return body;
}

interface PageCost {
  pages: number;
  items: number;
  s3RequestsPerPage: number;
  ownMedianMs: number;
  floorMs: number;
  gatewayCpuMsPerPage: number;
  directCpuMsPerPage: number;
}

/**
 * The own time (wall time less the S3 requests' time) of each of `PAGES` pages asked in sequence at `url` after a warm-up,
 * and the CPU milliseconds the process `pid` spent on them (0 without a `pid`).
 */
async function ownTimes(
  url: string,
  proxy: TimingProxy,
  first: number,
  pid?: number,
): Promise<{ own: number[]; items: number; s3Requests: number; cpuMs: number }> {
  let after: string | null = null;
  const next = async () => {
    const page = await gatewayPage(url, first, after);
    const { pageInfo, edges } = page.data?.bucket.objects ?? { pageInfo: { hasNextPage: false, endCursor: null }, edges: [] };
    after = pageInfo.hasNextPage ? pageInfo.endCursor : null;
    return edges.length;
  };
  // Warm: connections, the bucket's existence, compiled queries, and the JIT, which goes on optimising for a few thousand requests.
  for (let page = 0; page < WARM_PAGES; page += 1) await next();
  proxy.reset();
  const own: number[] = [];
  let items = 0;
  let s3Requests = 0;
  const cpuBefore = pid === undefined ? 0 : processCpuMs(pid);
  for (let page = 0; page < PAGES; page += 1) {
    const started = performance.now();
    items += await next();
    const wall = performance.now() - started;
    s3Requests += proxy.durations.length;
    own.push(wall - proxy.durations.reduce((sum, duration) => sum + duration, 0));
    proxy.reset();
  }
  return { own, items, s3Requests, cpuMs: pid === undefined ? 0 : processCpuMs(pid) - cpuBefore };
}

/**
 * The method's floor: the own time of a stand-in that does nothing of its own (bench/null-gateway.mjs) behind the same
 * client and proxy, listing the same keys anonymously. It is what the client's fetch, the proxy's relay, the loopback and
 * the process wake-ups add to any gateway's figure.
 */
async function methodFloor(store: Store, first: number): Promise<number> {
  const s3 = s3Client(store);
  // The embedded store has no ACLs (NotImplemented): there the stand-in takes whatever it answers an anonymous request.
  await s3.send(new PutBucketAclCommand({ Bucket: BUCKET, ACL: 'public-read' })).catch(() => undefined);
  s3.destroy();
  const proxy = await startTimingProxy(store.endpoint);
  const child = spawn(process.execPath, ['bench/null-gateway.mjs', proxy.endpoint], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    return median((await ownTimes(await firstLine(child), proxy, first)).own);
  } finally {
    child.kill();
    await proxy.close();
  }
}

/** `PAGES` pages asked one after another through the gateway, walking the listing with its cursors, and the same pages directly. */
async function pageCost(store: Store, first: number): Promise<PageCost> {
  const proxy = await startTimingProxy(store.endpoint);
  const profile = CPU_PROFILE === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${CPU_PROFILE}/gateway-${first}`];
  const gateway = await startGatewayProcess(proxy.endpoint, store, {}, profile);
  try {
    const { own, items, s3Requests, cpuMs } = await ownTimes(gateway.url, proxy, first, gateway.pid);

    const s3 = s3Client(store);
    let startAfter: string | undefined;
    const direct = async () => {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'tree/', MaxKeys: first, StartAfter: startAfter }));
      startAfter = page.IsTruncated === true ? page.Contents?.at(-1)?.Key : undefined;
    };
    for (let page = 0; page < WARM_PAGES; page += 1) await direct();
    const directBefore = process.cpuUsage();
    for (let page = 0; page < PAGES; page += 1) await direct();
    const directUsage = process.cpuUsage(directBefore);
    s3.destroy();
    return {
      pages: PAGES,
      items,
      s3RequestsPerPage: s3Requests / PAGES,
      ownMedianMs: median(own),
      floorMs: await methodFloor(store, first),
      gatewayCpuMsPerPage: cpuMs / PAGES,
      directCpuMsPerPage: (directUsage.user + directUsage.system) / 1000 / PAGES,
    };
  } finally {
    gateway.stop();
    await proxy.close();
  }
}

async function benchStore(store: Store): Promise<string[]> {
  const s3 = s3Client(store);
  const seedStarted = performance.now();
  await seed(s3, treeKeys(OBJECTS));
  s3.destroy();
  console.error(`${store.name}: seeded ${OBJECTS} objects in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
  const rows: string[] = [];
  for (const first of PAGE_SIZES) {
    const cost = await pageCost(store, first);
    rows.push(
      `| ${store.name} | ${first} | ${(cost.items / cost.pages).toFixed(0)} | ${cost.s3RequestsPerPage.toFixed(2)} | ${cost.ownMedianMs.toFixed(1)} | ${cost.floorMs.toFixed(1)} | ${(cost.ownMedianMs - cost.floorMs).toFixed(1)} | ${cost.gatewayCpuMsPerPage.toFixed(1)} | ${cost.directCpuMsPerPage.toFixed(1)} | **${(cost.gatewayCpuMsPerPage / cost.directCpuMsPerPage).toFixed(2)}** |`,
    );
    console.error(rows.at(-1));
  }
  return rows;
}

/** Writes `count` keys straight into an embedded store's directory, the way its puts would, before the store starts. */
async function seedDirectory(directory: string, count: number): Promise<void> {
  const store = new SafeFilesystemStore(directory);
  // A bucket of the embedded store is a directory.
  await mkdir(join(directory, BUCKET), { recursive: true });
  const queue = treeKeys(count);
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
        const body = Buffer.from(key);
        await store.putObject(
          new S3Object(BUCKET, key, Readable.from([body]), {
            'content-length': String(body.length),
            'last-modified': new Date().toUTCString(),
          }),
        );
      }
    }),
  );
}

async function timed(run: () => Promise<unknown>, times: number): Promise<number[]> {
  const durations: number[] = [];
  for (let time = 0; time < times; time += 1) {
    const started = performance.now();
    await run();
    durations.push(performance.now() - started);
  }
  return durations;
}

/** The embedded store alone, in its own process, with `STORE_KEYS` keys in folders of 100: its time per page and per put. */
async function benchLargeEmbeddedStore(): Promise<string[]> {
  const directory = await mkdtemp(join(tmpdir(), 'bench-listing-'));
  try {
    const seedStarted = performance.now();
    await seedDirectory(directory, STORE_KEYS);
    console.error(`embedded: wrote ${STORE_KEYS} keys in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/embedded-store.ts', directory], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const endpoint = await firstLine(child);
    const s3 = s3Client({ name: 'embedded', endpoint, credentials: EMBEDDED_CREDENTIALS, stop: () => Promise.resolve() });
    const keys = treeKeys(STORE_KEYS);
    const folders = keys.filter((_, index) => index % 100 === 0).map((key) => key.slice(0, key.lastIndexOf('/') + 1));
    const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)] as T;
    const list = (input: { Prefix: string; Delimiter?: string; StartAfter?: string }) => async () => {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, MaxKeys: 100, ...input }));
      if ((page.Contents?.length ?? 0) + (page.CommonPrefixes?.length ?? 0) === 0) throw new Error('empty page');
    };
    const cases: [string, () => () => Promise<void>][] = [
      ['100 objects of a folder', () => list({ Prefix: pick(folders), Delimiter: '/' })],
      ['100 folders from a random one', () => list({ Prefix: 'tree/', Delimiter: '/', StartAfter: pick(folders) })],
      ['100 folders, the first page', () => list({ Prefix: 'tree/', Delimiter: '/' })],
      ['100 objects from a random key, no delimiter', () => list({ Prefix: '', StartAfter: pick(keys) })],
    ];
    const rows: string[] = [];
    // The first listing may build what later ones use: its time is shown apart.
    const [first] = await timed(list({ Prefix: 'tree/', Delimiter: '/' }), 1);
    rows.push(`| first listing after start | ${(first ?? 0).toFixed(1)} | | |`);
    for (const [name, make] of cases) {
      const durations: number[] = [];
      for (let time = 0; time < STORE_REPEATS; time += 1) durations.push(...(await timed(make(), 1)));
      rows.push(
        `| ${name} | ${median(durations).toFixed(1)} | ${percentile(durations, 0.95).toFixed(1)} | ${Math.max(...durations).toFixed(1)} |`,
      );
      console.error(rows.at(-1));
    }
    let putIndex = 0;
    const puts = await timed(async () => {
      putIndex += 1;
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `tree/new/p${putIndex}.txt`, Body: 'x' }));
    }, 200);
    rows.push(
      `| put of a small object | ${median(puts).toFixed(1)} | ${percentile(puts, 0.95).toFixed(1)} | ${Math.max(...puts).toFixed(1)} |`,
    );
    console.error(rows.at(-1));
    s3.destroy();
    child.kill();
    return rows;
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

const results: string[] = [];
for (const name of STORES) {
  const store = name === 'ceph' ? await cephStore() : await embeddedStore();
  try {
    results.push(...(await benchStore(store)));
  } finally {
    await store.stop();
  }
}
const largeStore = STORES.includes('embedded') && STORE_KEYS > 0 ? await benchLargeEmbeddedStore() : [];

console.log(`Listing pages of ${OBJECTS} objects, one client, ${PAGES} pages per measurement, Node ${process.version}\n`);
console.log(
  '| store | first | objects per page | S3 requests per page | gateway own time, median ms | method floor, median ms | own time less the floor ms | gateway CPU ms per page | direct SDK CPU ms per page | CPU ratio |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
console.log(results.join('\n'));
if (largeStore.length > 0) {
  console.log(
    `\nThe embedded store alone with ${STORE_KEYS} keys in folders of 100, ListObjectsV2 through the SDK, ${STORE_REPEATS} pages each:\n`,
  );
  console.log('| what | median ms | p95 ms | max ms |');
  console.log('| --- | --- | --- | --- |');
  console.log(largeStore.join('\n'));
}
