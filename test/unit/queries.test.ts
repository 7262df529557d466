import { HeadBucketCommand, ListBucketsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { createLogger } from '@graphql-yoga/logger';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ANONYMOUS } from '../../src/auth/authenticate.js';
import { loadConfig } from '../../src/config.js';
import { ObjectEvents } from '../../src/events.js';
import { JobRegistry, jobPlanner, MemoryJobs } from '../../src/jobs.js';
import { keptInMemory } from '../../src/kept-state.js';
import { Summaries } from '../../src/summaries.js';
import { ArchiveLinks } from '../../src/archives.js';
import { GatewayMetrics } from '../../src/observability.js';
import { S3Storage } from '../../src/s3/storage.js';
import { createGatewayYoga } from '../../src/server/yoga.js';

/** The query resolvers (buckets, listings, paging) through the whole graph (yoga.fetch, no port), on a mocked S3 client. */

const s3 = mockClient(S3Client);
const config = loadConfig({ HOME: '/nonexistent', S3_ENDPOINT: 'http://store.internal:9000' });
const storage = new S3Storage(new S3Client({ region: 'us-east-1' }), config.limits, { warn: () => undefined });
const summaries = new Summaries(keptInMemory(), 60);
const archives = new ArchiveLinks(keptInMemory(), 60);
const yoga = createGatewayYoga({
  s3: storage,
  jobs: new MemoryJobs(
    new JobRegistry({ retentionSeconds: 60, maxRunningPerOwner: 4, maxRunning: 16, maxFinished: 1000 }, () => undefined),
    jobPlanner(storage, config.limits.maxConcurrency, summaries),
  ),
  objectEvents: ObjectEvents.inMemory(),
  summaries,
  archives,
  config,
  logger: createLogger('silent'),
  metrics: new GatewayMetrics(),
  exampleBucket: undefined,
});

interface Answer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

async function query(source: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  const response = await yoga.fetch(
    'http://gateway/graphql',
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: source, variables }) },
    { principal: ANONYMOUS },
  );
  return (await response.json()) as Answer;
}

beforeEach(() => {
  s3.reset();
  s3.on(HeadBucketCommand).resolves({});
});

describe('buckets', () => {
  it('lists every bucket with its creation date', async () => {
    s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'alpha', CreationDate: new Date('2026-01-02T03:04:05Z') }, { Name: 'beta' }] });
    expect(await query('{ buckets { name creationDate } }')).toEqual({
      data: {
        buckets: [
          { name: 'alpha', creationDate: '2026-01-02T03:04:05.000Z' },
          { name: 'beta', creationDate: null },
        ],
      },
    });
  });

  it("answers a bucket's creation date null, not an error, when ListBuckets is refused", async () => {
    s3.on(ListBucketsCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
    expect(await query('{ bucket(name: "alpha") { name creationDate } }')).toEqual({
      data: { bucket: { name: 'alpha', creationDate: null } },
    });
  });
});

describe('listings', () => {
  const ENTRIES = `query($first: Int, $after: String, $startAfter: String) {
    bucket(name: "alpha") {
      entries(prefix: "docs/", first: $first, after: $after, startAfter: $startAfter) {
        edges { cursor node { __typename ... on Prefix { prefix name } ... on S3Object { key size } } }
        pageInfo { hasNextPage hasPreviousPage endCursor }
      }
    }
  }`;

  it("answers a folder's sub-folders and objects in S3 order, and a cursor that resumes after the last", async () => {
    s3.on(ListObjectsV2Command).resolves({
      IsTruncated: true,
      Contents: [{ Key: 'docs/a.txt', Size: 3, ETag: '"e"' }],
      CommonPrefixes: [{ Prefix: 'docs/guides/' }],
    });
    const first = await query(ENTRIES, { first: 2 });
    const connection = (
      first.data?.bucket as { entries: { edges: { cursor: string; node: unknown }[]; pageInfo: Record<string, unknown> } }
    ).entries;
    expect(connection.edges.map(({ node }) => node)).toEqual([
      { __typename: 'S3Object', key: 'docs/a.txt', size: 3 },
      { __typename: 'Prefix', prefix: 'docs/guides/', name: 'guides' },
    ]);
    expect(connection.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(s3.commandCalls(ListObjectsV2Command)[0]?.args[0].input).toMatchObject({ Bucket: 'alpha', Prefix: 'docs/', Delimiter: '/' });

    s3.resetHistory();
    await query(ENTRIES, { first: 2, after: connection.pageInfo.endCursor });
    expect(s3.commandCalls(ListObjectsV2Command)[0]?.args[0].input).toMatchObject({ StartAfter: 'docs/guides/' });
  });

  it.each([
    [{ first: 0 }, /first must be between 1 and/],
    [{ first: 1001 }, /first must be between 1 and/],
    [{ after: 'not-a-cursor' }, /Invalid cursor/],
    [{ after: 'azpkb2NzL2EudHh0', startAfter: 'docs/a.txt' }, /Give after or startAfter, not both/],
  ])('refuses the page %j as INVALID_INPUT, before any S3 request', async (variables, message) => {
    const answer = await query(ENTRIES, variables);
    expect(answer.errors?.[0]).toMatchObject({ extensions: { code: 'INVALID_INPUT' } });
    expect(answer.errors?.[0]?.message).toMatch(message);
    expect(s3.commandCalls(ListObjectsV2Command)).toEqual([]);
  });

  it('refuses folders without a delimiter to cut keys at', async () => {
    const answer = await query('{ bucket(name: "alpha") { prefixes(delimiter: "") { edges { node { prefix } } } } }');
    expect(answer.errors?.[0]).toMatchObject({
      extensions: { code: 'INVALID_INPUT' },
      message: 'Listing prefixes needs a non-empty delimiter.',
    });
  });
});
