/**
 * Large transfers through the gateway against the AWS SDK used directly, in one run, on the embedded store and on
 * Ceph RGW: speed ratios and the gateway's peak resident memory (VmHWM), with graphql-yoga's own File upload beside;
 * and the direct route (parts PUT to URLs the gateway signed) against lib-storage, with the gateway's CPU per GiB.
 *
 *   npm run bench:transfer                                  # 1 GiB, both stores (Ceph needs root)
 *   BENCH_BYTES=268435456 BENCH_STORES=embedded npm run bench:transfer
 */
import { spawn } from 'node:child_process';
import { createReadStream, openAsBlob } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get as httpGet, request as httpRequest } from 'node:http';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import {
  cephStore,
  cpuSeconds,
  embeddedStore,
  firstLine,
  graphql,
  npmStartArguments,
  ownCpuSeconds,
  root,
  rssMiB,
  s3Client,
  startGatewayProcess,
  type Store,
} from './stores.js';

const BYTES = Number(process.env.BENCH_BYTES ?? 1024 * 1024 * 1024);
const STORES = (process.env.BENCH_STORES ?? 'embedded,ceph').split(',');
const BUCKET = 'bench-transfer';
const MiB = 1024 * 1024;

/** The CPU seconds `work` costs a process, by `cpu` read before and after. */
async function cpuOf(cpu: () => number | Promise<number>, work: () => Promise<unknown>): Promise<number> {
  const before = await cpu();
  await work();
  return (await cpu()) - before;
}

async function timed(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

async function makeFile(directory: string): Promise<string> {
  const path = join(directory, 'payload.bin');
  const file = await open(path, 'w');
  const chunk = Buffer.alloc(8 * MiB);
  for (let written = 0; written < BYTES; written += chunk.length) {
    chunk.fill(written % 251);
    await file.write(chunk, 0, Math.min(chunk.length, BYTES - written));
  }
  await file.close();
  return path;
}

/** A GraphQL multipart request streamed from the file with node:http, as the direct upload streams it with the SDK. */
async function uploadThroughGateway(url: string, path: string, key: string): Promise<void> {
  const query = `mutation($file: Upload!) { putObject(input: { bucket: "${BUCKET}", key: "${key}", file: $file, size: ${BYTES} }) { success error { message } } }`;
  const boundary = 'bench-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${JSON.stringify({ query, variables: { file: null } })}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.file"]}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="payload.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const answer = await new Promise<string>((resolve, reject) => {
    const request = httpRequest(url, {
      method: 'POST',
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': head.length + BYTES + tail.length,
        'graphql-require-preflight': '1',
      },
    });
    request.on('response', (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve(body));
    });
    request.on('error', reject);
    request.write(head);
    createReadStream(path)
      .on('end', () => request.end(tail))
      .pipe(request, { end: false });
  });
  const body = JSON.parse(answer) as { data?: { putObject: { success: boolean } } };
  if (body.data?.putObject.success !== true) throw new Error(`gateway upload failed: ${answer}`);
}

/** PUTs bytes [start, end) of the file to a presigned URL with node:http, and answers the part's ETag. */
function putPart(url: string, path: string, start: number, end: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'PUT', headers: { 'content-length': end - start } });
    request.on('response', (response) => {
      response.resume();
      const eTag = response.headers.etag;
      if (response.statusCode === 200 && eTag !== undefined) response.on('end', () => resolve(eTag));
      else reject(new Error(`part PUT answered ${response.statusCode}`));
    });
    request.on('error', reject);
    createReadStream(path, { start, end: end - 1 }).pipe(request);
  });
}

/**
 * The direct route as a browser takes it: createMultipartUpload, signUploadParts, the parts PUT straight to the store by
 * plain HTTP, as many at once as lib-storage sends (queueSize), then completeMultipartUpload.
 */
