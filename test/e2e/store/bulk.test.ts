import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Proxy, type S3Proxy } from '../../support/s3-proxy.js';
import { postGraphQL, startStack, uniqueBucketName, type TestStack } from '../../support/stack.js';

let stack: TestStack;

const MANY = 2500;
const manyKeys = (prefix: string) => Array.from({ length: MANY }, (_, index) => `${prefix}${String(index).padStart(5, '0')}.txt`);

async function put(bucket: string, keys: string[], concurrency = 32): Promise<void> {
  const queue = [...keys];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
        await stack.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `body of ${key}` }));
      }
    }),
  );
}

async function keysIn(bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await stack.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).map(({ Key }) => Key ?? ''));
    token = page.NextContinuationToken;
  } while (token !== undefined);
  return keys;
}

async function text(bucket: string, key: string): Promise<string> {
  const { Body } = await stack.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (Body as { transformToString(): Promise<string> }).transformToString();
}

interface Job {
  id: string;
  kind: string;
  state: string;
  done: boolean;
  succeeded: number;
  failed: number;
  bytes: number;
  failures: { key: string; code: string }[];
}
interface BatchResult {
  success: boolean;
  error: { code: string; message: string } | null;
  job: Job | null;
}

const JOB_FIELDS = 'id kind state done succeeded failed bytes failures { key code }';
const BULK = (mutation: string, input: string) => /* GraphQL */ `
  mutation($input: ${input}!) { ${mutation}(input: $input) { success error { code message } job { ${JOB_FIELDS} } } }
`;

async function bulk(mutation: string, input: string, variables: Record<string, unknown>): Promise<BatchResult> {
  const result = await stack.graphql<Record<string, BatchResult>>(BULK(mutation, input), { input: variables });
  expect(result.errors).toBeUndefined();
  return result.data?.[mutation] as BatchResult;
}

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

