import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListMultipartUploadsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDED_CREDENTIALS } from '../../../src/embedded-store/start.js';
import { abandonUpload } from '../../support/abandoned-upload.js';
import { spawnGateway, type GatewayProcess } from '../../support/gateway-process.js';
import { MOVE_OBJECT, PUT_OBJECT, type Payload } from '../../support/operations.js';
import { startS3Proxy, type S3Proxy } from '../../support/s3-proxy.js';
import { postGraphQL, startStack, storeKind, type TestStack } from '../../support/stack.js';

/**
 * The gateway as a process, stopped in the middle of operations: killed (SIGKILL, no chance to clean up) during a move or
 * a prefix move, every object is afterwards at its source, its destination, or both, with its content; stopped with
 * SIGTERM, it finishes what is in flight and exits with 0. A proxy slows S3 down so that the signal lands mid-operation.
 */

const MiB = 1024 * 1024;

let stack: TestStack;
let proxy: S3Proxy;
let workDirectory: string;

beforeAll(async () => {
  stack = await startStack();
  proxy = await startS3Proxy(stack.gateway.storeEndpoint ?? '');
  proxy.inject({ fault: { kind: 'latency', ms: 50 } });
  workDirectory = await mkdtemp(join(tmpdir(), 's3gw-crash-'));
});
afterAll(async () => {
  await proxy.close();
  await stack.close();
  await rm(workDirectory, { recursive: true, force: true });
});

/** A gateway process on the proxy, with the store's credentials. */
function spawnOnProxy(env: Record<string, string> = {}): Promise<GatewayProcess> {
  const credentials =
    storeKind === 'embedded'
      ? EMBEDDED_CREDENTIALS
      : { accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '' };
  return spawnGateway(workDirectory, {
    LOG_LEVEL: 'error',
    S3_STORE: 'external',
    S3_ENDPOINT: proxy.endpoint,
    AWS_REGION: process.env.E2E_S3_REGION ?? 'us-east-1',
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    S3_MAX_CONCURRENCY: '4',
    ...env,
  });
}

/** Waits until the proxy has seen what `seen` asks for, within a generous bound. */
async function until(seen: (operations: string[]) => boolean): Promise<void> {
  for (let waited = 0; !seen(proxy.operations) && waited < 30_000; waited += 5) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** Runs `operation` on a gateway process, and kills it with SIGKILL once the proxy has seen `killAfter` S3 requests. */
async function killDuring(operation: (url: string) => Promise<unknown>, killAfter: (operations: string[]) => boolean): Promise<void> {
  const gateway = await spawnOnProxy();
  proxy.reset();
  const answered = operation(gateway.url).catch(() => undefined);
  await until(killAfter);
  gateway.child.kill('SIGKILL');
  await gateway.exited;
  await answered;
}

async function content(key: string): Promise<string | undefined> {
  try {
    const { Body } = await stack.s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: key }));
    return await (Body as { transformToString(): Promise<string> }).transformToString();
  } catch {
    return undefined;
  }
}

/** Where each object is now: its content at the source and at the destination. */
async function whereabouts(keys: string[], destination: (key: string) => string) {
  return Promise.all(keys.map(async (key) => ({ key, source: await content(key), destination: await content(destination(key)) })));
}

const count = (operations: string[], name: string) => operations.filter((operation) => operation === name).length;

describe('a gateway killed mid-move', () => {
  // A move is HeadObject, CopyObject, HeadObject (confirmation), DeleteObject: a kill after each of its requests.
  it.each([1, 2, 3, 4])('leaves the object at its source, its destination or both, when killed at S3 request %i', async (requests) => {
    const key = `crash/move-${requests}.txt`;
    const destinationKey = `crash/moved-${requests}.txt`;
    await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: key, Body: `content of ${key}` }));
    await killDuring(
      (url) => postGraphQL(url, MOVE_OBJECT, { input: { bucket: stack.bucket, key, destinationKey } }),
      (operations) => operations.length >= requests,
    );
    const [place] = await whereabouts([key], () => destinationKey);
    expect([place?.source, place?.destination]).toContain(`content of ${key}`);
    for (const found of [place?.source, place?.destination]) expect([undefined, `content of ${key}`]).toContain(found);
  });
});