async function uploadDirectRoute(url: string, path: string, key: string, parallel: number): Promise<void> {
  const { createMultipartUpload } = await graphql<{
    createMultipartUpload: { success: boolean; upload: { uploadId: string; partSize: number } };
  }>(
    url,
    'mutation($input: CreateMultipartUploadInput!) { createMultipartUpload(input: $input) { success upload { uploadId partSize } } }',
    {
      input: { bucket: BUCKET, key, size: BYTES },
    },
  );
  const { uploadId, partSize } = createMultipartUpload.upload;
  const partNumbers = Array.from({ length: Math.ceil(BYTES / partSize) }, (_, index) => index + 1);
  const signed: { partNumber: number; url: string }[] = [];
  // signUploadParts signs at most 100 parts a call.
  for (let first = 0; first < partNumbers.length; first += 100) {
    const { signUploadParts } = await graphql<{ signUploadParts: { parts: { partNumber: number; url: string }[] } }>(
      url,
      'mutation($input: SignUploadPartsInput!) { signUploadParts(input: $input) { success parts { partNumber url } } }',
      { input: { bucket: BUCKET, key, uploadId, partNumbers: partNumbers.slice(first, first + 100) } },
    );
    signed.push(...signUploadParts.parts);
  }
  const queue = [...signed];
  const parts: { partNumber: number; eTag: string }[] = [];
  const worker = async () => {
    for (let part = queue.shift(); part !== undefined; part = queue.shift()) {
      const start = (part.partNumber - 1) * partSize;
      parts.push({ partNumber: part.partNumber, eTag: await putPart(part.url, path, start, Math.min(start + partSize, BYTES)) });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  parts.sort((a, b) => a.partNumber - b.partNumber);
  const { completeMultipartUpload } = await graphql<{ completeMultipartUpload: { success: boolean; object: { size: number } | null } }>(
    url,
    'mutation($input: CompleteMultipartUploadInput!) { completeMultipartUpload(input: $input) { success error { code message } object { size } } }',
    { input: { bucket: BUCKET, key, uploadId, parts } },
  );
  if (completeMultipartUpload.object?.size !== BYTES) throw new Error(`direct route completed ${JSON.stringify(completeMultipartUpload)}`);
}

/**
 * The direct SDK reader in a process of its own with npm start's node flags, as the gateway runs (bench/direct-reader.mjs):
 * read in this process, its CPU moved between 0.5 and 1.9 s a GiB with what the bench had done before.
 */
async function readDirectly(store: Store, key: string): Promise<{ seconds: number; cpuSeconds: number }> {
  const flags = (await npmStartArguments()).filter((argument) => argument.startsWith('--'));
  const child = spawn(process.execPath, [...flags, 'bench/direct-reader.mjs', store.endpoint, BUCKET, key], {
    cwd: root,
    env: { ...process.env, AWS_ACCESS_KEY_ID: store.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: store.credentials.secretAccessKey },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const read = JSON.parse(await firstLine(child, /^\{/)) as { bytes: number; seconds: number; cpuSeconds: number };
  if (read.bytes !== BYTES) throw new Error(`short direct download: ${read.bytes} bytes`);
  return read;
}

/** Reads a download to its end with node:http, as the SDK reads GetObject. */
function downloadThroughGateway(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    httpGet(url, (response) => {
      drain(response).then(resolve, reject);
    }).on('error', reject);
  });
}

async function drain(stream: AsyncIterable<Uint8Array>): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream) bytes += chunk.length;
  return bytes;
}

/** graphql-yoga's built-in multipart handling, for comparison: it hands resolvers a File it has buffered. */
async function yogaFileUploadPeakMiB(path: string): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/yoga-file-upload.ts'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await firstLine(child);
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: 'mutation($file: File!) { upload(file: $file) }', variables: { file: null } }));
  form.append('map', JSON.stringify({ 0: ['variables.file'] }));
  form.append('0', await openAsBlob(path), 'payload.bin');
  const response = await fetch(url, { method: 'POST', body: form });
  await response.text();
  const peak = await rssMiB(child.pid, 'VmHWM');
  child.kill();
  return peak;
}

/** lib-storage's parts in flight; the direct route sends as many. */
const QUEUE_SIZE = 4;

