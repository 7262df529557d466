import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../support/stack.js';

let stack: TestStack;

interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

async function put(keys: string[], concurrency = 16): Promise<void> {
  const queue = [...keys];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
        await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: key, Body: key }));
      }
    }),
  );
}

const S3_ORDER = (left: string, right: string) => Buffer.compare(Buffer.from(left), Buffer.from(right));

const PAGED_KEYS = Array.from({ length: 250 }, (_, index) => `paged/item-${String(index).padStart(4, '0')}`);
const TREE_KEYS = [
  'tree/a/1.txt',
  'tree/a/x/deep.txt',
  'tree/a/x/y/deeper.txt',
  'tree/b.txt',
  'tree/c/2.txt',
  'tree/d.txt',
  'tree/e/3.txt',
];
// UTF-16 order puts the emoji (a surrogate pair) before U+FF01; S3's UTF-8 byte order puts it after.
const UNICODE_KEYS = ['order/\uff01.txt', 'order/😀.txt', 'order/z.txt', 'order/É.txt', 'order/a.txt'];

beforeAll(async () => {
  stack = await startStack();
  await put([...PAGED_KEYS, ...TREE_KEYS, ...UNICODE_KEYS]);
});
afterAll(() => stack.close());

const OBJECTS = /* GraphQL */ `
  query Objects($bucket: String!, $prefix: String, $delimiter: String, $first: Int, $after: String) {
    bucket(name: $bucket) {
      objects(prefix: $prefix, delimiter: $delimiter, first: $first, after: $after) {
        edges {
          cursor
          node {
            key
            size
            eTag
            lastModified
            storageClass
          }
        }
        pageInfo {
          hasNextPage
          hasPreviousPage
          startCursor
          endCursor
        }
      }
    }
  }
`;
const PREFIXES = /* GraphQL */ `
  query Prefixes($bucket: String!, $prefix: String, $first: Int, $after: String) {
    bucket(name: $bucket) {
      prefixes(prefix: $prefix, first: $first, after: $after) {
        edges {
          cursor
          node {
            prefix
            name
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

type ObjectNode = { key: string; size: number; eTag: string; lastModified: string; storageClass: string };

async function objectsPage(variables: Record<string, unknown>): Promise<Page<ObjectNode>> {
  const result = await stack.graphql<{ bucket: { objects: Page<ObjectNode> } }>(OBJECTS, { bucket: stack.bucket, ...variables });
  expect(result.errors).toBeUndefined();
  return result.data?.bucket.objects as Page<ObjectNode>;
}

async function allPages<T>(fetchPage: (after: string | null) => Promise<Page<T>>): Promise<{ nodes: T[]; pages: number }> {
  const nodes: T[] = [];
  let after: string | null = null;
  for (let pages = 1; ; pages += 1) {
    const page = await fetchPage(after);
    nodes.push(...page.edges.map((edge) => edge.node));
    if (!page.pageInfo.hasNextPage) return { nodes, pages };
    after = page.pageInfo.endCursor;
  }
}

describe('object listings', () => {
  it('pages through every key once, in S3 order', async () => {
    const { nodes, pages } = await allPages((after) => objectsPage({ prefix: 'paged/', first: 100, after }));
    expect(pages).toBe(3);
    expect(nodes.map((node) => node.key)).toEqual(PAGED_KEYS);
    expect(nodes[0]).toMatchObject({ size: PAGED_KEYS[0]?.length, storageClass: 'STANDARD' });
    expect(nodes[0]?.eTag).toMatch(/^"[0-9a-f]{32}"$/);
  });

  it('resumes after any edge cursor, not only the end cursor', async () => {
    const first = await objectsPage({ prefix: 'paged/', first: 10 });
    const fromFifth = await objectsPage({ prefix: 'paged/', first: 3, after: first.edges[4]?.cursor });
    expect(fromFifth.edges.map((edge) => edge.node.key)).toEqual(PAGED_KEYS.slice(5, 8));
    expect(fromFifth.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true, startCursor: fromFifth.edges[0]?.cursor });
    expect(first.pageInfo.hasPreviousPage).toBe(false);
  });

  it('defaults to pages of 100 and accepts 1000', async () => {
    expect((await objectsPage({ prefix: 'paged/' })).edges).toHaveLength(100);
    const big = await objectsPage({ prefix: 'paged/', first: 1000 });
    expect(big.edges).toHaveLength(250);
    expect(big.pageInfo.hasNextPage).toBe(false);
  });

  it('lists keys in UTF-8 byte order, as S3 does', async () => {
    const page = await objectsPage({ prefix: 'order/' });
    expect(page.edges.map((edge) => edge.node.key)).toEqual([...UNICODE_KEYS].sort(S3_ORDER));
  });

  it('with a delimiter, lists only the objects directly below the prefix, across pages', async () => {
    const { nodes } = await allPages((after) => objectsPage({ prefix: 'tree/', delimiter: '/', first: 1, after }));
    expect(nodes.map((node) => node.key)).toEqual(['tree/b.txt', 'tree/d.txt']);
  });

  it('refuses pages above 1000 or below 1, and foreign cursors', async () => {
    for (const first of [1001, 0, -5]) {
      const result = await stack.graphql(OBJECTS, { bucket: stack.bucket, first });
      expect(result.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    }
    const badCursor = await stack.graphql(OBJECTS, { bucket: stack.bucket, after: 'not-a-cursor!' });
    expect(badCursor.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    expect(badCursor.errors?.[0]?.message).toContain('cursor');
  });

  it('answers an empty page for a prefix with nothing below it', async () => {
    const page = await objectsPage({ prefix: 'nothing-here/' });
    expect(page).toEqual({ edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } });
  });

  it('lists objects under every bucket in one query, and answers null for a missing bucket', async () => {
    const result = await stack.graphql(`{ buckets { name objects(first: 1) { edges { node { key } } } } }`);
    expect(result.errors).toBeUndefined();
    const listed = await stack.graphql(`{ bucket(name: "no-such-bucket-s3gw-test") { objects { edges { node { key } } } } }`);
    expect(listed).toMatchObject({ data: { bucket: null } });
  });
});

describe('prefixes (folders)', () => {
  it('lists the folders directly below a prefix, with their names, across pages', async () => {
    const pages: Page<{ prefix: string; name: string }>[] = [];
    const { nodes } = await allPages(async (after) => {
      const result = await stack.graphql<{ bucket: { prefixes: Page<{ prefix: string; name: string }> } }>(PREFIXES, {
        bucket: stack.bucket,
        prefix: 'tree/',
        first: 1,
        after,
      });
      const page = result.data?.bucket.prefixes as Page<{ prefix: string; name: string }>;
      pages.push(page);
      return page;
    });
    expect(nodes).toEqual([
      { prefix: 'tree/a/', name: 'a' },
      { prefix: 'tree/c/', name: 'c' },
      { prefix: 'tree/e/', name: 'e' },
    ]);
  });

  it('walks a folder tree three levels deep through Prefix.prefixes and Prefix.objects', async () => {
    const result = await stack.graphql<{
      bucket: {
        prefixes: Page<{
          name: string;
          prefixes: Page<{ name: string; objects: Page<{ key: string }>; prefixes: Page<{ prefix: string }> }>;
        }>;
      };
    }>(
      `query($bucket: String!) {
        bucket(name: $bucket) {
          prefixes(prefix: "tree/") { edges { node { name
            prefixes { edges { node { name objects { edges { node { key } } } prefixes { edges { node { prefix } } } } } }
          } } }
        }
      }`,
      { bucket: stack.bucket },
    );
    expect(result.errors).toBeUndefined();
    const folderA = result.data?.bucket.prefixes.edges[0]?.node;
    expect(folderA?.name).toBe('a');
    expect(folderA?.prefixes.edges.map((edge) => edge.node)).toEqual([
      {
        name: 'x',
        objects: { edges: [{ node: { key: 'tree/a/x/deep.txt' } }] },
        prefixes: { edges: [{ node: { prefix: 'tree/a/x/y/' } }] },
      },
    ]);
  });

  it('lists the top-level folders of the bucket by default', async () => {
    const result = await stack.graphql<{ bucket: { prefixes: Page<{ prefix: string }> } }>(PREFIXES, { bucket: stack.bucket });
    expect(result.data?.bucket.prefixes.edges.map((edge) => edge.node.prefix)).toEqual(['order/', 'paged/', 'tree/']);
  });
});

describe('buckets', () => {
  it('lists the buckets with their creation dates, and finds one by name', async () => {
    const result = await stack.graphql<{
      buckets: { name: string; creationDate: string }[];
      bucket: { name: string; creationDate: string };
    }>(`query($bucket: String!) { buckets { name creationDate } bucket(name: $bucket) { name creationDate } }`, { bucket: stack.bucket });
    expect(result.errors).toBeUndefined();
    const listed = result.data?.buckets.find((bucket) => bucket.name === stack.bucket);
    expect(listed?.creationDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(result.data?.bucket).toEqual(listed);
  });
});
