import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { COPY_OBJECT, MOVE_OBJECT, PUT_OBJECT, type Payload } from '../../support/operations.js';
import { startS3Proxy, type S3Proxy } from '../../support/s3-proxy.js';
import { postGraphQL, startStack, type GraphQLResponse, type TestStack } from '../../support/stack.js';

/** A gateway behind a proxy that injects network and store faults: answers are clear error codes, never false success. */

let stack: TestStack;
let proxy: S3Proxy;
let url: string;

// Short S3 timeouts (long enough for a busy CI machine) and two attempts, so that every fault is answered in seconds.
const FAULTY_NETWORK_ENV = { S3_CONNECT_TIMEOUT_SECONDS: '2', S3_REQUEST_TIMEOUT_SECONDS: '3', S3_MAX_ATTEMPTS: '2' };
// A generous bound: what matters is that an answer comes, not how fast.
const ANSWER_BOUND_MS = 30_000;

beforeAll(async () => {
  stack = await startStack();
  proxy = await startS3Proxy(stack.gateway.storeEndpoint ?? '');
  url = (await stack.gatewayVia(proxy.endpoint, FAULTY_NETWORK_ENV)).url;
});
afterAll(async () => {
  await proxy.close();
  await stack.close();
});
beforeEach(() => {
  proxy.clearFaults();
  proxy.reset();
});

async function exists(key: string): Promise<boolean> {
  try {
    await stack.s3.send(new HeadObjectCommand({ Bucket: stack.bucket, Key: key }));
    return true;
  } catch {
    return false;
  }
}

async function putDirect(key: string, body: string | Buffer): Promise<void> {
  await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: key, Body: body }));
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; elapsedMs: number }> {
  const started = Date.now();
  const result = await work();
  return { result, elapsedMs: Date.now() - started };
}

const readText = (key: string) =>
  postGraphQL<{ getObject: { text: string } | null }>(url, `query($b: String!, $k: String!) { getObject(bucket: $b, key: $k) { text } }`, {
    b: stack.bucket,
    k: key,
  });

const listKeys = (prefix: string) =>
  postGraphQL<{ bucket: { objects: { edges: { node: { key: string } }[] } } }>(
    url,
    `query($b: String!, $p: String!) { bucket(name: $b) { objects(prefix: $p) { edges { node { key } } } } }`,
    { b: stack.bucket, p: prefix },
  );

const mutate = async (query: string, input: Record<string, unknown>): Promise<Payload> => {
  const result = await postGraphQL<Record<string, Payload>>(url, query, { input: { bucket: stack.bucket, ...input } });
  return Object.values(result.data ?? {})[0] as Payload;
};

const codeOf = (result: GraphQLResponse) => result.errors?.[0]?.extensions?.code;

describe('a slow store', () => {
  it('answers correctly through added latency below the timeout', async () => {
    await putDirect('slow/a.txt', 'patience');
    proxy.inject({ fault: { kind: 'latency', ms: 300 } });
    expect((await readText('slow/a.txt')).data).toEqual({ getObject: { text: 'patience' } });
  });

  it('fails a request the store never answers with S3_UNAVAILABLE, after a bounded number of attempts', async () => {
    await putDirect('slow/stalled.txt', 'never read');
    proxy.inject({ fault: { kind: 'stall' }, operation: 'GetObject' });
    const { result, elapsedMs } = await timed(() => readText('slow/stalled.txt'));
    expect(codeOf(result)).toBe('S3_UNAVAILABLE');
    expect(result.data?.getObject?.text ?? null).toBeNull();
    expect(elapsedMs).toBeLessThan(ANSWER_BOUND_MS);
    expect(proxy.operations.filter((name) => name === 'GetObject')).toHaveLength(2);
  });
});