describe('listing at scale', () => {
  it('pages through 2,500 keys in pages of 1000, each key once and in order', async () => {
    const keys = manyKeys('scale/');
    await put(stack.bucket, keys);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const result: {
        data?: { bucket: { objects: { edges: { node: { key: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } };
      } = await stack.graphql(
        `query($b: String!, $after: String) { bucket(name: $b) { objects(prefix: "scale/", first: 1000, after: $after) { edges { node { key } } pageInfo { hasNextPage endCursor } } } }`,
        {
          b: stack.bucket,
          after,
        },
      );
      const connection = result.data?.bucket.objects;
      pages += 1;
      seen.push(...(connection?.edges.map((edge) => edge.node.key) ?? []));
      if (connection?.pageInfo.hasNextPage !== true) break;
      after = connection.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(keys);
  });

  it('starts after a key given as startAfter, and refuses it together with after', async () => {
    const result = await stack.graphql<{ bucket: { objects: { edges: { node: { key: string } }[] } } }>(
      `query($b: String!) { bucket(name: $b) { objects(prefix: "scale/", startAfter: "scale/02497.txt") { edges { node { key } } } } }`,
      { b: stack.bucket },
    );
    expect(result.data?.bucket.objects.edges.map((edge) => edge.node.key)).toEqual(['scale/02498.txt', 'scale/02499.txt']);
    const both = await stack.graphql(
      `query($b: String!) { bucket(name: $b) { objects(startAfter: "a", after: "azph") { edges { cursor } } } }`,
      { b: stack.bucket },
    );
    expect(both.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
  });

  it('lists folders and objects together for a file browser, in S3 order, across pages', async () => {
    await put(stack.bucket, ['browse/b.txt', 'browse/a/1.txt', 'browse/c/2.txt', 'browse/a-z.txt', 'browse/d.txt']);
    const names: string[] = [];
    let after: string | null = null;
    for (;;) {
      const result: {
        data?: {
          bucket: {
            entries: {
              edges: { node: { __typename: string; key?: string; prefix?: string; name?: string } }[];
              pageInfo: { hasNextPage: boolean; endCursor: string };
            };
          };
        };
      } = await stack.graphql(
        `query($b: String!, $after: String) { bucket(name: $b) { entries(prefix: "browse/", first: 2, after: $after) {
            edges { node { __typename ... on Prefix { prefix name } ... on S3Object { key size } } }
            pageInfo { hasNextPage endCursor } } } }`,
        { b: stack.bucket, after },
      );
      const entries = result.data?.bucket.entries;
      names.push(...(entries?.edges.map(({ node }) => `${node.__typename}:${node.prefix ?? node.key ?? ''}`) ?? []));
      if (entries?.pageInfo.hasNextPage !== true) break;
      after = entries.pageInfo.endCursor;
    }
    expect(names).toEqual([
      'S3Object:browse/a-z.txt',
      'Prefix:browse/a/',
      'S3Object:browse/b.txt',
      'Prefix:browse/c/',
      'S3Object:browse/d.txt',
    ]);
  });
});

describe('bulk operations', () => {
  it('deletes a prefix of 2,500 objects, leaving nothing behind and the rest untouched', async () => {
    await put(stack.bucket, [...manyKeys('doomed/'), 'doomed-not/keep.txt']);
    const result = await bulk('deletePrefix', 'DeletePrefixInput', { bucket: stack.bucket, prefix: 'doomed/' });
    expect(result).toMatchObject({
      success: true,
      error: null,
      job: { kind: 'DELETE_PREFIX', state: 'SUCCEEDED', done: true, succeeded: MANY, failed: 0 },
    });
    expect(await keysIn(stack.bucket, 'doomed/')).toEqual([]);
    expect(await keysIn(stack.bucket, 'doomed-not/')).toEqual(['doomed-not/keep.txt']);
  });

  it('moves a prefix of 2,500 objects to another bucket: every object arrives, no source remains', async () => {
    const destination = await stack.createBucket();
    const keys = manyKeys('moving/');
    await put(stack.bucket, keys);
    const result = await bulk('movePrefix', 'MovePrefixInput', {
      bucket: stack.bucket,
      prefix: 'moving/',
      destinationBucket: destination,
      destinationPrefix: 'arrived/',
    });
    expect(result).toMatchObject({ success: true, job: { kind: 'MOVE_PREFIX', state: 'SUCCEEDED', succeeded: MANY, failed: 0 } });
    expect(result.job?.bytes).toBe(keys.reduce((sum, key) => sum + `body of ${key}`.length, 0));
    expect(await keysIn(stack.bucket, 'moving/')).toEqual([]);
    const arrived = await keysIn(destination, 'arrived/');
    expect(arrived).toEqual(keys.map((key) => key.replace('moving/', 'arrived/')));
    expect(await text(destination, 'arrived/01234.txt')).toBe('body of moving/01234.txt');
  });

  it('copies a prefix within the bucket and keeps the sources', async () => {
    await put(stack.bucket, ['tocopy/a.txt', 'tocopy/sub/b.txt']);
    const result = await bulk('copyPrefix', 'CopyPrefixInput', { bucket: stack.bucket, prefix: 'tocopy/', destinationPrefix: 'copied/' });
    expect(result).toMatchObject({ success: true, job: { state: 'SUCCEEDED', succeeded: 2 } });
    expect(await keysIn(stack.bucket, 'copied/')).toEqual(['copied/a.txt', 'copied/sub/b.txt']);
    expect(await keysIn(stack.bucket, 'tocopy/')).toEqual(['tocopy/a.txt', 'tocopy/sub/b.txt']);
  });

  it('refuses overlapping prefixes in one bucket, which would overwrite sources not yet moved', async () => {
    await put(stack.bucket, ['nest/a/b/x.txt', 'nest/a/x.txt']);
    for (const [prefix, destinationPrefix] of [
      ['nest/a/', 'nest/'],
      ['nest/', 'nest/a/'],
    ]) {
      const result = await bulk('movePrefix', 'MovePrefixInput', { bucket: stack.bucket, prefix, destinationPrefix });
      expect(result).toMatchObject({ success: false, error: { code: 'INVALID_INPUT' }, job: null });
    }
    expect(await keysIn(stack.bucket, 'nest/')).toEqual(['nest/a/b/x.txt', 'nest/a/x.txt']);
  });

  it('fails a move to a missing bucket as a whole, keeping every source', async () => {
    await put(stack.bucket, ['stay/1.txt', 'stay/2.txt']);
    const result = await bulk('movePrefix', 'MovePrefixInput', {
      bucket: stack.bucket,
      prefix: 'stay/',
      destinationBucket: uniqueBucketName('missing'),
    });
    expect(result).toMatchObject({ success: false, error: { code: 'NO_SUCH_BUCKET' }, job: { state: 'FAILED', succeeded: 0 } });
    expect(await keysIn(stack.bucket, 'stay/')).toEqual(['stay/1.txt', 'stay/2.txt']);
  });

  it('deletes a list of keys, counting a missing key as deleted and reporting an invalid one', async () => {
    await put(stack.bucket, ['list/1.txt', 'list/2.txt']);
    const result = await bulk('deleteObjects', 'DeleteObjectsInput', {
      bucket: stack.bucket,
      keys: ['list/1.txt', 'list/2.txt', 'list/missing.txt', ''],
    });
    expect(result).toMatchObject({
      success: false,
      error: { code: 'INVALID_INPUT' },
      job: { kind: 'DELETE_OBJECTS', state: 'PARTIAL', succeeded: 3, failed: 1, failures: [{ key: '', code: 'INVALID_INPUT' }] },
    });
    expect(await keysIn(stack.bucket, 'list/')).toEqual([]);
  });

  it('runs as a job to follow live over server-sent events, and to query afterwards', async () => {
    await put(stack.bucket, manyKeys('followed/').slice(0, 300));
    const started = await bulk('deletePrefix', 'DeletePrefixInput', { bucket: stack.bucket, prefix: 'followed/', wait: false });
    expect(started).toMatchObject({ success: true, job: { kind: 'DELETE_PREFIX' } });
    const id = started.job?.id ?? '';

    const response = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: `subscription($id: ID!) { job(id: $id) { state done succeeded } }`, variables: { id } }),
    });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events = (await response.text())
      .split('\n')
      .filter((line) => line.startsWith('data: {'))
      .map((line) => (JSON.parse(line.slice(6)) as { data: { job: { state: string; done: boolean; succeeded: number } } }).data.job);
    expect(events.at(-1)).toEqual({ state: 'SUCCEEDED', done: true, succeeded: 300 });
    for (let index = 1; index < events.length; index += 1)
      expect(events[index]?.succeeded).toBeGreaterThanOrEqual(events[index - 1]?.succeeded ?? 0);

    const queried = await stack.graphql<{ job: Job }>(`query($id: ID!) { job(id: $id) { ${JOB_FIELDS} } }`, { id });
    expect(queried.data?.job).toMatchObject({ id, state: 'SUCCEEDED', succeeded: 300, failed: 0 });
    expect((await stack.graphql(`{ job(id: "no-such-job") { id } }`)).data).toEqual({ job: null });
  });
});

