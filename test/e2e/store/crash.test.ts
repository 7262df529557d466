import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDED_CREDENTIALS } from '../../../src/s3/embedded-store.js';
import { spawnGateway } from '../../support/gateway-process.js';
import { MOVE_OBJECT } from '../../support/operations.js';
import { startS3Proxy, type S3Proxy } from '../../support/s3-proxy.js';
import { postGraphQL, startStack, storeKind, type TestStack } from '../../support/stack.js';

/**
 * The gateway killed (SIGKILL, no chance to clean up) in the middle of a move or a prefix move: afterwards every object
 * is at its source, its destination, or both, with its content. A proxy slows S3 down so that the kill lands mid-operation.
 */

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

/** Runs `operation` on a gateway process, and kills it with SIGKILL once the proxy has seen `killAfter` S3 requests. */
async function killDuring(operation: (url: string) => Promise<unknown>, killAfter: (operations: string[]) => boolean): Promise<void> {
  const credentials =
    storeKind === 'embedded'
      ? EMBEDDED_CREDENTIALS
      : { accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '' };
  const gateway = await spawnGateway(workDirectory, {
    LOG_LEVEL: 'error',
    S3_STORE: 'external',
    S3_ENDPOINT: proxy.endpoint,
    AWS_REGION: process.env.E2E_S3_REGION ?? 'us-east-1',
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    S3_MAX_CONCURRENCY: '4',
  });
  proxy.reset();
  const answered = operation(gateway.url).catch(() => undefined);
  for (let waited = 0; !killAfter(proxy.operations) && waited < 30_000; waited += 5) await new Promise((resolve) => setTimeout(resolve, 5));
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