describe('a gateway killed mid-prefix-move', () => {
  it.each([
    ['while copying', 'copying', (operations: string[]) => count(operations, 'CopyObject') >= 10],
    ['while deleting sources', 'deleting', (operations: string[]) => count(operations, 'DeleteObjects') >= 1],
  ])('leaves every object at its source, its destination or both, when killed %s', async (_moment, label, killAfter) => {
    const keys = Array.from({ length: 40 }, (_, index) => `crash-${label}/${String(index).padStart(2, '0')}.txt`);
    const destination = (key: string) => key.replace(`crash-${label}/`, `crash-${label}-moved/`);
    await Promise.all(
      keys.map((key) => stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: key, Body: `content of ${key}` }))),
    );
    await killDuring(
      (url) =>
        postGraphQL(url, `mutation($input: MovePrefixInput!) { movePrefix(input: $input) { success } }`, {
          input: { bucket: stack.bucket, prefix: `crash-${label}/`, destinationPrefix: `crash-${label}-moved/` },
        }),
      killAfter,
    );
    for (const place of await whereabouts(keys, destination)) {
      expect([place.source, place.destination], place.key).toContain(`content of ${place.key}`);
      for (const found of [place.source, place.destination]) expect([undefined, `content of ${place.key}`]).toContain(found);
    }
  });
});

describe('a gateway process stopped with SIGTERM', () => {
  it.each(['1', '2'])(
    'with WORKERS=%s, finishes the write in flight, cuts a stalled upload at the deadline, aborting it, and exits with 0',
    async (workers) => {
      // Long enough for the write to finish on a busy machine; the stalled upload waits it out.
      const gateway = await spawnOnProxy({ WORKERS: workers, SHUTDOWN_TIMEOUT_SECONDS: '8' });
      const key = `sigterm/workers-${workers}.txt`;
      const stalledKey = `sigterm/stalled-${workers}.bin`;
      proxy.inject({ fault: { kind: 'latency', ms: 1000 }, operation: 'PutObject', times: 1 });
      proxy.reset();
      const put = postGraphQL<{ putObject: Payload }>(gateway.url, PUT_OBJECT, { input: { bucket: stack.bucket, key, text: 'kept' } });
      // More than two 8 MiB parts, so that a multipart upload is under way; then the client stalls.
      const stalled = abandonUpload(
        gateway.url,
        { query: PUT_OBJECT, variables: { input: { bucket: stack.bucket, key: stalledKey, file: null } } },
        20 * MiB,
        { holdOpen: true },
      );
      await until((operations) => operations.includes('PutObject') && operations.includes('UploadPart'));
      gateway.child.kill('SIGTERM');
      expect((await put).data?.putObject).toMatchObject({ success: true });
      expect(await gateway.exited).toBe(0);
      await stalled;
      expect(await content(key)).toBe('kept');
      const { Uploads = [] } = await stack.s3.send(new ListMultipartUploadsCommand({ Bucket: stack.bucket, Prefix: stalledKey }));
      expect(Uploads).toEqual([]);
      expect(await content(stalledKey)).toBeUndefined();
    },
  );
});

describe('the start-up lines', () => {
  it('name the store, the callers and the GraphQL URL alike for one process and for a cluster', async () => {
    const linesOf = async (workers: string) => {
      const gateway = await spawnOnProxy({ WORKERS: workers, GRAPHIQL: 'true' });
      gateway.child.kill('SIGTERM');
      await gateway.exited;
      const lines = gateway.output().split('\n');
      return ['store:', 'callers:', 'GraphQL at'].map((start) => lines.find((line) => line.includes(start))?.replace(/:\d+\//, ':<port>/'));
    };
    const single = await linesOf('1');
    expect(single[0]).toBe(`s3-graphql-gateway: store: S3-compatible store at ${proxy.endpoint}`);
    const cluster = await linesOf('2');
    expect(cluster.slice(0, 2)).toEqual(single.slice(0, 2));
    expect(cluster[2]).toBe(single[2]?.replace('GraphQL at', '2 workers; GraphQL at'));
  });
});