describe('connections reset', () => {
  it('retries a reset once and succeeds', async () => {
    proxy.inject({ fault: { kind: 'reset-request' }, operation: 'PutObject', times: 1 });
    const put = await mutate(PUT_OBJECT, { key: 'reset/once.txt', text: 'second try' });
    expect(put).toMatchObject({ success: true, object: { key: 'reset/once.txt' } });
    expect(proxy.operations.filter((name) => name === 'PutObject')).toHaveLength(2);
  });

  it('answers a write whose every attempt is reset with S3_UNAVAILABLE, and stores nothing', async () => {
    proxy.inject({ fault: { kind: 'reset-request' }, operation: 'PutObject' });
    const put = await mutate(PUT_OBJECT, { key: 'reset/never.txt', text: 'lost in transit' });
    expect(put).toMatchObject({ success: false, error: { code: 'S3_UNAVAILABLE' } });
    expect(await exists('reset/never.txt')).toBe(false);
  });

  it('never answers a read reset mid-body with a shorter text', async () => {
    await putDirect('reset/long.txt', 'x'.repeat(256 * 1024));
    proxy.inject({ fault: { kind: 'reset-response', afterBytes: 1000 }, operation: 'GetObject' });
    const read = await readText('reset/long.txt');
    expect(codeOf(read)).toBe('S3_UNAVAILABLE');
    expect(read.data?.getObject?.text ?? null).toBeNull();
  });

  it('keeps the source of a move whose copy is reset, and both objects when the delete is', async () => {
    await putDirect('reset/move-a.txt', 'a');
    proxy.inject({ fault: { kind: 'reset-request' }, operation: 'CopyObject' });
    const copyFailed = await mutate(MOVE_OBJECT, { key: 'reset/move-a.txt', destinationKey: 'reset/moved-a.txt' });
    expect(copyFailed).toMatchObject({ success: false, error: { code: 'S3_UNAVAILABLE' } });
    expect(await exists('reset/move-a.txt')).toBe(true);

    proxy.clearFaults();
    proxy.inject({ fault: { kind: 'reset-request' }, operation: 'DeleteObject' });
    const deleteFailed = await mutate(MOVE_OBJECT, { key: 'reset/move-a.txt', destinationKey: 'reset/moved-a.txt' });
    expect(deleteFailed).toMatchObject({ success: false, error: { code: 'S3_UNAVAILABLE' } });
    expect([await exists('reset/move-a.txt'), await exists('reset/moved-a.txt')]).toEqual([true, true]);

    proxy.clearFaults();
    expect(await mutate(MOVE_OBJECT, { key: 'reset/move-a.txt', destinationKey: 'reset/moved-a.txt' })).toMatchObject({ success: true });
    expect([await exists('reset/move-a.txt'), await exists('reset/moved-a.txt')]).toEqual([false, true]);
  });
});

describe('answers cut off or malformed', () => {
  it('fails a listing whose XML is cut off', async () => {
    await putDirect('cut/1.txt', '1');
    proxy.inject({ fault: { kind: 'truncate-response', afterBytes: 100 }, operation: 'ListObjectsV2' });
    const listed = await listKeys('cut/');
    expect(codeOf(listed)).toBe('S3_UNAVAILABLE');
    expect(listed.data?.bucket ?? null).toBeNull();
  });

  it('fails a listing whose 200 is not S3 XML', async () => {
    proxy.inject({ fault: { kind: 'replace-response', status: 200, body: '<html>proxy error page' }, operation: 'ListObjectsV2' });
    expect(codeOf(await listKeys('cut/'))).toBe('S3_UNAVAILABLE');
  });

  it('never reports a copy as done when S3 answers 200 with an error in the body, or with no body', async () => {
    await putDirect('cut/source.txt', 'copy me');
    const errorBody =
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>';
    proxy.inject({ fault: { kind: 'replace-response', status: 200, body: errorBody }, operation: 'CopyObject' });
    expect(await mutate(COPY_OBJECT, { key: 'cut/source.txt', destinationKey: 'cut/copy.txt' })).toMatchObject({
      success: false,
      error: { code: 'S3_UNAVAILABLE' },
    });
    proxy.clearFaults();
    proxy.inject({ fault: { kind: 'replace-response', status: 200, body: '' }, operation: 'CopyObject' });
    expect(await mutate(MOVE_OBJECT, { key: 'cut/source.txt', destinationKey: 'cut/moved.txt' })).toMatchObject({
      success: false,
      error: { code: 'S3_UNAVAILABLE' },
    });
    expect(await exists('cut/source.txt')).toBe(true);
  });

  it('never reports an upload as done when CompleteMultipartUpload answers 200 with an error', async () => {
    proxy.inject({
      fault: { kind: 'replace-response', status: 200, body: '<Error><Code>InternalError</Code><Message>failed</Message></Error>' },
      operation: 'CompleteMultipartUpload',
    });
    const result = await uploadThrough('cut/big.bin', new Uint8Array(9 * 1024 * 1024).fill(1));
    expect(result).toMatchObject({ success: false, error: { code: 'S3_UNAVAILABLE' } });
    expect(proxy.operations).toContain('CompleteMultipartUpload');
  });

  it('cuts a download through the gateway off when the store cuts it off, rather than ending a shorter file', async () => {
    const content = Buffer.alloc(512 * 1024, 7);
    await putDirect('cut/download.bin', content);
    const gatewayUrl = `${new URL(url).origin}/objects/${stack.bucket}/cut/download.bin`;
    expect(Buffer.from(await (await fetch(gatewayUrl)).arrayBuffer())).toEqual(content);

    proxy.inject({ fault: { kind: 'truncate-response', afterBytes: 100_000 }, operation: 'GetObject' });
    const response = await fetch(gatewayUrl);
    expect(response.status).toBe(200);
    await expect(response.arrayBuffer()).rejects.toThrow();
  });
});