async function benchStore(store: Store, path: string): Promise<{ rows: string[]; directRoute: string }> {
  const s3 = s3Client(store);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET })).catch(() => undefined);
  const gateway = await startGatewayProcess(store.endpoint, store, { MAX_UPLOAD_BYTES: String(BYTES * 2) });
  try {
    let directUp = 0;
    const directUpCpu = await cpuOf(ownCpuSeconds, async () => {
      directUp = await timed(async () => {
        await new Upload({
          client: s3,
          params: { Bucket: BUCKET, Key: 'direct.bin', Body: createReadStream(path) },
          partSize: 8 * MiB,
          queueSize: QUEUE_SIZE,
        }).done();
      });
    });
    // One untimed run first: the gateway's first operations compile (graphql-jit, V8) once per process, not per GiB.
    await uploadDirectRoute(gateway.url, path, 'signed-parts.bin', QUEUE_SIZE);
    const cpuBefore = await cpuSeconds(gateway.pid);
    const directRouteUp = await timed(() => uploadDirectRoute(gateway.url, path, 'signed-parts.bin', QUEUE_SIZE));
    const cpuPerGiB = ((await cpuSeconds(gateway.pid)) - cpuBefore) / (BYTES / (1024 * MiB));
    let gatewayUp = 0;
    const gatewayCpu = () => cpuSeconds(gateway.pid);
    const gatewayUpCpu = await cpuOf(
      gatewayCpu,
      async () => (gatewayUp = await timed(() => uploadThroughGateway(gateway.url, path, 'through.bin'))),
    );
    const uploadPeak = await rssMiB(gateway.pid, 'VmHWM');

    // Both read the same object, three times each and alternating, so that neither pays alone for a cold cache or a cold JIT.
    // CPU: each its own process's (the gateway's client's reading is not counted).
    const directCpus: number[] = [];
    const gatewayCpus: number[] = [];
    const directDownload = async () => {
      const { seconds, cpuSeconds } = await readDirectly(store, 'through.bin');
      directCpus.push(cpuSeconds);
      return seconds;
    };
    const gatewayDownload = async () => {
      let seconds = 0;
      gatewayCpus.push(
        await cpuOf(gatewayCpu, async () => {
          seconds = await timed(async () => {
            if ((await downloadThroughGateway(`${new URL(gateway.url).origin}/objects/${BUCKET}/through.bin`)) !== BYTES) {
              throw new Error('short gateway download');
            }
          });
        }),
      );
      return seconds;
    };
    const directTimes: number[] = [];
    const gatewayTimes: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      directTimes.push(await directDownload());
      gatewayTimes.push(await gatewayDownload());
    }
    const directDown = Math.min(...directTimes);
    const gatewayDown = Math.min(...gatewayTimes);
    const gib = BYTES / (1024 * MiB);
    const cpuColumns = (direct: number, gateway: number) =>
      `${(direct / gib).toFixed(2)} | ${(gateway / gib).toFixed(2)} | **${(gateway / direct).toFixed(2)}**`;
    const downloadPeak = await rssMiB(gateway.pid, 'VmHWM');
    const mibps = (seconds: number) => (BYTES / MiB / seconds).toFixed(0);
    return {
      rows: [
        `| ${store.name} | upload | ${mibps(directUp)} | ${mibps(gatewayUp)} | **${(directUp / gatewayUp).toFixed(2)}** | ${cpuColumns(directUpCpu, gatewayUpCpu)} | ${uploadPeak.toFixed(0)} |`,
        `| ${store.name} | download | ${mibps(directDown)} | ${mibps(gatewayDown)} | **${(directDown / gatewayDown).toFixed(2)}** | ${cpuColumns(Math.min(...directCpus), Math.min(...gatewayCpus))} | ${downloadPeak.toFixed(0)} |`,
      ],
      directRoute: `| ${store.name} | ${mibps(directUp)} | ${mibps(directRouteUp)} | **${(directUp / directRouteUp).toFixed(2)}** | ${cpuPerGiB.toFixed(3)} |`,
    };
  } finally {
    gateway.stop();
    s3.destroy();
  }
}

const scratch = await mkdtemp(join(tmpdir(), 'bench-transfer-'));
try {
  const path = await makeFile(scratch);
  const rows: string[] = [];
  const directRouteRows: string[] = [];
  for (const name of STORES) {
    const store = name === 'ceph' ? await cephStore() : await embeddedStore();
    try {
      const measured = await benchStore(store, path);
      rows.push(...measured.rows);
      directRouteRows.push(measured.directRoute);
      console.error([...measured.rows, measured.directRoute].join('\n'));
    } finally {
      await store.stop();
    }
  }
  const yogaPeak = await yogaFileUploadPeakMiB(path);
  console.log(`Transfer of ${(BYTES / MiB).toFixed(0)} MiB, Node ${process.version}\n`);
  console.log(
    '| store | direction | direct MiB/s | gateway MiB/s | speed ratio | direct CPU s/GiB | gateway CPU s/GiB | CPU ratio | gateway peak RSS MiB |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  console.log(rows.join('\n'));
  console.log(`\nThe direct route: parts PUT to signed URLs by plain HTTP, ${QUEUE_SIZE} at once, against lib-storage's Upload.\n`);
  console.log('| store | lib-storage MiB/s | signed parts MiB/s | throughput ratio | gateway CPU s per GiB |');
  console.log('| --- | --- | --- | --- | --- |');
  console.log(directRouteRows.join('\n'));
  console.log(`\ngraphql-yoga's built-in File upload of the same file: peak RSS ${yogaPeak.toFixed(0)} MiB.`);
} finally {
  await rm(scratch, { recursive: true, force: true });
}