describe('buckets', () => {
  it('creates a bucket, refuses to delete it while it holds objects, then deletes it emptied', async () => {
    const name = uniqueBucketName('made');
    const created = await stack.graphql<{ createBucket: { success: boolean; bucket: { name: string; region: string } } }>(
      `mutation($name: String!) { createBucket(input: { name: $name }) { success error { code message } bucket { name region } } }`,
      { name },
    );
    // The store names the location: AWS a region, Ceph its zonegroup ("default").
    expect(created.data?.createBucket).toMatchObject({
      success: true,
      bucket: { name, region: expect.stringMatching(/^[a-z0-9-]+$/) as string },
    });
    await stack.s3.send(new PutObjectCommand({ Bucket: name, Key: 'inside.txt', Body: 'x' }));

    const DELETE = `mutation($name: String!, $empty: Boolean) { deleteBucket(input: { name: $name, emptyFirst: $empty }) { success error { code message } } }`;
    const refused = await stack.graphql<{ deleteBucket: { success: boolean; error: { code: string } } }>(DELETE, { name });
    expect(refused.data?.deleteBucket).toMatchObject({ success: false, error: { code: 'BUCKET_NOT_EMPTY' } });
    await expect(stack.s3.send(new HeadObjectCommand({ Bucket: name, Key: 'inside.txt' }))).resolves.toBeDefined();

    const deleted = await stack.graphql(DELETE, { name, empty: true });
    expect(deleted.data).toEqual({ deleteBucket: { success: true, error: null } });
    expect((await stack.graphql(`query($name: String!) { bucket(name: $name) { name } }`, { name })).data).toEqual({ bucket: null });
  });

  it('creates an empty bucket and deletes it, and refuses an invalid name', async () => {
    const name = uniqueBucketName('brief');
    const created = await stack.graphql(`mutation($name: String!) { createBucket(input: { name: $name }) { success } }`, { name });
    expect(created.data).toEqual({ createBucket: { success: true } });
    const deleted = await stack.graphql(`mutation($name: String!) { deleteBucket(input: { name: $name }) { success } }`, { name });
    expect(deleted.data).toEqual({ deleteBucket: { success: true } });
    const invalid = await stack.graphql<{ createBucket: { success: boolean; error: { code: string } } }>(
      `mutation { createBucket(input: { name: "Not_Valid" }) { success error { code } } }`,
    );
    expect(invalid.data?.createBucket).toEqual({ success: false, error: { code: 'INVALID_INPUT' } });
  });
});

