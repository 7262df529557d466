/**
 * Copy between two stores through the gateway (copyObject with destinationStore: GetObject streamed into a multipart
 * upload, verified) against the AWS SDK doing the same in one process (GetObject piped into lib-storage's Upload, same
 * part size and parallelism): the throughput ratio, the CPU seconds per GiB of each side (the gateway's from /proc, the
 * SDK loop's from process.cpuUsage: on a shared machine CPU is what bounds the ratio), and the gateway's peak resident
 * memory (VmHWM).
 *
 *   npm run bench:transfer                                         # runs this after bench/transfer.ts
 *   BENCH_BYTES=268435456 tsx bench/cross-store.ts                  # two embedded stores, each a process of its own
 *   BENCH_STORES=embedded,ceph tsx bench/cross-store.ts              # the embedded store and Ceph RGW (root)
 *   BENCH_CPU_PROF=/tmp/prof tsx bench/cross-store.ts                # also writes the gateway's --cpu-prof profile there
 */
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { cephStore, cpuSeconds, embeddedStore, ownCpuSeconds, rssMiB, s3Client, startGatewayProcess, type Store } from './stores.js';

const MiB = 1024 * 1024;
const BYTES = Number(process.env.BENCH_BYTES ?? 1024 * MiB);
const PAIR = (process.env.BENCH_STORES ?? 'embedded,embedded').split(',');
const BUCKET = 'bench-cross-store';
// The gateway's own settings for one object between stores: 5 MiB parts, 4 at once.
const PART_BYTES = 5 * MiB;
const QUEUE_SIZE = 4;

/** Wall-clock seconds of `work`, and the CPU seconds `cpu` counted meanwhile. */
async function timed(work: () => Promise<void>, cpu: () => number | Promise<number>): Promise<{ seconds: number; cpu: number }> {
  const started = performance.now();
  const cpuBefore = await cpu();
  await work();
  return { seconds: (performance.now() - started) / 1000, cpu: (await cpu()) - cpuBefore };
}

async function fill(store: Store, key: string): Promise<void> {
  const s3 = s3Client(store);
  // Fresh buffers: lib-storage keeps each part until it is sent.
  function* content() {
    for (let written = 0; written < BYTES; written += PART_BYTES) yield Buffer.alloc(Math.min(PART_BYTES, BYTES - written), written % 251);
  }
  await new Upload({
    client: s3,
    params: { Bucket: BUCKET, Key: key, Body: Readable.from(content()) },
    partSize: PART_BYTES,
    queueSize: QUEUE_SIZE,
  }).done();
  s3.destroy();
}

/** The SDK alone, in this process: read from one store, write to the other. */
async function sdkCopy(from: Store, to: Store, key: string, destinationKey: string): Promise<void> {
  const source = s3Client(from);
  const destination = s3Client(to);
  const { Body } = await source.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  await new Upload({
    client: destination,
    params: { Bucket: BUCKET, Key: destinationKey, Body: Body as Readable },
    partSize: PART_BYTES,
    queueSize: QUEUE_SIZE,
  }).done();
  source.destroy();
  destination.destroy();
}

async function gatewayCopy(url: string, key: string, destinationKey: string): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `mutation ($input: CopyObjectInput!) { copyObject(input: $input) { success error { code message } } }`,
      variables: { input: { store: 'a', bucket: BUCKET, key, destinationStore: 'b', destinationKey } },
    }),
  });
  const answer = (await response.json()) as { data?: { copyObject: { success: boolean; error: { message: string } | null } } };
  if (answer.data?.copyObject.success !== true) throw new Error(`copy failed: ${JSON.stringify(answer)}`);
}

const storeOf = (kind: string): Promise<Store> => (kind === 'ceph' ? cephStore() : embeddedStore());

const scratch = await mkdtemp(join(tmpdir(), 'bench-cross-store-'));
const stores: Store[] = [];
try {
  const [from, to] = [await storeOf(PAIR[0] ?? 'embedded'), await storeOf(PAIR[1] ?? 'embedded')];
  stores.push(from, to);
  for (const store of stores) {
    const s3 = s3Client(store);
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET })).catch(() => undefined);
    s3.destroy();
  }
  await fill(from, 'source.bin');
  const storesFile = join(scratch, 'stores.yaml');
  const entry = (name: string, store: Store, isDefault: boolean) =>
    `  - name: ${name}\n    endpoint: ${store.endpoint}\n    default: ${isDefault}\n    credentials:\n      accessKeyId: ${store.credentials.accessKeyId}\n      secretAccessKey: ${store.credentials.secretAccessKey}\n`;
  await writeFile(storesFile, `stores:\n${entry('a', from, true)}${entry('b', to, false)}`);
  // One mutation copies the whole object: a large one between slow stores may take longer than the default minute.
  const profile = process.env.BENCH_CPU_PROF;
  const gateway = await startGatewayProcess(
    from.endpoint,
    from,
    { STORES_FILE: storesFile, REQUEST_TIMEOUT_SECONDS: '3600' },
    profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profile}`],
  );
  try {
    // What the peak is made of: the process as it started, before any copy, and what the copies added.
    const started = await rssMiB(gateway.pid, 'VmRSS');
    const sdkRun = () => timed(() => sdkCopy(from, to, 'source.bin', 'sdk.bin'), ownCpuSeconds);
    const gatewayRun = () =>
      timed(
        () => gatewayCopy(gateway.url, 'source.bin', 'gateway.bin'),
        () => cpuSeconds(gateway.pid),
      );
    // Alternating, twice each, so that neither pays alone for a cold cache or a cold JIT.
    const sdkRuns = [await sdkRun()];
    const gatewayRuns = [await gatewayRun()];
    sdkRuns.push(await sdkRun());
    gatewayRuns.push(await gatewayRun());
    const peak = await rssMiB(gateway.pid, 'VmHWM');
    const check = s3Client(to);
    const { ContentLength } = await check.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'gateway.bin' }));
    check.destroy();
    if (ContentLength !== BYTES) throw new Error(`the copy holds ${ContentLength} bytes, not ${BYTES}`);
    const fastest = (runs: { seconds: number; cpu: number }[]) => runs.reduce((best, run) => (run.seconds < best.seconds ? run : best));
    const sdk = fastest(sdkRuns);
    const through = fastest(gatewayRuns);
    const gib = BYTES / (1024 * MiB);
    const mibps = (seconds: number) => (BYTES / MiB / seconds).toFixed(0);
    const perGiB = (runs: { cpu: number }[]) => (Math.min(...runs.map((run) => run.cpu)) / gib).toFixed(1);
    console.log(`\nCross-store copy of ${(BYTES / MiB).toFixed(0)} MiB, ${from.name} to ${to.name}, Node ${process.version}\n`);
    console.log(
      '| stores | SDK read+write MiB/s | gateway copyObject MiB/s | throughput ratio | SDK CPU s/GiB | gateway CPU s/GiB | gateway RSS at start MiB | gateway peak RSS MiB |',
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
    console.log(
      `| ${from.name} → ${to.name} | ${mibps(sdk.seconds)} | ${mibps(through.seconds)} | **${(sdk.seconds / through.seconds).toFixed(2)}** | ${perGiB(sdkRuns)} | ${perGiB(gatewayRuns)} | ${started.toFixed(0)} | ${peak.toFixed(0)} |`,
    );
  } finally {
    gateway.stop();
  }
} finally {
  await Promise.all(stores.map((store) => store.stop()));
  await rm(scratch, { recursive: true, force: true });
}
