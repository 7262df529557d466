import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { createLogger } from '@graphql-yoga/logger';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Access } from '../../src/auth/policy.js';
import { NoSuchKeyError } from '../../src/errors.js';
import type { S3Storage } from '../../src/s3/storage.js';
import type { OpenedObject } from '../../src/s3/types.js';
import { serveDownload } from '../../src/server/download.js';
import { downloadPath } from '../../src/shared/routes.js';

/** The download route over a real socket (it writes to Node's response), on a stand-in for the S3 service. */

let open: (location: { bucket: string; key: string }) => Promise<OpenedObject>;
const opened: { bucket: string; key: string }[] = [];
const logged: unknown[][] = [];
const logger = { ...createLogger('silent'), error: (...args: unknown[]) => logged.push(args) };
const s3 = {
  openObject: (location: { bucket: string; key: string }) => {
    opened.push(location);
    return open(location);
  },
} as unknown as S3Storage;
let access = Access.unrestricted;
let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((request, response) => void serveDownload(request, response, { s3, logger, access, onBytes: () => undefined }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  opened.length = 0;
  logged.length = 0;
  access = Access.unrestricted;
});

const content = (body: string, contentType = 'text/html'): OpenedObject => ({
  status: 200,
  body: Readable.from([Buffer.from(body)]),
  contentType,
  contentLength: Buffer.byteLength(body),
  contentRange: undefined,
  eTag: '"e1"',
  lastModified: new Date('2026-11-30T12:00:00Z'),
});

describe('GET /objects/{bucket}/{key}', () => {
  it('streams the object with its headers, sandboxed so that stored HTML cannot run on the gateway origin', async () => {
    open = () => Promise.resolve(content('<script>alert(1)</script>'));
    const response = await fetch(origin + downloadPath('demo', 'dir/a b#?.html'));
    expect(opened).toEqual([{ bucket: 'demo', key: 'dir/a b#?.html' }]);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<script>alert(1)</script>');
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-type': 'text/html',
      'content-security-policy': 'sandbox',
      'x-content-type-options': 'nosniff',
      etag: '"e1"',
      'last-modified': 'Mon, 30 Nov 2026 12:00:00 GMT',
      'accept-ranges': 'bytes',
    });
  });

  it('answers a missing key 404 NO_SUCH_KEY, without logging it', async () => {
    open = ({ bucket, key }) => Promise.reject(new NoSuchKeyError(bucket, key));
    const response = await fetch(`${origin}/objects/demo/none.txt`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'NO_SUCH_KEY' } }] });
    expect(logged).toEqual([]);
  });

  it('refuses what the policy does not grant before asking the store', async () => {
    access = Access.of([]);
    const response = await fetch(`${origin}/objects/demo/secret.txt`);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'ACCESS_DENIED' } }] });
    expect(opened).toEqual([]);
  });

  it('refuses a path without a key as INVALID_INPUT', async () => {
    const response = await fetch(`${origin}/objects/demo`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'INVALID_INPUT' } }] });
  });

  it('answers an unexpected failure as INTERNAL and logs its cause', async () => {
    const cause = new Error('socket to http://store.internal broke');
    open = () => Promise.reject(cause);
    const response = await fetch(`${origin}/objects/demo/a.txt`);
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(JSON.parse(body)).toMatchObject({ errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL' } }] });
    expect(body).not.toContain('store.internal');
    expect(logged).toEqual([['download failed unexpectedly', cause]]);
  });

  it('answers HEAD with the headers only', async () => {
    open = () => Promise.resolve(content('hello', 'text/plain'));
    const response = await fetch(`${origin}/objects/demo/a.txt`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe('5');
    expect(await response.text()).toBe('');
  });
});