describe('throttling', () => {
  const slowDown =
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>';

  it('retries a SlowDown with backoff and succeeds', async () => {
    await putDirect('throttle/a.txt', 'eventually');
    proxy.inject({ fault: { kind: 'replace-response', status: 503, body: slowDown }, operation: 'GetObject', times: 1 });
    expect((await readText('throttle/a.txt')).data).toEqual({ getObject: { text: 'eventually' } });
    expect(proxy.operations.filter((name) => name === 'GetObject')).toHaveLength(2);
  });

  it('answers S3_THROTTLED when the store keeps saying SlowDown', async () => {
    proxy.inject({ fault: { kind: 'replace-response', status: 503, body: slowDown }, operation: 'PutObject' });
    const put = await mutate(PUT_OBJECT, { key: 'throttle/b.txt', text: 'too fast' });
    expect(put).toMatchObject({ success: false, error: { code: 'S3_THROTTLED' } });
    expect(proxy.operations.filter((name) => name === 'PutObject')).toHaveLength(2);
  });
});

describe('the store stopped and started again', () => {
  it('answers S3_UNAVAILABLE while it is gone, then recovers by itself', async () => {
    await putDirect('restart/a.txt', 'still here');
    await proxy.stop();
    try {
      const { result, elapsedMs } = await timed(() => readText('restart/a.txt'));
      expect(codeOf(result)).toBe('S3_UNAVAILABLE');
      expect(elapsedMs).toBeLessThan(ANSWER_BOUND_MS);
      const put = await mutate(PUT_OBJECT, { key: 'restart/b.txt', text: 'not now' });
      expect(put).toMatchObject({ success: false, error: { code: 'S3_UNAVAILABLE' } });
    } finally {
      await proxy.start();
    }
    expect((await readText('restart/a.txt')).data).toEqual({ getObject: { text: 'still here' } });
    expect(await exists('restart/b.txt')).toBe(false);
  });
});

/** A GraphQL multipart upload of one file, large enough for a multipart upload to S3. */
async function uploadThrough(key: string, content: Uint8Array<ArrayBuffer>): Promise<Payload> {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: PUT_OBJECT, variables: { input: { bucket: stack.bucket, key, file: null } } }));
  form.append('map', JSON.stringify({ 0: ['variables.input.file'] }));
  form.append('0', new Blob([content]), 'big.bin');
  const response = await fetch(url, { method: 'POST', body: form, headers: { 'graphql-require-preflight': '1' } });
  return ((await response.json()) as { data: { putObject: Payload } }).data.putObject;
}
