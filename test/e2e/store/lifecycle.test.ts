import { HeadObjectCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { abandonUpload } from '../../support/abandoned-upload.js';
import { PUT_OBJECT, type Payload } from '../../support/operations.js';
import { startS3Proxy, type S3Proxy } from '../../support/s3-proxy.js';
import { postGraphQL, startStack, type TestStack } from '../../support/stack.js';

/** Health, readiness, the per-request deadline and graceful shutdown, with a proxy between the gateway and the store. */

let stack: TestStack;
let proxy: S3Proxy;

beforeAll(async () => {
  stack = await startStack();
  proxy = await startS3Proxy(stack.gateway.storeEndpoint ?? '');
});
afterAll(async () => {
  await proxy.close();
  await stack.close();
});
beforeEach(() => {
  proxy.clearFaults();
  proxy.reset();
});

const MiB = 1024 * 1024;

/** Asks until `check` holds, within a generous bound; the store check behind /ready is cached for a second. */
async function eventually(check: () => Promise<boolean>, boundMs = 30_000): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < boundMs; await new Promise((resolve) => setTimeout(resolve, 200))) {
    if (await check()) return true;
  }
  return false;
}

async function exists(key: string): Promise<boolean> {
  try {
    await stack.s3.send(new HeadObjectCommand({ Bucket: stack.bucket, Key: key }));
    return true;
  } catch {
    return false;
  }
}

describe('/health and /ready', () => {
  it('stays healthy while the store is gone, is not ready until it is back, and recovers without a restart', async () => {
    const origin = new URL((await stack.gatewayVia(proxy.endpoint, { S3_MAX_ATTEMPTS: '1', READY_CHECK_TIMEOUT_SECONDS: '10' })).url)
      .origin;
    const ready = async () => {
      const response = await fetch(`${origin}/ready`);
      return { status: response.status, body: (await response.json()) as { ready: boolean; code?: string } };
    };
    expect(await ready()).toEqual({ status: 200, body: { ready: true } });
    expect((await fetch(`${origin}/health`)).status).toBe(200);

    await proxy.stop();
    try {
      expect(await eventually(async () => (await ready()).status === 503)).toBe(true);
      expect((await ready()).body).toMatchObject({ ready: false, code: 'S3_UNAVAILABLE' });
      expect((await fetch(`${origin}/health`)).status).toBe(200);
    } finally {
      await proxy.start();
    }
    expect(await eventually(async () => (await ready()).status === 200)).toBe(true);
  });
});

describe('the deadline of a GraphQL request', () => {
  it('answers REQUEST_TIMEOUT when the store is slower than REQUEST_TIMEOUT_SECONDS, and reports nothing as done', async () => {
    const url = (await stack.gatewayVia(proxy.endpoint, { REQUEST_TIMEOUT_SECONDS: '1', S3_REQUEST_TIMEOUT_SECONDS: '20' })).url;
    proxy.inject({ fault: { kind: 'latency', ms: 3000 }, operation: 'PutObject' });
    const result = await postGraphQL<{ putObject: Payload | null }>(url, PUT_OBJECT, {
      input: { bucket: stack.bucket, key: 'deadline/slow.txt', text: 'late' },
    });
    expect(result.errors?.[0]?.extensions?.code).toBe('REQUEST_TIMEOUT');
    expect(result.data?.putObject ?? null).toBeNull();
  });

  it('does not bound a file upload, which lasts as long as the client takes to send it', async () => {
    const url = (await stack.gatewayVia(proxy.endpoint, { REQUEST_TIMEOUT_SECONDS: '1', S3_REQUEST_TIMEOUT_SECONDS: '20' })).url;
    proxy.inject({ fault: { kind: 'latency', ms: 2000 }, operation: 'PutObject' });
    const form = new FormData();
    const variables = { input: { bucket: stack.bucket, key: 'deadline/upload.txt', file: null } };
    form.append('operations', JSON.stringify({ query: PUT_OBJECT, variables }));
    form.append('map', JSON.stringify({ 0: ['variables.input.file'] }));
    form.append('0', new Blob(['uploaded slowly']), 'upload.txt');
    const response = await fetch(url, { method: 'POST', body: form, headers: { 'graphql-require-preflight': '1' } });
    expect(((await response.json()) as { data: { putObject: Payload } }).data.putObject).toMatchObject({ success: true });
    expect(await exists('deadline/upload.txt')).toBe(true);
  });
});

describe('graceful shutdown', () => {
  it('lets a write in flight finish while refusing new connections', async () => {
    const gateway = await stack.gatewayVia(proxy.endpoint, { SHUTDOWN_TIMEOUT_SECONDS: '30' });
    proxy.inject({ fault: { kind: 'latency', ms: 1500 }, operation: 'PutObject' });
    const put = postGraphQL<{ putObject: Payload }>(gateway.url, PUT_OBJECT, {
      input: { bucket: stack.bucket, key: 'shutdown/in-flight.txt', text: 'finished' },
    });
    expect(await eventually(() => Promise.resolve(proxy.operations.includes('PutObject')))).toBe(true);
    const closed = gateway.close();
    await expect(fetch(gateway.url, { method: 'POST', body: '{}' })).rejects.toThrow();
    expect((await put).data?.putObject).toMatchObject({ success: true });
    await closed;
    expect(await exists('shutdown/in-flight.txt')).toBe(true);
  });

  it('cuts an upload that outlives SHUTDOWN_TIMEOUT_SECONDS and aborts its multipart upload', async () => {
    const gateway = await stack.gatewayVia(proxy.endpoint, { SHUTDOWN_TIMEOUT_SECONDS: '1' });
    // More than two 8 MiB parts, so that a multipart upload is under way; then the client stalls.
    const upload = abandonUpload(
      gateway.url,
      { query: PUT_OBJECT, variables: { input: { bucket: stack.bucket, key: 'shutdown/stalled.bin', file: null } } },
      20 * MiB,
      { holdOpen: true },
    );
    expect(await eventually(() => Promise.resolve(proxy.operations.includes('UploadPart')))).toBe(true);
    await gateway.close();
    await upload;
    const pending = async () =>
      (await stack.s3.send(new ListMultipartUploadsCommand({ Bucket: stack.bucket }))).Uploads?.filter(
        ({ Key }) => Key === 'shutdown/stalled.bin',
      ) ?? [];
    expect(await pending()).toEqual([]);
    expect(await exists('shutdown/stalled.bin')).toBe(false);
  });
});
