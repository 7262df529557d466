import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { SignJWT } from 'jose';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hashApiKey } from '../../../src/auth/authenticate.js';
import { loadConfig } from '../../../src/config.js';
import { EMBEDDED_CREDENTIALS, startEmbeddedStore, type EmbeddedStore } from '../../../src/embedded-store/start.js';
import { startGateway, type RunningGateway } from '../../../src/gateway.js';
import { startS3Proxy, type S3Proxy } from '../../support/s3-proxy.js';
import { postGraphQL, uniqueBucketName, type GraphQLResponse } from '../../support/stack.js';

/**
 * Two stores in one graph: the embedded store ("local", the default) and a second one, which is Ceph RGW in the Ceph run
 * (E2E_S3_ENDPOINT, scripts/test-ceph.sh) and a second embedded store otherwise. Each is reached through a proxy that
 * counts its S3 requests and can stop it.
 */

const MiB = 1024 * 1024;
// REQUEST_TIMEOUT_SECONDS of the gateway that tests the deadline of long copies.
const DEADLINE_SECONDS = 4;
const JWT_SECRET = 'e2e-stores-jwt-secret-of-at-least-32-chars';
const JWT_ISSUER = 'https://id.example.test';
const API_KEY = `s3gw_${randomBytes(16).toString('hex')}`;
const region = process.env.E2E_S3_REGION ?? 'us-east-1';
const external = process.env.E2E_S3_ENDPOINT;

let directory: string;
const embedded: EmbeddedStore[] = [];
let localProxy: S3Proxy;
let secondProxy: S3Proxy;
let gateway: RunningGateway;
let guarded: RunningGateway;
let deadlined: RunningGateway;
const clients: Record<'local' | 'second', S3Client> = {} as Record<'local' | 'second', S3Client>;
const buckets: Record<'local' | 'second', string> = { local: uniqueBucketName('local'), second: uniqueBucketName('second') };
type StoreName = keyof typeof buckets;

const client = (endpoint: string, credentials = EMBEDDED_CREDENTIALS as { accessKeyId: string; secretAccessKey: string } | undefined) =>
  new S3Client({
    region,
    endpoint,
    forcePathStyle: true,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 's3gw-stores-'));
  const local = await startEmbeddedStore({ directory: join(directory, 'local'), buckets: [], port: 0 });
  embedded.push(local);
  let secondEndpoint = external;
  if (secondEndpoint === undefined) {
    const second = await startEmbeddedStore({ directory: join(directory, 'second'), buckets: [], port: 0 });
    embedded.push(second);
    secondEndpoint = second.endpoint;
  }
  // The Ceph run exports the store's keys (scripts/test-ceph.sh); the embedded store's are public.
  const secondKeys = {
    E2E_SECOND_KEY_ID: external === undefined ? EMBEDDED_CREDENTIALS.accessKeyId : (process.env.AWS_ACCESS_KEY_ID ?? ''),
    E2E_SECOND_SECRET: external === undefined ? EMBEDDED_CREDENTIALS.secretAccessKey : (process.env.AWS_SECRET_ACCESS_KEY ?? ''),
  };
  localProxy = await startS3Proxy(local.endpoint);
  secondProxy = await startS3Proxy(secondEndpoint);
  clients.local = client(local.endpoint);
  clients.second = client(secondEndpoint, { accessKeyId: secondKeys.E2E_SECOND_KEY_ID, secretAccessKey: secondKeys.E2E_SECOND_SECRET });
  await clients.local.send(new CreateBucketCommand({ Bucket: buckets.local }));
  await clients.second.send(new CreateBucketCommand({ Bucket: buckets.second }));

  // The shape of the issue, as deployment tools write it, plus the second store's keys named by environment variables.
  const storesFile = join(directory, 'stores.yaml');
  await writeFile(
    storesFile,
    `stores:
  - name: local
    endpoint: ${localProxy.endpoint}
    region: us-east-1
    forcePathStyle: true
    default: true
    credentials:
      accessKeyId: ${EMBEDDED_CREDENTIALS.accessKeyId}
      secretAccessKey: ${EMBEDDED_CREDENTIALS.secretAccessKey}
  - name: second
    endpoint: ${secondProxy.endpoint}
    region: ${region}
    credentials:
      accessKeyIdEnv: E2E_SECOND_KEY_ID
      secretAccessKeyEnv: E2E_SECOND_SECRET
    connectTimeoutSeconds: 2
`,
  );
  const policyFile = join(directory, 'policy.yaml');
  await writeFile(
    policyFile,
    `principals:
  - name: users
    jwtRoles: [user]
    grants:
      - stores: [second]
        buckets: ["*"]
        prefixes: ["users/\${sub}/"]
        actions: [list, read, write, delete]
  - name: local-reader
    apiKeys: ["sha256:${hashApiKey(API_KEY)}"]
    grants:
      - stores: [local]
        buckets: ["*"]
        actions: [list, read]
`,
  );
  const env = { PORT: '0', LOG_LEVEL: 'error', STORES_FILE: storesFile, ...secondKeys };
  gateway = await startGateway(loadConfig(env));
  guarded = await startGateway(
    loadConfig({ ...env, AUTH_POLICY_FILE: policyFile, JWT_SECRET, JWT_ISSUER, JWT_AUDIENCE: 's3-graphql-gateway' }),
  );
  // A deadline far shorter than a slow copy, and S3 requests allowed to wait longer than it: the deadline is what stops them.
  deadlined = await startGateway(
    loadConfig({ ...env, REQUEST_TIMEOUT_SECONDS: String(DEADLINE_SECONDS), S3_REQUEST_TIMEOUT_SECONDS: '120', S3_MAX_ATTEMPTS: '1' }),
  );
}, 60_000);