describe('S3 requests per query', () => {
  let proxy: S3Proxy;
  let url: string;

  beforeAll(async () => {
    proxy = await startS3Proxy(stack.gateway.storeEndpoint ?? '');
    url = (await stack.gatewayVia(proxy.endpoint)).url;
    await put(stack.bucket, ['count/a/1.txt', 'count/a/2.txt', 'count/b/3.txt', 'count/top.txt']);
  });
  afterAll(() => proxy.close());

  it('makes one ListObjectsV2 per listing, one HeadObject per object only for fields a listing lacks, and one HeadBucket', async () => {
    proxy.reset();
    const plain = await postGraphQL(
      url,
      `query($b: String!) { bucket(name: $b) { objects(prefix: "count/") { edges { node { key size eTag lastModified storageClass } } } } }`,
      {
        b: stack.bucket,
      },
    );
    expect(plain.errors).toBeUndefined();
    expect(proxy.operations).toEqual(['HeadBucket', 'ListObjectsV2']);

    proxy.reset();
    const nested = await postGraphQL(
      url,
      `query($b: String!) { bucket(name: $b) { prefixes(prefix: "count/") { edges { node { name
        objects { edges { node { key contentType metadata { key } document { contentType size } } } } } } } } }`,
      { b: stack.bucket },
    );
    expect(nested.errors).toBeUndefined();
    // The bucket is known from the first query; two folders, one listing each; three objects, one HeadObject each.
    expect([...proxy.operations].sort()).toEqual([
      'HeadObject',
      'HeadObject',
      'HeadObject',
      'ListObjectsV2',
      'ListObjectsV2',
      'ListObjectsV2',
    ]);
  });

  it('refuses a query that could fan out past MAX_QUERY_COST before making any S3 request', async () => {
    proxy.reset();
    const result = await postGraphQL(
      url,
      `query($b: String!) { bucket(name: $b) { prefixes(first: 1000) { edges { node { prefixes(first: 1000) { edges { node { objects(first: 1000) { edges { node { contentType } } } } } } } } } } }`,
      { b: stack.bucket },
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(result.errors?.[0]?.message).toMatch(/limit is 25000/);
    expect(proxy.operations).toEqual([]);
  });
});
