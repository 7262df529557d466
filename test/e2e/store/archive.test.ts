import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../../src/auth/authenticate.js';
import { startS3Proxy, type S3Proxy } from '../../support/s3-proxy.js';
import { startStack, type TestStack } from '../../support/stack.js';
import { unzip } from '../../support/unzip.js';

/** createArchive and its ZIP route: what a user downloads is what the bucket holds, named safely, and only what they may read. */

let stack: TestStack;
let proxy: S3Proxy;
let url: string;
let bucket: string;
let policyDirectory: string;
const contents = new Map<string, Buffer>();

const READER_KEY = 'archive-reader-key';
const BIG_PARTS = 6;

beforeAll(async () => {
  stack = await startStack();
  bucket = await stack.createBucket();
  policyDirectory = await mkdtemp(join(tmpdir(), 's3gw-archive-policy-'));
  const policyFile = join(policyDirectory, 'policy.yaml');
  // The reader lists everything, and reads everything except below private/.
  await writeFile(
    policyFile,
    JSON.stringify({
      principals: [
        {
          name: 'reader',
          apiKeys: [`sha256:${hashApiKey(READER_KEY)}`],
          grants: [
            { buckets: [bucket], prefixes: [''], actions: ['list'] },
            { buckets: [bucket], prefixes: ['docs/', 'odd/', 'big/'], actions: ['read'] },
          ],
        },
      ],
    }),
  );
  proxy = await startS3Proxy(stack.gateway.storeEndpoint ?? '');
  url = (await stack.gatewayVia(proxy.endpoint, { AUTH_POLICY_FILE: policyFile })).url;
  const objects: [string, Buffer][] = [
    ['docs/readme.txt', Buffer.from('read me')],
    ['docs/empty.txt', Buffer.alloc(0)],
    ['docs/images/photo.bin', randomBytes(300 * 1024)],
    ['docs/images/deep/more.bin', randomBytes(1024)],
    ['docs/private/secret.txt', Buffer.from('everyone may read docs/')],
    ['private/salary.txt', Buffer.from('not for the reader')],
    // Keys that would escape the extraction folder if taken as paths.
    ['odd/../../escaped.txt', Buffer.from('dots')],
    ['odd//leading.txt', Buffer.from('double slash')],
    ['odd/back\\slash.txt', Buffer.from('backslash')],
    ['odd/C:/drive.txt', Buffer.from('drive')],
    ...Array.from({ length: BIG_PARTS }, (_, index): [string, Buffer] => [`big/part-${index}.bin`, randomBytes(2 * 1024 * 1024)]),
  ];
  for (const [key, body] of objects) {
    contents.set(key, body);
    await stack.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  }
});
afterAll(async () => {
  await proxy.close();
  await stack.close();
  await rm(policyDirectory, { recursive: true, force: true });
});
beforeEach(() => proxy.reset());

interface ArchivePayload {
  success: boolean;
  error: { code: string; message: string } | null;
  url: string | null;
  expiresAt: string | null;
  refused: string[];
}

const CREATE_ARCHIVE = /* GraphQL */ `
  mutation ($input: CreateArchiveInput!) {
    createArchive(input: $input) {
      success
      error {
        code
        message
      }
      url
      expiresAt
      refused
    }
  }
`;

async function createArchive(input: Record<string, unknown>, apiKey = READER_KEY): Promise<ArchivePayload> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: JSON.stringify({ query: CREATE_ARCHIVE, variables: { input: { bucket, ...input } } }),
  });
  const answer = (await response.json()) as { data?: { createArchive: ArchivePayload }; errors?: unknown };
  expect(answer.errors).toBeUndefined();
  const payload = answer.data?.createArchive;
  if (payload === undefined) throw new Error('createArchive answered no payload');
  return payload;
}

function linkOf(created: ArchivePayload): string {
  if (created.url === null) throw new Error(`createArchive failed: ${created.error?.message ?? ''}`);
  return created.url;
}

async function download(link: string): Promise<Buffer> {
  const response = await fetch(link);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/zip');
  return Buffer.from(await response.arrayBuffer());
}

async function lastModifiedOf(key: string): Promise<Date> {
  const head = await stack.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  return head.LastModified ?? new Date(0);
}

