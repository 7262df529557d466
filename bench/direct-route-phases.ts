/**
 * The gateway's CPU for each phase of the direct route (issue 13), warm, averaged over repeated calls: what
 * createMultipartUpload, signUploadParts (16 URLs, a 1 GiB upload's) and completeMultipartUpload (16 parts) cost it, and
 * a bare GraphQL request beside them. The parts are sent by the benchmark with the SDK, so the gateway only signs,
 * checks and completes.
 *
 *   npm run build && BENCH_STORES=embedded tsx bench/direct-route-phases.ts
 *   BENCH_CPU_PROF=/tmp/profiles tsx bench/direct-route-phases.ts   # and the gateway's --cpu-prof profile
 */
import { CreateBucketCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import { cephStore, cpuSeconds, embeddedStore, graphql, s3Client, startGatewayProcess } from './stores.js';

const STORES = (process.env.BENCH_STORES ?? 'embedded').split(',');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const BUCKET = 'bench-direct-phases';
const GiB = 1024 * 1024 * 1024;
const PARTS = 16;
const PART = Buffer.alloc(5 * 1024 * 1024, 7);

const createUpload = (url: string, key: string) =>
  graphql<{ createMultipartUpload: { upload: { uploadId: string } } }>(
    url,
    'mutation($input: CreateMultipartUploadInput!) { createMultipartUpload(input: $input) { success upload { uploadId partSize } } }',
    { input: { bucket: BUCKET, key, size: GiB } },
  ).then((data) => data.createMultipartUpload.upload.uploadId);

const partNumbers = Array.from({ length: PARTS }, (_, index) => index + 1);

for (const name of STORES) {
  const store = name === 'ceph' ? await cephStore() : await embeddedStore();
  const s3 = s3Client(store);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET })).catch(() => undefined);
  const profile = process.env.BENCH_CPU_PROF;
  const gateway = await startGatewayProcess(
    store.endpoint,
    store,
    { MAX_UPLOAD_BYTES: String(2 * GiB) },
    profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profile}`],
  );
  try {
    /** The gateway's CPU milliseconds per call of `work`, after as many untimed calls to warm it. */
    const perCall = async (work: (round: number) => Promise<unknown>, rounds = ROUNDS): Promise<number> => {
      for (let round = 0; round < Math.min(rounds, 10); round++) await work(round);
      const before = await cpuSeconds(gateway.pid);
      for (let round = 0; round < rounds; round++) await work(round);
      return (((await cpuSeconds(gateway.pid)) - before) * 1000) / rounds;
    };
    const bare = await perCall(() => graphql(gateway.url, '{ __typename }'), ROUNDS * 4);
    const create = await perCall((round) => createUpload(gateway.url, `create-${round}.bin`));
    const uploadId = await createUpload(gateway.url, 'sign.bin');
    const sign = await perCall(() =>
      graphql(
        gateway.url,
        'mutation($input: SignUploadPartsInput!) { signUploadParts(input: $input) { success parts { partNumber url } } }',
        { input: { bucket: BUCKET, key: 'sign.bin', uploadId, partNumbers } },
      ),
    );
    // Each completion needs an upload of its own with its parts sent; only the completion itself is counted.
    const completeRounds = Math.max(4, ROUNDS / 8);
    let completeCpu = 0;
    for (let round = 0; round < completeRounds + 2; round++) {
      const key = `complete-${round}.bin`;
      const id = await createUpload(gateway.url, key);
      const parts = await Promise.all(
        partNumbers.map(async (partNumber) => {
          const { ETag = '' } = await s3.send(
            new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId: id, PartNumber: partNumber, Body: PART }),
          );
          return { partNumber, eTag: ETag };
        }),
      );
      const before = await cpuSeconds(gateway.pid);
      await graphql(
        gateway.url,
        'mutation($input: CompleteMultipartUploadInput!) { completeMultipartUpload(input: $input) { success error { code message } object { size } } }',
        { input: { bucket: BUCKET, key, uploadId: id, parts } },
      );
      // The first two warm the gateway.
      if (round >= 2) completeCpu += (await cpuSeconds(gateway.pid)) - before;
    }
    const complete = (completeCpu * 1000) / completeRounds;
    console.log(
      `${store.name}: gateway CPU ms per call: bare request ${bare.toFixed(2)}, createMultipartUpload ${create.toFixed(2)}, ` +
        `signUploadParts (${PARTS} URLs) ${sign.toFixed(2)}, completeMultipartUpload (${PARTS} parts) ${complete.toFixed(2)}; ` +
        `one 1 GiB upload of ${PARTS} parts: ${((create + sign + complete) / 1000).toFixed(3)} s`,
    );
  } finally {
    gateway.stop();
    s3.destroy();
    await store.stop();
  }
}
