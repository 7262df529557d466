/**
 * Listing throughput through the gateway against ListObjectsV2 through the SDK directly, in one run, on the
 * embedded store and on Ceph RGW, and the number of S3 requests one listing makes.
 *
 *   npm run bench:list                       # both stores (Ceph needs root: it is installed from Debian's packages)
 *   BENCH_STORES=embedded npm run bench:list # one store
 *   BENCH_OBJECTS=10000 BENCH_SECONDS=10 BENCH_CONCURRENCY=16 BENCH_WORKERS=1,2 npm run bench:list
 */
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { startS3Proxy } from '../test/support/s3-proxy.js';
import { cephStore, embeddedStore, s3Client, startGatewayProcess, type Store } from './stores.js';

const OBJECTS = Number(process.env.BENCH_OBJECTS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const STORES = (process.env.BENCH_STORES ?? 'embedded,ceph').split(',');
const WORKER_COUNTS = (process.env.BENCH_WORKERS ?? '1,2').split(',').map(Number);
const PAGE_SIZES = [100, 1000];
const BUCKET = 'bench-list';

/** 10,000 objects in a tree of 100 folders of 100. */
function benchKeys(): string[] {
  return Array.from(
    { length: OBJECTS },
    (_, index) => `tree/d${String(Math.floor(index / 100)).padStart(3, '0')}/f${String(index % 100).padStart(3, '0')}.txt`,
  );
}

async function seed(s3: S3Client, keys: string[]): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET })).catch(() => undefined);
  const queue = [...keys];
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      for (let key = queue.shift(); key !== undefined; key = queue.shift())
        await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: key }));
    }),
  );
}

interface Measurement {
  requestsPerSecond: number;
  medianMs: number;
}

/** `CONCURRENCY` clients each list pages one after another for `SECONDS`; a page starts at a random key. */
async function measure(listPage: (startAfter: string) => Promise<number>, keys: string[]): Promise<Measurement> {
  const latencies: number[] = [];
  const deadline = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        const startAfter = keys[Math.floor(Math.random() * (keys.length - 1000))] ?? '';
        const started = performance.now();
        const listed = await listPage(startAfter);
        if (listed === 0) throw new Error('empty page');
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((left, right) => left - right);
  return { requestsPerSecond: latencies.length / SECONDS, medianMs: latencies[Math.floor(latencies.length / 2)] ?? 0 };
}

const LIST_QUERY = `query($bucket: String!, $first: Int!, $startAfter: String) {
  bucket(name: $bucket) { objects(prefix: "tree/", first: $first, startAfter: $startAfter) { edges { node { key size eTag lastModified } } pageInfo { hasNextPage endCursor } } }
}`;

interface ListResponse {
  data: { bucket: { objects: { edges: unknown[] } } };
}

async function gatewayPage(url: string, first: number, startAfter: string, fields = ''): Promise<number> {
  const query = fields === '' ? LIST_QUERY : LIST_QUERY.replace('lastModified', `lastModified ${fields}`);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables: { bucket: BUCKET, first, startAfter } }),
  });
  const body = (await response.json()) as ListResponse;
  return body.data.bucket.objects.edges.length;
}

async function benchStore(store: Store): Promise<string[]> {
  const s3 = s3Client(store);
  const keys = benchKeys();
  const seedStarted = performance.now();
  await seed(s3, keys);
  console.error(`${store.name}: seeded ${keys.length} objects in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
  const rows: string[] = [];
  for (const first of PAGE_SIZES) {
    const direct = await measure(async (startAfter) => {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'tree/', MaxKeys: first, StartAfter: startAfter }));
      return page.Contents?.length ?? 0;
    }, keys);
    for (const workers of WORKER_COUNTS) {
      const gateway = await startGatewayProcess(store.endpoint, store, { WORKERS: String(workers) });
      try {
        // Warm the gateway (connections, compiled queries) before measuring.
        await Promise.all(Array.from({ length: CONCURRENCY }, () => gatewayPage(gateway.url, first, '')));
        const through = await measure((startAfter) => gatewayPage(gateway.url, first, startAfter), keys);
        rows.push(
          `| ${store.name} | ${first} | ${workers} | ${direct.requestsPerSecond.toFixed(1)} | ${through.requestsPerSecond.toFixed(1)} | **${(through.requestsPerSecond / direct.requestsPerSecond).toFixed(2)}** | ${direct.medianMs.toFixed(1)} | ${through.medianMs.toFixed(1)} | ${(through.medianMs - direct.medianMs).toFixed(1)} |`,
        );
        console.error(rows.at(-1));
      } finally {
        gateway.stop();
      }
    }
  }

  const proxy = await startS3Proxy(store.endpoint);
  const counted = await startGatewayProcess(proxy.endpoint, store);
  const requestCounts: string[] = [];
  try {
    for (const fields of ['', 'contentType']) {
      await gatewayPage(counted.url, 1000, '', fields);
      proxy.reset();
      await gatewayPage(counted.url, 1000, '', fields);
      const operations = proxy.operations.reduce<Record<string, number>>(
        (counts, name) => ({ ...counts, [name]: (counts[name] ?? 0) + 1 }),
        {},
      );
      requestCounts.push(
        `| ${store.name} | ${fields === '' ? 'key size eTag lastModified' : '+ contentType'} | ${proxy.operations.length} | ${Object.entries(
          operations,
        )
          .map(([name, count]) => `${name} ${count}`)
          .join(', ')} |`,
      );
    }
  } finally {
    counted.stop();
    await proxy.close();
  }
  s3.destroy();
  return [...rows, '', ...requestCounts];
}

const results: string[] = [];
for (const name of STORES) {
  const store = name === 'ceph' ? await cephStore() : await embeddedStore();
  try {
    results.push(...(await benchStore(store)), '');
  } finally {
    await store.stop();
  }
}

const throughput = results.filter((line) => line.split('|').length === 11);
const counts = results.filter((line) => line.split('|').length === 6);
console.log(`Listing ${OBJECTS} objects, ${CONCURRENCY} concurrent clients, ${SECONDS} s per measurement, Node ${process.version}\n`);
console.log(
  '| store | first | gateway workers | direct pages/s | gateway pages/s | ratio | direct median ms | gateway median ms | added ms |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
console.log(throughput.join('\n'));
console.log('\nS3 requests for one 1000-object page through the gateway (bucket already known):\n');
console.log('| store | fields | S3 requests | by operation |');
console.log('| --- | --- | --- | --- |');
console.log(counts.join('\n'));