describe('createArchive', () => {
  it('zips a folder: every object below it, byte for byte, named below it, with its modification time', async () => {
    const created = await createArchive({ prefix: 'docs/' });
    expect(created).toMatchObject({ success: true, error: null, refused: [] });
    expect(new Date(created.expiresAt ?? 0).getTime()).toBeGreaterThan(Date.now());
    const entries = await unzip(await download(linkOf(created)));
    const expected = [...contents].filter(([key]) => key.startsWith('docs/'));
    expect([...entries.keys()].sort()).toEqual(expected.map(([key]) => key.slice('docs/'.length)).sort());
    for (const [key, body] of expected) {
      const entry = entries.get(key.slice('docs/'.length));
      expect(entry?.data.equals(body)).toBe(true);
      expect(Math.abs((entry?.lastModified.getTime() ?? 0) - (await lastModifiedOf(key)).getTime())).toBeLessThanOrEqual(2000);
    }
  });

  it('zips a selection of keys and folders, leaves out and lists those the caller may not read', async () => {
    const created = await createArchive({
      keys: ['docs/readme.txt', 'docs/images/', 'docs/images/photo.bin', 'private/salary.txt', 'private/'],
      name: 'selection',
    });
    // A key inside a chosen folder is one entry; the folder the caller may list but not read is walked, its objects refused one by one.
    expect(created).toMatchObject({ success: true, refused: ['private/salary.txt'] });
    expect(created.url).toMatch(/\/selection\.zip$/);
    const entries = await unzip(await download(linkOf(created)));
    expect([...entries.keys()].sort()).toEqual(['docs/images/deep/more.bin', 'docs/images/photo.bin', 'docs/readme.txt']);
    for (const [name, entry] of entries) expect(entry.data.equals(contents.get(name) ?? Buffer.alloc(1))).toBe(true);
  });

  it('walks a folder the caller may read only in part, and lists what it leaves out', async () => {
    const created = await createArchive({ prefix: '' });
    expect(created.success).toBe(true);
    expect(created.refused).toEqual(['private/salary.txt']);
    const entries = await unzip(await download(linkOf(created)));
    expect([...entries.keys()].some((name) => name.startsWith('private/'))).toBe(false);
    expect(entries.get('docs/readme.txt')?.data.toString()).toBe('read me');
  });

  it('names entries so that none leaves the extraction folder (no "..", leading "/", backslash or drive)', async () => {
    const created = await createArchive({ prefix: 'odd/' });
    // yauzl, with strictFileNames, refuses absolute paths, ".." segments and backslashes as unzip tools do.
    const entries = await unzip(await download(linkOf(created)));
    expect([...entries.keys()].sort()).toEqual(['C_/drive.txt', 'back_slash.txt', 'escaped.txt', 'leading.txt']);
    expect(entries.get('escaped.txt')?.data.toString()).toBe('dots');
  });

  it('refuses what cannot make an archive with typed errors, before any S3 request', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ keys: [] }, 'INVALID_INPUT'],
      [{ keys: ['private/salary.txt'] }, 'ACCESS_DENIED'],
      [{ prefix: 'docs/', keys: ['other/key.txt'] }, 'INVALID_INPUT'],
      [{ prefix: 'docs/', name: '../escape' }, 'INVALID_INPUT'],
      [{ prefix: 'docs' }, 'INVALID_INPUT'],
    ];
    for (const [input, code] of cases) {
      proxy.reset();
      const created = await createArchive(input);
      expect(created).toMatchObject({ success: false, url: null, error: { code } });
      expect(proxy.operations).toEqual([]);
    }
    expect((await createArchive({ prefix: 'nothing-here/' })).error?.code).toBe('INVALID_INPUT');
  });

  it('refuses an unknown link without touching S3', async () => {
    const response = await fetch(new URL(`/archives/${'A'.repeat(43)}/x.zip`, url));
    expect(response.status).toBe(401);
    expect(proxy.operations).toEqual([]);
  });

  it('stops reading S3 when the client goes away', async () => {
    const created = await createArchive({ prefix: 'big/' });
    proxy.reset();
    // The store answers slowly, so that the client leaves while the ZIP is being read.
    proxy.inject({ fault: { kind: 'latency', ms: 300 }, operation: 'GetObject' });
    const abort = new AbortController();
    const response = await fetch(linkOf(created), { signal: abort.signal });
    if (response.body === null) throw new Error('no body');
    const reader = response.body.getReader();
    await reader.read();
    abort.abort();
    await reader.cancel().catch(() => undefined);
    // Whatever was under way when the client left ends; nothing more is asked of S3 after that.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const afterAbort = proxy.operations.length;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(proxy.operations.length).toBe(afterAbort);
    // The object being read and the next one, opened ahead; not the rest.
    expect(proxy.operations.filter((operation) => operation === 'GetObject').length).toBeLessThanOrEqual(2);
    proxy.clearFaults();
  });
});
