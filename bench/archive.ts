/**
 * A ZIP of many objects through the gateway (createArchive and its route) against reading the same objects with the AWS SDK
 * directly, one after another as a ZIP reads them, in one run: the throughput ratio and the gateway's peak resident memory (VmHWM).
 *
 *   npm run bench:archive                                   # 1 GiB in 1,000 objects, on the embedded store
 *   BENCH_BYTES=268435456 BENCH_OBJECTS=256 BENCH_STORES=embedded,ceph npm run bench:archive
 */
import { get as httpGet } from 'node:http';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { cephStore, embeddedStore, rssMiB, s3Client, startGatewayProcess, type Store } from './stores.js';

const BYTES = Number(process.env.BENCH_BYTES ?? 1024 * 1024 * 1024);
const OBJECTS = Number(process.env.BENCH_OBJECTS ?? 1000);
const STORES = (process.env.BENCH_STORES ?? 'embedded').split(',');
const BUCKET = 'bench-archive';
const PREFIX = 'folder/';
const MiB = 1024 * 1024;
const keyOf = (index: number) => `${PREFIX}object-${String(index).padStart(5, '0')}.bin`;

async function timed(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

async function drain(stream: AsyncIterable<Uint8Array>): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream) bytes += chunk.length;
  return bytes;
}

function download(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    httpGet(url, (response) => {
      drain(response).then(resolve, reject);
    }).on('error', reject);
  });
}

async function benchStore(store: Store): Promise<string> {
  const s3 = s3Client(store);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const objectBytes = Math.floor(BYTES / OBJECTS);
  const body = Buffer.alloc(objectBytes, 7);
  const queue = Array.from({ length: OBJECTS }, (_, index) => index);
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let index = queue.shift(); index !== undefined; index = queue.shift()) {
        await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: keyOf(index), Body: body }));
      }
    }),
  );
  const gateway = await startGatewayProcess(store.endpoint, store);
  try {
    const directRead = () =>
      timed(async () => {
        for (let index = 0; index < OBJECTS; index += 1) {
          const { Body } = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: keyOf(index) }));
          if ((await drain(Body as AsyncIterable<Uint8Array>)) !== objectBytes) throw new Error('short direct read');
        }
      });
    const archiveRead = () =>
      timed(async () => {
        const response = await fetch(gateway.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            query: `mutation { createArchive(input: { bucket: "${BUCKET}", prefix: "${PREFIX}" }) { url error { message } } }`,
          }),
        });
        const answer = (await response.json()) as { data?: { createArchive: { url: string | null; error: { message: string } | null } } };
        const url = answer.data?.createArchive.url;
        if (url === null || url === undefined) throw new Error(`createArchive failed: ${JSON.stringify(answer)}`);
        if ((await download(url)) < objectBytes * OBJECTS) throw new Error('short archive');
      });
    // Each side twice, interleaved, the faster of each kept: one slow turn of a shared machine does not decide the ratio.
    const direct = [await directRead(), 0];
    const archive = [await archiveRead(), 0];
    direct[1] = await directRead();
    archive[1] = await archiveRead();
    const directSeconds = Math.min(...direct);
    const archiveSeconds = Math.min(...archive);
    const peak = await rssMiB(gateway.pid, 'VmHWM');
    const mibps = (seconds: number) => (objectBytes * OBJECTS) / MiB / seconds;
    return `| ${store.name} | ${OBJECTS} × ${(objectBytes / MiB).toFixed(2)} MiB | ${mibps(directSeconds).toFixed(0)} | ${mibps(archiveSeconds).toFixed(0)} | **${(directSeconds / archiveSeconds).toFixed(2)}** | ${peak.toFixed(0)} |`;
  } finally {
    gateway.stop();
    s3.destroy();
  }
}

const rows: string[] = [];
for (const name of STORES) {
  const store = name === 'ceph' ? await cephStore() : await embeddedStore();
  try {
    rows.push(await benchStore(store));
    console.error(rows.at(-1));
  } finally {
    await store.stop();
  }
}
console.log('| store | objects | SDK reads MiB/s | ZIP through the gateway MiB/s | throughput ratio | gateway peak RSS MiB |');
console.log('| --- | --- | --- | --- | --- | --- |');
console.log(rows.join('\n'));
