import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startGateway, type RunningGateway } from '../../src/gateway.js';
import { EMBEDDED_CREDENTIALS, startEmbeddedStore, type EmbeddedStore } from '../../src/embedded-store/start.js';
import { postGraphQL, uniqueBucketName } from '../support/stack.js';

/** These tests own their S3 server (an s3rver they stop and restart), whichever store the suite runs on. */

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let directory: string;
let port: number;
let store: EmbeddedStore | undefined;
const bucket = uniqueBucketName('avail');

function gatewayFor(credentials: { accessKeyId: string; secretAccessKey: string }): Promise<RunningGateway> {
  process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
  return startGateway(
    loadConfig({ PORT: '0', LOG_LEVEL: 'error', S3_ENDPOINT: `http://127.0.0.1:${port}`, AWS_ACCESS_KEY_ID: credentials.accessKeyId }),
  );
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 's3gw-availability-'));
  port = await freePort();
  store = await startEmbeddedStore({ directory, buckets: [bucket], port });
});
afterAll(async () => {
  await store?.close();
  await rm(directory, { recursive: true, force: true });
});

describe('when S3 goes away and comes back', () => {
  it('answers S3_UNAVAILABLE without leaking the endpoint, then recovers by itself', async () => {
    const gateway = await gatewayFor(EMBEDDED_CREDENTIALS);
    try {
      const query = `query($bucket: String!) { bucket(name: $bucket) { name objects { edges { node { key } } } } }`;
      const up = await postGraphQL(gateway.url, query, { bucket });
      expect(up.errors).toBeUndefined();

      await store?.close();
      store = undefined;
      const down = await postGraphQL(gateway.url, query, { bucket });
      expect(down.errors?.[0]?.extensions?.code).toBe('S3_UNAVAILABLE');
      expect(JSON.stringify(down)).not.toContain(String(port));
      const put = await postGraphQL<{ putObject: { success: boolean; error: { code: string; message: string } } }>(
        gateway.url,
        `mutation($bucket: String!) { putObject(input: { bucket: $bucket, key: "k", text: "x" }) { success error { code message } } }`,
        { bucket },
      );
      expect(put.data?.putObject).toMatchObject({ success: false, error: { code: 'S3_UNAVAILABLE' } });

      store = await startEmbeddedStore({ directory, buckets: [bucket], port });
      const back = await postGraphQL(gateway.url, query, { bucket });
      expect(back.errors).toBeUndefined();
      expect(back.data).toEqual({ bucket: { name: bucket, objects: { edges: [] } } });
    } finally {
      await gateway.close();
    }
  });
});

describe('with credentials the store refuses', () => {
  it('answers ACCESS_DENIED and never shows the secret, and is not ready', async () => {
    const gateway = await gatewayFor({ accessKeyId: 'WRONGKEY', secretAccessKey: 'super-secret-value' });
    try {
      const result = await postGraphQL(gateway.url, `{ buckets { name } }`);
      expect(result.errors?.[0]?.extensions?.code).toBe('ACCESS_DENIED');
      expect(JSON.stringify(result)).not.toMatch(/super-secret-value|WRONGKEY/);
      const ready = await fetch(new URL('/ready', gateway.url));
      expect(ready.status).toBe(503);
      const body = await ready.text();
      expect(JSON.parse(body)).toMatchObject({ ready: false, code: 'ACCESS_DENIED' });
      expect(body).not.toMatch(/super-secret-value|WRONGKEY/);
    } finally {
      await gateway.close();
    }
  });
});
