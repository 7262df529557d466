import { HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type GraphQLResponse, type TestStack } from '../../support/stack.js';

/** Search, folder summaries and new folders over 10,000 keys, with a small scan bound so that every search pages across it. */

let stack: TestStack;
const SCAN_BOUND = 700;
const INLINE_SUMMARY_BOUND = 2000;
const PREFIX = 'search/';
const EXTENSIONS = ['jpg', 'pdf', 'txt', 'JPG'];
const keyOf = (index: number) => `${PREFIX}d${index % 10}/File-${String(index).padStart(5, '0')}.${EXTENSIONS[index % EXTENSIONS.length]}`;
const sizeOf = (index: number) => index % 50;
const EARLY = Array.from({ length: 9990 }, (_, index) => index);
const LATE = Array.from({ length: 10 }, (_, index) => 9990 + index);
let boundary: Date;

const S3_ORDER = (left: string, right: string) => Buffer.compare(Buffer.from(left), Buffer.from(right));

async function put(indexes: number[], concurrency = 32): Promise<void> {
  const queue = [...indexes];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let index = queue.shift(); index !== undefined; index = queue.shift()) {
        await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: keyOf(index), Body: 'x'.repeat(sizeOf(index)) }));
      }
    }),
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  stack = await startStack({ SEARCH_MAX_SCANNED_KEYS: String(SCAN_BOUND), SUMMARY_INLINE_MAX_KEYS: String(INLINE_SUMMARY_BOUND) });
  await put(EARLY);
  // Stores keep modification times to the second: the late keys are written well after the boundary.
  await sleep(1500);
  boundary = new Date();
  await sleep(1500);
  await put(LATE);
}, 600_000);
afterAll(() => stack.close());