afterAll(async () => {
  await Promise.all([gateway.close(), guarded.close(), deadlined.close()]);
  for (const store of ['local', 'second'] as const) {
    const s3 = clients[store];
    const bucket = buckets[store];
    for (;;) {
      const { Contents = [] } = await s3.send(new ListObjectsV2Command({ Bucket: bucket })).catch(() => ({ Contents: [] }));
      if (Contents.length === 0) break;
      await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: Contents.map(({ Key }) => ({ Key })) } }));
    }
    await s3.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined);
    s3.destroy();
  }
  await Promise.all([localProxy.close(), secondProxy.close(), ...embedded.map((store) => store.close())]);
  await rm(directory, { recursive: true, force: true });
});

const graphql = <T>(query: string, variables?: Record<string, unknown>) => postGraphQL<T>(gateway.url, query, variables);
/** Runs the mutation `field(input:)`, whose input type is named after it, and answers its success and error. */
async function payloadOf(field: string, input: Record<string, unknown>): Promise<Payload | undefined> {
  const inputType = `${field.charAt(0).toUpperCase()}${field.slice(1)}Input`;
  const answer = await graphql<Record<string, Payload>>(
    `mutation ($input: ${inputType}!) { ${field}(input: $input) { success error { code message } } }`,
    { input },
  );
  return answer.data?.[field];
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function read(store: StoreName, key: string): Promise<Buffer | undefined> {
  try {
    const { Body } = await clients[store].send(new GetObjectCommand({ Bucket: buckets[store], Key: key }));
    return Buffer.from(await (Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
  } catch {
    return undefined;
  }
}

async function keys(store: StoreName, prefix: string): Promise<string[]> {
  const found: string[] = [];
  let token: string | undefined;
  do {
    const page = await clients[store].send(new ListObjectsV2Command({ Bucket: buckets[store], Prefix: prefix, ContinuationToken: token }));
    found.push(...(page.Contents ?? []).map(({ Key = '' }) => Key));
    token = page.NextContinuationToken;
  } while (token !== undefined);
  return found;
}

async function put(store: StoreName, key: string, body: Buffer): Promise<void> {
  await clients[store].send(new PutObjectCommand({ Bucket: buckets[store], Key: key, Body: body, ContentType: 'application/x-test' }));
}

interface Payload {
  success: boolean;
  error: { code: string; message: string } | null;
}
interface Job {
  id: string;
  state: string;
  succeeded: number;
  failed: number;
  store: string | null;
  destinationStore: string | null;
  error: { code: string; message: string } | null;
}

const TRANSFER = (verb: 'copy' | 'move') => `mutation ($input: ${verb === 'copy' ? 'Copy' : 'Move'}ObjectInput!) {
  result: ${verb}Object(input: $input) { success error { code message } object { key size bucket { name store { name } } } }
}`;
const TRANSFER_PREFIX = (verb: 'copy' | 'move') => `mutation ($input: ${verb === 'copy' ? 'Copy' : 'Move'}PrefixInput!) {
  result: ${verb}Prefix(input: $input) { success error { code message } job { id state succeeded failed store destinationStore error { code message } } }
}`;
const JOB = `query ($id: ID!) { job(id: $id) { id state succeeded failed store destinationStore error { code message } } }`;

/** Follows a job to its end: a prefix of many objects can take longer than one request may (REQUEST_TIMEOUT_SECONDS). */
async function finished(id: string): Promise<Job | undefined> {
  for (;;) {
    const job = (await graphql<{ job: Job }>(JOB, { id })).data?.job;
    if (job === undefined || job.state !== 'RUNNING') return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('several stores in one graph', () => {
  it('lists both stores and the buckets of each, and says which store a bucket is in', async () => {
    const answer = await graphql<{
      stores: { name: string; default: boolean; reachable: boolean; buckets: { name: string; store: { name: string } }[] }[];
    }>(`
      {
        stores {
          name
          default
          reachable
          buckets {
            name
            store {
              name
            }
          }
        }
      }
    `);
    expect(answer.errors).toBeUndefined();
    const stores = answer.data?.stores ?? [];
    expect(stores.map(({ name, default: isDefault, reachable }) => ({ name, isDefault, reachable }))).toEqual([
      { name: 'local', isDefault: true, reachable: true },
      { name: 'second', isDefault: false, reachable: true },
    ]);
    expect(stores[0]?.buckets).toContainEqual({ name: buckets.local, store: { name: 'local' } });
    expect(stores[1]?.buckets).toContainEqual({ name: buckets.second, store: { name: 'second' } });
    expect(stores[0]?.buckets.map(({ name }) => name)).not.toContain(buckets.second);

    // Omitted, `store` is the default store: every existing query keeps its meaning.
    const plain = await graphql<{ buckets: { name: string }[] }>(`
      {
        buckets {
          name
        }
      }
    `);
    expect(plain.data?.buckets.map(({ name }) => name)).toContain(buckets.local);
    expect(plain.data?.buckets.map(({ name }) => name)).not.toContain(buckets.second);
  });

  it('writes and reads in each store, and names the known stores for an unknown one', async () => {
    for (const store of ['local', 'second'] as const) {
      const written = await payloadOf('putObject', { store, bucket: buckets[store], key: `rw/${store}.txt`, text: `hello ${store}` });
      expect(written).toEqual({ success: true, error: null });
      const got = await graphql<{ getObject: { text: string; gatewayUrl: string } | null }>(
        `
          query ($store: String, $bucket: String!, $key: String!) {
            getObject(store: $store, bucket: $bucket, key: $key) {
              text
              gatewayUrl
            }
          }
        `,
        { store, bucket: buckets[store], key: `rw/${store}.txt` },
      );
      expect(got.data?.getObject?.text).toBe(`hello ${store}`);
      // The gateway's download route reaches the same store.
      const downloaded = await fetch(got.data?.getObject?.gatewayUrl ?? '');
      expect(await downloaded.text()).toBe(`hello ${store}`);
      expect((await read(store, `rw/${store}.txt`))?.toString()).toBe(`hello ${store}`);
    }
    const listed = await graphql<{ bucket: { objects: { edges: { node: { key: string; gatewayUrl: string } }[] } } }>(
      `
        query ($bucket: String!) {
          bucket(store: "second", name: $bucket) {
            objects(prefix: "rw/") {
              edges {
                node {
                  key
                  gatewayUrl
                }
              }
            }
          }
        }
      `,
      { bucket: buckets.second },
    );
    expect(listed.data?.bucket.objects.edges.map(({ node }) => node.key)).toEqual(['rw/second.txt']);
    expect(listed.data?.bucket.objects.edges[0]?.node.gatewayUrl).toContain('?store=second');

    const unknown = await graphql<{ deleteObject: Payload }>(`
      mutation {
        deleteObject(input: { store: "nowhere", bucket: "b", key: "k" }) {
          success
          error {
            code
            message
          }
        }
      }
    `);
    expect(unknown.data?.deleteObject.error?.code).toBe('INVALID_INPUT');
    expect(unknown.data?.deleteObject.error?.message).toContain('"local", "second"');
  });

  it('runs the mutations added beside it (buckets, versioning, restores, folders, tags) in the store they name', async () => {
    const bucket = uniqueBucketName('third');
    localProxy.reset();
    secondProxy.reset();
    const created = await payloadOf('createBucket', { store: 'second', name: bucket });
    expect(created).toEqual({ success: true, error: null });
    const versioning = await payloadOf('setBucketVersioning', { store: 'second', bucket, enabled: true });
    const restored = await payloadOf('restorePrefix', {
      store: 'second',
      bucket,
      prefix: '',
      at: new Date(Date.now() - 1000).toISOString(),
    });
    // The embedded store keeps no versions (NOT_SUPPORTED); Ceph does: either way the second store was asked.
    for (const payload of [versioning, restored]) expect(payload?.success === true || payload?.error?.code === 'NOT_SUPPORTED').toBe(true);
    const folder = await payloadOf('createFolder', { store: 'second', bucket, prefix: 'made-here/' });
    expect(folder).toEqual({ success: true, error: null });
    const tagged = await payloadOf('setObjectTags', { store: 'second', bucket, key: 'made-here/', tags: [{ key: 'team', value: 'blue' }] });
    expect(tagged?.success === true || tagged?.error?.code === 'NOT_SUPPORTED').toBe(true);
    const deleted = await payloadOf('deleteBucket', { store: 'second', name: bucket, emptyFirst: true });
    expect(deleted).toEqual({ success: true, error: null });
    expect(secondProxy.operations).toEqual(expect.arrayContaining(['PUT bucket', 'DELETE bucket']));
    expect(localProxy.operations).toEqual([]);
  }, 60_000);

  for (const [from, to] of [
    ['local', 'second'],
    ['second', 'local'],
  ] as const) {
    it(`copies and moves 0 bytes, 1 byte, 20 MiB (4 whole parts) and 7 MiB and a byte from ${from} to ${to}, verified, metadata kept`, async () => {
      for (const size of [0, 1, 20 * MiB, 7 * MiB + 1]) {
        const content = randomBytes(size);
        const key = `across/${from}-${size}.bin`;
        await put(from, key, content);
        const copied = await graphql<{ result: Payload & { object: { size: number; bucket: { store: { name: string } } } } }>(
          TRANSFER('copy'),
          {
            input: {
              store: from,
              bucket: buckets[from],
              key,
              destinationStore: to,
              destinationBucket: buckets[to],
              destinationKey: `copied/${key}`,
            },
          },
        );
        expect(copied.data?.result).toMatchObject({ success: true, object: { size, bucket: { store: { name: to } } } });
        expect(sha256((await read(to, `copied/${key}`)) ?? Buffer.alloc(0))).toBe(sha256(content));
        expect(await read(from, key)).toBeDefined();

        const moved = await graphql<{ result: Payload }>(TRANSFER('move'), {
          input: {
            store: from,
            bucket: buckets[from],
            key,
            destinationStore: to,
            destinationBucket: buckets[to],
            destinationKey: `moved/${key}`,
          },
        });
        expect(moved.data?.result).toMatchObject({ success: true, error: null });
        expect(sha256((await read(to, `moved/${key}`)) ?? Buffer.alloc(0))).toBe(sha256(content));
        expect(await read(from, key)).toBeUndefined();
      }
      const details = await graphql<{ object: { contentType: string } }>(
        `query ($store: String, $bucket: String!) { object(store: $store, bucket: $bucket, key: "moved/across/${from}-1.bin") { contentType } }`,
        { store: to, bucket: buckets[to] },
      );
      expect(details.data?.object.contentType).toBe('application/x-test');
    }, 120_000);
  }

  it('leaves no partial object, nor a pending multipart upload, when the source breaks off half-way', async () => {
    const key = 'broken/source.bin';
    await put('local', key, randomBytes(20 * MiB));
    localProxy.inject({ fault: { kind: 'reset-response', afterBytes: 12 * MiB }, operation: 'GetObject', times: 1 });
    const copied = await graphql<{ result: Payload }>(TRANSFER('copy'), {
      input: { bucket: buckets.local, key, destinationStore: 'second', destinationBucket: buckets.second },
    });
    localProxy.clearFaults();
    expect(copied.data?.result.success).toBe(false);
    expect(copied.data?.result.error?.code).toBe('S3_UNAVAILABLE');
    expect(copied.data?.result.error?.message).toContain('"local"');
    expect(await read('second', key)).toBeUndefined();
    const { Uploads = [] } = await clients.second.send(new ListMultipartUploadsCommand({ Bucket: buckets.second, Prefix: 'broken/' }));
    expect(Uploads).toEqual([]);
  }, 60_000);

  it('moves nothing when a part reaches the destination damaged: no object there, no pending upload, the source kept', async () => {
    const key = 'damaged/source.bin';
    const content = randomBytes(12 * MiB);
    await put('local', key, content);
    secondProxy.inject({ fault: { kind: 'corrupt-request' }, operation: 'UploadPart', times: 1 });
    const moved = await graphql<{ result: Payload }>(TRANSFER('move'), {
      input: { bucket: buckets.local, key, destinationStore: 'second', destinationBucket: buckets.second },
    });
    secondProxy.clearFaults();
    expect(moved.data?.result.success).toBe(false);
    // A store that checks Content-MD5 refuses the part (BadDigest); the embedded store does not, and the gateway's
    // verification of what was stored finds the difference.
    if (external === undefined) expect(moved.data?.result.error?.code).toBe('PRECONDITION_FAILED');
    else expect(['INVALID_INPUT', 'PRECONDITION_FAILED']).toContain(moved.data?.result.error?.code);
    expect(await read('second', key)).toBeUndefined();
    const { Uploads = [] } = await clients.second.send(new ListMultipartUploadsCommand({ Bucket: buckets.second, Prefix: 'damaged/' }));
    expect(Uploads).toEqual([]);
    expect(sha256((await read('local', key)) ?? Buffer.alloc(0))).toBe(sha256(content));
  }, 60_000);

  it('lets a copy between stores outlast REQUEST_TIMEOUT_SECONDS while it progresses, however slow the store', async () => {
    const content = randomBytes(40 * MiB);
    const key = 'slow/progressing.bin';
    await put('local', key, content);
    // Every request of the multipart upload (8 parts, 4 at a time) waits a quarter of the deadline: the copy takes longer
    // than the deadline, never half of it without a part stored.
    for (const operation of ['CreateMultipartUpload', 'UploadPart', 'CompleteMultipartUpload', 'HeadObject'])
      secondProxy.inject({ fault: { kind: 'latency', ms: (DEADLINE_SECONDS * 1000) / 4 }, operation });
    const started = performance.now();
    const copied = await postGraphQL<{ result: Payload }>(deadlined.url, TRANSFER('copy'), {
      input: { bucket: buckets.local, key, destinationStore: 'second', destinationBucket: buckets.second },
    });
    const seconds = (performance.now() - started) / 1000;
    secondProxy.clearFaults();
    expect(copied.errors).toBeUndefined();
    expect(copied.data?.result).toMatchObject({ success: true, error: null });
    expect(seconds).toBeGreaterThan(DEADLINE_SECONDS);
    expect(sha256((await read('second', key)) ?? Buffer.alloc(0))).toBe(sha256(content));

    // Back again: a source written in parts (its ETag the MD5 of its parts' MD5s) is verified by its parts' MD5s alone.
    const back = await graphql<{ result: Payload }>(TRANSFER('copy'), {
      input: {
        store: 'second',
        bucket: buckets.second,
        key,
        destinationStore: 'local',
        destinationBucket: buckets.local,
        destinationKey: 'slow/back.bin',
      },
    });
    expect(back.data?.result).toMatchObject({ success: true, error: null });
    expect(sha256((await read('local', 'slow/back.bin')) ?? Buffer.alloc(0))).toBe(sha256(content));
  }, 60_000);

  it('stops a move between stores that stalls past REQUEST_TIMEOUT_SECONDS: REQUEST_TIMEOUT, nothing at the destination, the source kept', async () => {
    const content = randomBytes(20 * MiB);
    const key = 'slow/stalling.bin';
    await put('local', key, content);
    // The source hangs once 12 MiB were read: two parts are uploaded, the multipart upload is open.
    localProxy.inject({ fault: { kind: 'stall-response', afterBytes: 12 * MiB }, operation: 'GetObject', times: 1 });
    secondProxy.reset();
    const moved = await postGraphQL<{ result: Payload }>(deadlined.url, TRANSFER('move'), {
      input: { bucket: buckets.local, key, destinationStore: 'second', destinationBucket: buckets.second },
    });
    localProxy.clearFaults();
    expect(moved.data ?? null).toBeNull();
    expect(moved.errors?.[0]?.extensions?.code).toBe('REQUEST_TIMEOUT');
    expect(secondProxy.operations).toContain('CreateMultipartUpload');
    // The answer comes as the deadline aborts the copy; the store hears of the aborted upload right after.
    await vi.waitFor(
      async () => {
        const { Uploads = [] } = await clients.second.send(
          new ListMultipartUploadsCommand({ Bucket: buckets.second, Prefix: 'slow/stalling' }),
        );
        expect(Uploads).toEqual([]);
      },
      { timeout: 30_000, interval: 200 },
    );
    expect(secondProxy.operations).not.toContain('CompleteMultipartUpload');
    expect(await read('second', key)).toBeUndefined();
    expect(sha256((await read('local', key)) ?? Buffer.alloc(0))).toBe(sha256(content));
  }, 60_000);

  it('keeps a write to the source that lands while a move between stores copies it', async () => {
    const key = 'raced/report.txt';
    const original = Buffer.from('the version that is moved');
    const newer = Buffer.from('written while the move was copying');
    await put('local', key, original);
    // The destination takes its time to store the copy: long enough for another client to write the source meanwhile.
    secondProxy.reset();
    secondProxy.inject({ fault: { kind: 'latency', ms: 1500 }, operation: 'PutObject', times: 1 });
    const moving = graphql<{ result: Payload }>(TRANSFER('move'), {
      input: { bucket: buckets.local, key, destinationStore: 'second', destinationBucket: buckets.second },
    });
    await vi.waitFor(() => expect(secondProxy.operations).toContain('PutObject'), { timeout: 10_000, interval: 20 });
    await put('local', key, newer);
    const moved = await moving;
    secondProxy.clearFaults();
    expect(moved.data?.result).toMatchObject({ success: true, error: null });
    expect(await read('second', key)).toEqual(original);
    expect(await read('local', key)).toEqual(newer);
  }, 60_000);

  it('refuses a versionId on a copy between stores (it copies the current version) with a typed error before any S3 request', async () => {
    localProxy.reset();
    secondProxy.reset();
    const refused = await graphql<{ result: Payload }>(TRANSFER('copy'), {
      input: { bucket: buckets.local, key: 'any.bin', versionId: 'v1', destinationStore: 'second', destinationBucket: buckets.second },
    });
    expect(refused.data).toBeUndefined();
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.message).toContain('versionId');
    expect([...localProxy.operations, ...secondProxy.operations]).toEqual([]);
  });

  it('moves a prefix of 1,000 objects between stores as a job', async () => {
    const limit = pLimit(16);
    await Promise.all(
      Array.from({ length: 1000 }, (_, index) =>
        limit(() => put('local', `many/${String(index).padStart(4, '0')}`, Buffer.from(`object ${index}`))),
      ),
    );
    const started = await graphql<{ result: Payload & { job: Job } }>(TRANSFER_PREFIX('move'), {
      input: { bucket: buckets.local, prefix: 'many/', destinationStore: 'second', destinationBucket: buckets.second, wait: false },
    });
    const moved = await finished(started.data?.result.job.id ?? '');
    expect(moved).toMatchObject({ state: 'SUCCEEDED', succeeded: 1000, failed: 0, store: null, destinationStore: 'second', error: null });
    expect(await keys('local', 'many/')).toEqual([]);
    const arrived = await keys('second', 'many/');
    expect(arrived).toHaveLength(1000);
    expect((await read('second', 'many/0999'))?.toString()).toBe('object 999');
  }, 180_000);

  it('stops a prefix move with an error naming the store that went away, loses nothing, and finishes when run again', async () => {
    const count = 300;
    const limit = pLimit(16);
    const keyOf = (index: number) => `halted/${String(index).padStart(3, '0')}`;
    await Promise.all(Array.from({ length: count }, (_, index) => limit(() => put('local', keyOf(index), Buffer.from(`halted ${index}`)))));
    const input = { bucket: buckets.local, prefix: 'halted/', destinationStore: 'second', destinationBucket: buckets.second, wait: false };
    secondProxy.reset();
    const started = await graphql<{ result: Payload & { job: Job } }>(TRANSFER_PREFIX('move'), { input });
    const id = started.data?.result.job.id ?? '';
    // The store goes away once some 30 objects have arrived there.
    while (secondProxy.answered.filter((operation) => operation === 'PutObject').length < 30)
      await new Promise((resolve) => setTimeout(resolve, 5));
    await secondProxy.stop();
    const job = await finished(id);
    const storesWhileDown = await graphql<{ stores: { name: string; reachable: boolean }[] }>(`
      {
        stores {
          name
          reachable
        }
      }
    `);
    const ready = await fetch(new URL('/ready', gateway.url));
    const readiness = (await ready.json()) as { ready: boolean; stores: { name: string; reachable: boolean; message?: string }[] };
    await secondProxy.start();

    expect(job?.state).toBe('FAILED');
    expect(job?.error?.code).toBe('S3_UNAVAILABLE');
    expect(job?.error?.message).toContain('"second"');
    // The other store stays usable: the gateway is ready, and says which store is not.
    expect(storesWhileDown.data?.stores).toEqual([
      { name: 'local', reachable: true },
      { name: 'second', reachable: false },
    ]);
    expect(ready.status).toBe(200);
    expect(readiness.stores.map(({ name, reachable }) => ({ name, reachable }))).toEqual([
      { name: 'local', reachable: true },
      { name: 'second', reachable: false },
    ]);
    expect(readiness.stores[1]?.message).toContain('"second"');

    // Nothing lost: each object is whole in one store or the other (or in both, when its source was not deleted yet).
    const atSource = new Set(await keys('local', 'halted/'));
    const atDestination = new Set(await keys('second', 'halted/'));
    for (let index = 0; index < count; index += 1) {
      const key = keyOf(index);
      expect(atSource.has(key) || atDestination.has(key)).toBe(true);
      if (!atSource.has(key)) expect((await read('second', key))?.toString()).toBe(`halted ${index}`);
    }
    expect(atSource.size).toBeGreaterThan(0);

    const again = await graphql<{ result: Payload & { job: Job } }>(TRANSFER_PREFIX('move'), { input });
    expect(await finished(again.data?.result.job.id ?? '')).toMatchObject({ state: 'SUCCEEDED', failed: 0, error: null });
    expect(await keys('local', 'halted/')).toEqual([]);
    expect(await keys('second', 'halted/')).toHaveLength(count);
  }, 180_000);
});

describe('policy across stores', () => {
  const asCaller = <T>(credential: string, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> =>
    fetch(guarded.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
      body: JSON.stringify({ query, variables }),
    }).then(async (response) => ({ status: response.status, ...((await response.json()) as object) }));
  const token = (sub: string) =>
    new SignJWT({ sub, roles: ['user'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(JWT_ISSUER)
      .setAudience('s3-graphql-gateway')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(JWT_SECRET));
  const PUT = `mutation ($input: PutObjectInput!) { putObject(input: $input) { success error { code message } } }`;

  it('gives each user a home prefix in the granted store only, and refuses the rest with zero S3 requests', async () => {
    const alice = await token('alice');
    const home = await asCaller<{ putObject: Payload }>(alice, PUT, {
      input: { store: 'second', bucket: buckets.second, key: 'users/alice/notes.txt', text: 'mine' },
    });
    expect(home.data?.putObject).toEqual({ success: true, error: null });

    localProxy.reset();
    secondProxy.reset();
    const refused = [
      // Another user's home, the same home in a store the grant does not name, and the default store.
      { store: 'second', key: 'users/bob/notes.txt' },
      { store: 'local', key: 'users/alice/notes.txt' },
      { key: 'users/alice/notes.txt' },
    ];
    for (const { store, key } of refused) {
      const answer = await asCaller<{ putObject: Payload }>(alice, PUT, {
        input: { store, bucket: store === 'second' ? buckets.second : buckets.local, key, text: 'x' },
      });
      expect(answer.data?.putObject.error?.code).toBe('ACCESS_DENIED');
    }
    // A claim that would widen the template gives nothing: not the folder it names, nor the one above.
    for (const sub of ['alice/../bob', 'a/b', '*', '..', '']) {
      const widened = await token(sub);
      for (const key of [`users/${sub}/x.txt`, 'users/x.txt', 'users/bob/x.txt']) {
        const answer = await asCaller<{ putObject: Payload }>(widened, PUT, {
          input: { store: 'second', bucket: buckets.second, key, text: 'x' },
        });
        expect(answer.data?.putObject.error?.code ?? answer.errors?.[0]?.extensions?.code).toMatch(/ACCESS_DENIED|UNAUTHENTICATED/);
      }
    }
    const listing = await asCaller<{ bucket: unknown }>(
      alice,
      `query ($bucket: String!) { bucket(store: "second", name: $bucket) { objects(prefix: "users/") { edges { node { key } } } } }`,
      { bucket: buckets.second },
    );
    expect(listing.errors?.[0]?.extensions?.code).toBe('ACCESS_DENIED');
    // An API key granted the local store sees no bucket of the other one, without asking it.
    const others = await asCaller<{ buckets: unknown[] }>(API_KEY, `{ buckets(store: "second") { name } }`);
    expect(others.data?.buckets).toEqual([]);
    const readElsewhere = await asCaller<{ object: unknown }>(
      API_KEY,
      `query ($bucket: String!) { object(store: "second", bucket: $bucket, key: "users/alice/notes.txt") { key } }`,
      { bucket: buckets.second },
    );
    expect(readElsewhere.errors?.[0]?.extensions?.code).toBe('ACCESS_DENIED');
    expect(readElsewhere.errors?.[0]?.message).toContain('store "second"');
    expect([...localProxy.operations, ...secondProxy.operations]).toEqual([]);

    // Within its grant the API key reads the local store.
    const own = await asCaller<{ buckets: { name: string }[] }>(API_KEY, `{ buckets { name } }`);
    expect(own.data?.buckets.map(({ name }) => name)).toContain(buckets.local);
  }, 60_000);
});
