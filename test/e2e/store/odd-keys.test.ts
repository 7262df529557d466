import { readdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, storeKind, type TestStack } from '../../support/stack.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

// Keys that are valid in S3 but dangerous for a store that maps keys to file paths.
const PATH_LIKE_KEYS = [
  '../../escaped.txt',
  'a/../../../etc/passwd',
  './dot/./segments.txt',
  'double//slash.txt',
  '/leading-slash.txt',
  'trailing-slash/',
  '..',
  `${'long-segment-'.repeat(70)}.txt`,
  `${'ü'.repeat(300)}/${'x'.repeat(300)}`,
  '%2E%2E/encoded-dots.txt',
  'x._S3rver_object',
];

const ROUND_TRIP = /* GraphQL */ `
  mutation ($bucket: String!, $key: String!, $text: String!) {
    putObject(input: { bucket: $bucket, key: $key, text: $text }) {
      success
      error {
        code
        message
      }
    }
  }
`;

async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe('keys that look like paths', () => {
  it.each(PATH_LIKE_KEYS)('%j is stored, read, listed, copied and moved as an ordinary key', async (key) => {
    const put = await stack.graphql(ROUND_TRIP, { bucket: stack.bucket, key, text: `text of ${key}` });
    expect(put.data).toEqual({ putObject: { success: true, error: null } });

    const read = await stack.graphql<{ getObject: { text: string }; bucket: { objects: { edges: { node: { key: string } }[] } } }>(
      `query($bucket: String!, $key: String!) {
        getObject(bucket: $bucket, key: $key) { text }
        bucket(name: $bucket) { objects(prefix: $key, first: 1) { edges { node { key } } } }
      }`,
      { bucket: stack.bucket, key },
    );
    expect(read.errors).toBeUndefined();
    expect(read.data?.getObject.text).toBe(`text of ${key}`);
    expect(read.data?.bucket.objects.edges[0]?.node.key).toBe(key);

    const moved = await stack.graphql<{ copyObject: { success: boolean }; moveObject: { success: boolean } }>(
      `mutation($bucket: String!, $key: String!, $copy: String!, $moved: String!) {
        copyObject(input: { bucket: $bucket, key: $key, destinationKey: $copy }) { success }
        moveObject(input: { bucket: $bucket, key: $key, destinationKey: $moved }) { success }
      }`,
      { bucket: stack.bucket, key, copy: `copy/${key}`, moved: `moved/${key}` },
    );
    expect(moved.data).toEqual({ copyObject: { success: true }, moveObject: { success: true } });
    const after = await stack.graphql<{ source: null; moved: { text: string } }>(
      `query($bucket: String!, $key: String!, $moved: String!) {
        source: getObject(bucket: $bucket, key: $key) { text }
        moved: getObject(bucket: $bucket, key: $moved) { text }
      }`,
      { bucket: stack.bucket, key, moved: `moved/${key}` },
    );
    expect(after.data).toEqual({ source: null, moved: { text: `text of ${key}` } });
  });

  it.runIf(storeKind === 'embedded')('writes nothing outside the embedded store directory', async () => {
    const dataDirectory = stack.dataDirectory ?? '';
    const parent = dirname(dataDirectory);
    const outside = (await readdir(parent)).filter((name) => name !== relative(parent, dataDirectory));
    expect(outside.filter((name) => name.includes('escaped') || name === 'etc' || name.includes('passwd'))).toEqual([]);
    for (const file of await filesUnder(dataDirectory)) expect(relative(dataDirectory, file).startsWith('..')).toBe(false);
    expect((await filesUnder(dataDirectory)).length).toBeGreaterThan(PATH_LIKE_KEYS.length);
  });
});

describe("keys with ! ' ( ) *, which SigV4 encodes and encodeURIComponent does not", () => {
  const folder = "it's (really) *odd*!/";
  const keys = [`${folder}a.txt`, `${folder}b (copy).txt`, `${folder}c!.txt`];

  it('lists them by prefix and pages past them with a cursor', async () => {
    for (const key of keys) {
      const put = await stack.graphql(ROUND_TRIP, { bucket: stack.bucket, key, text: key });
      expect(put.data).toEqual({ putObject: { success: true, error: null } });
    }
    const page = (after: string | null) =>
      stack.graphql<{ bucket: { entries: { edges: { node: { key?: string } }[]; pageInfo: { endCursor: string } } } }>(
        `query($bucket: String!, $prefix: String!, $after: String) {
          bucket(name: $bucket) {
            entries(prefix: $prefix, delimiter: "/", first: 2, after: $after) { edges { node { ... on S3Object { key } } } pageInfo { endCursor } }
          }
        }`,
        { bucket: stack.bucket, prefix: folder, after },
      );
    const first = await page(null);
    expect(first.errors).toBeUndefined();
    expect(first.data?.bucket.entries.edges.map(({ node }) => node.key)).toEqual(keys.slice(0, 2));
    const second = await page(first.data?.bucket.entries.pageInfo.endCursor ?? null);
    expect(second.errors).toBeUndefined();
    expect(second.data?.bucket.entries.edges.map(({ node }) => node.key)).toEqual(keys.slice(2));
  });
});