interface SearchPage {
  edges: { node: { key: string; size: number } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const SEARCH = /* GraphQL */ `
  query Search(
    $bucket: String!
    $prefix: String
    $nameContains: String
    $glob: String
    $minSize: SafeInt
    $maxSize: SafeInt
    $modifiedAfter: DateTime
    $modifiedBefore: DateTime
    $first: Int
    $after: String
  ) {
    bucket(name: $bucket) {
      search(
        prefix: $prefix
        nameContains: $nameContains
        glob: $glob
        minSize: $minSize
        maxSize: $maxSize
        modifiedAfter: $modifiedAfter
        modifiedBefore: $modifiedBefore
        first: $first
        after: $after
      ) {
        edges {
          node {
            key
            size
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

/** Every page of a search, in order; also how many pages ended early at the scan bound. */
async function searchAll(filters: Record<string, unknown>, first = 100): Promise<{ keys: string[]; pages: number; shortPages: number }> {
  const keys: string[] = [];
  let after: string | null = null;
  let pages = 0;
  let shortPages = 0;
  for (;;) {
    const answer: GraphQLResponse<{ bucket: { search: SearchPage } }> = await stack.graphql(SEARCH, {
      bucket: stack.bucket,
      prefix: PREFIX,
      first,
      after,
      ...filters,
    });
    expect(answer.errors).toBeUndefined();
    const page = answer.data?.bucket.search;
    if (page === undefined) throw new Error('no page');
    pages += 1;
    keys.push(...page.edges.map(({ node }) => node.key));
    if (!page.pageInfo.hasNextPage) return { keys, pages, shortPages };
    if (page.edges.length < first) shortPages += 1;
    after = page.pageInfo.endCursor;
  }
}

const ALL = [...EARLY, ...LATE];
const expectedKeys = (keep: (index: number) => boolean) => ALL.filter(keep).map(keyOf).sort(S3_ORDER);
const nameOf = (index: number) => keyOf(index).slice(PREFIX.length);

// Each search lists all 10,000 keys, some 15 requests, which a busy embedded store answers in tens of seconds.
describe('Bucket.search over 10,000 keys, paged across the scan bound', { timeout: 300_000 }, () => {
  it.each([
    ['nameContains, in any case', { nameContains: 'file-0012' }, (index: number) => nameOf(index).toLowerCase().includes('file-0012')],
    ['a ** glob', { glob: '**/*.jpg', first: 1000 }, (index: number) => nameOf(index).endsWith('.jpg')],
    ['a glob with ? and a folder', { glob: 'd3/File-0?1*.pdf' }, (index: number) => /^d3\/File-0.1.*\.pdf$/.test(nameOf(index))],
    ['a size range', { minSize: 10, maxSize: 12 }, (index: number) => sizeOf(index) >= 10 && sizeOf(index) <= 12],
    ['modifiedAfter', { modifiedAfter: 'BOUNDARY' }, (index: number) => index >= 9990],
    ['modifiedBefore', { modifiedBefore: 'BOUNDARY', first: 1000 }, (index: number) => index < 9990],
  ])('finds every match of %s, once each, in key order', async (_label, filters, keep) => {
    const resolved = Object.fromEntries(Object.entries(filters).map(([name, value]) => [name, value === 'BOUNDARY' ? boundary : value]));
    const { first, ...rest } = resolved;
    const { keys, shortPages } = await searchAll(rest, typeof first === 'number' ? first : 100);
    expect(keys).toEqual(expectedKeys(keep));
    // The scan bound ended pages early, and the cursors resumed the scan.
    expect(shortPages).toBeGreaterThan(0);
  });

  it('pages through everything with no key lost or repeated', async () => {
    // Pages of 300 end both ways: at `first` within a store page, and at the scan bound.
    const { keys, pages } = await searchAll({}, 300);
    expect(keys).toEqual(expectedKeys(() => true));
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(ALL.length / SCAN_BOUND));
  });

  it.each([
    [{ glob: '[abc' }, 'an unclosed bracket'],
    [{ glob: '{a,b' }, 'an unclosed brace'],
    [{ minSize: 10, maxSize: 5 }, 'an inverted size range'],
    [{ modifiedAfter: '2026-01-02T00:00:00Z', modifiedBefore: '2026-01-01T00:00:00Z' }, 'an inverted date range'],
    [{ modifiedAfter: 'yesterday' }, 'a date that is not a date'],
    [{ after: 'not-a-cursor' }, 'a cursor that is not one'],
  ])('refuses %j (%s) with a typed error', async (filters, reason) => {
    const answer = await stack.graphql(SEARCH, { bucket: stack.bucket, ...filters });
    expect(answer.data?.bucket ?? null, reason).toBeNull();
    expect(['INVALID_INPUT', 'BAD_USER_INPUT']).toContain(answer.errors?.[0]?.extensions?.code);
  });
});

interface Summary {
  objects: number | null;
  bytes: number | null;
  lastModified: string | null;
  computedAt: string | null;
  ageSeconds: number | null;
  job: { id: string; kind: string; state: string } | null;
}

const SUMMARY = /* GraphQL */ `
  query Summary($bucket: String!, $prefix: String) {
    bucket(name: $bucket) {
      summary(prefix: $prefix) {
        objects
        bytes
        lastModified
        computedAt
        ageSeconds
        job {
          id
          kind
          state
        }
      }
    }
  }
`;

async function summary(prefix: string): Promise<Summary> {
  const answer = await stack.graphql<{ bucket: { summary: Summary } }>(SUMMARY, { bucket: stack.bucket, prefix });
  expect(answer.errors).toBeUndefined();
  const result = answer.data?.bucket.summary;
  if (result === undefined) throw new Error('no summary');
  return result;
}

/** What the store itself says of a prefix. */
async function storeFigure(prefix: string): Promise<{ objects: number; bytes: number; lastModified: number }> {
  const figure = { objects: 0, bytes: 0, lastModified: 0 };
  let token: string | undefined;
  do {
    const page = await stack.s3.send(new ListObjectsV2Command({ Bucket: stack.bucket, Prefix: prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) {
      figure.objects += 1;
      figure.bytes += object.Size ?? 0;
      figure.lastModified = Math.max(figure.lastModified, object.LastModified?.getTime() ?? 0);
    }
    token = page.NextContinuationToken;
  } while (token !== undefined);
  return figure;
}

describe('summaries', { timeout: 300_000 }, () => {
  it('answers a small prefix at once, as the store counts it', async () => {
    const figure = await storeFigure(`${PREFIX}d3/`);
    expect(figure.objects).toBeLessThanOrEqual(INLINE_SUMMARY_BOUND);
    const answer = await summary(`${PREFIX}d3/`);
    expect(answer).toMatchObject({ objects: figure.objects, bytes: figure.bytes, job: null });
    expect(new Date(answer.lastModified ?? 0).getTime()).toBe(figure.lastModified);
  });

  it('counts a large prefix in a job, then answers with its figure and how old it is', async () => {
    const first = await summary(PREFIX);
    expect(first).toMatchObject({ objects: null, bytes: null, computedAt: null, job: { kind: 'SUMMARIZE_PREFIX' } });
    // Asking again while it counts follows the same job.
    const again = await summary(PREFIX);
    if (again.job !== null) expect(again.job.id).toBe(first.job?.id);
    let done = again;
    while (done.objects === null) {
      await sleep(200);
      done = await summary(PREFIX);
    }
    const figure = await storeFigure(PREFIX);
    expect(done).toMatchObject({ objects: figure.objects, bytes: figure.bytes, job: null });
    expect(new Date(done.lastModified ?? 0).getTime()).toBe(figure.lastModified);
    expect(done.ageSeconds).toBeGreaterThanOrEqual(0);
    expect(new Date(done.computedAt ?? 0).getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('answers an empty prefix with zeros and no date', async () => {
    expect(await summary('no-such-folder/')).toMatchObject({ objects: 0, bytes: 0, lastModified: null, job: null });
  });
});

const CREATE_FOLDER = /* GraphQL */ `
  mutation ($input: CreateFolderInput!) {
    createFolder(input: $input) {
      success
      error {
        code
      }
      prefix {
        prefix
        name
      }
    }
  }
`;

const ENTRIES = /* GraphQL */ `
  query ($bucket: String!, $prefix: String!) {
    bucket(name: $bucket) {
      entries(prefix: $prefix) {
        edges {
          node {
            __typename
            ... on Prefix {
              prefix
            }
            ... on S3Object {
              key
            }
          }
        }
      }
    }
  }
`;

describe('createFolder', () => {
  it('makes the zero-byte folder/ object, listed as a folder of its parent and not as an object inside itself', async () => {
    const created = await stack.graphql(CREATE_FOLDER, { input: { bucket: stack.bucket, prefix: 'made/new folder' } });
    expect(created.data).toEqual({
      createFolder: { success: true, error: null, prefix: { prefix: 'made/new folder/', name: 'new folder' } },
    });
    const head = await stack.s3.send(new HeadObjectCommand({ Bucket: stack.bucket, Key: 'made/new folder/' }));
    expect(head.ContentLength).toBe(0);
    const parent = await stack.graphql(ENTRIES, { bucket: stack.bucket, prefix: 'made/' });
    expect(parent.data).toEqual({ bucket: { entries: { edges: [{ node: { __typename: 'Prefix', prefix: 'made/new folder/' } }] } } });
    const inside = await stack.graphql(ENTRIES, { bucket: stack.bucket, prefix: 'made/new folder/' });
    expect(inside.data).toEqual({ bucket: { entries: { edges: [] } } });
  });

  it.each(['', '/', 'a//b', 'a/../b', './a'])('refuses the folder name %j with INVALID_INPUT', async (prefix) => {
    const created = await stack.graphql(CREATE_FOLDER, { input: { bucket: stack.bucket, prefix } });
    expect(created.data).toEqual({ createFolder: { success: false, error: { code: 'INVALID_INPUT' }, prefix: null } });
  });
});
