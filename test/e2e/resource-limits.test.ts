import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../src/auth/authenticate.js';
import { startS3Proxy, type S3Proxy } from '../support/s3-proxy.js';
import { postGraphQL, startStack, type TestStack } from '../support/stack.js';

let stack: TestStack;
let proxy: S3Proxy;
/** A gateway whose every S3 request passes the proxy, which counts them. */
let url: string;

const OBJECTS = 100;

beforeAll(async () => {
  stack = await startStack();
  await Promise.all(
    Array.from({ length: OBJECTS }, (_, index) =>
      stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: `many/${String(index).padStart(3, '0')}.txt`, Body: 'x' })),
    ),
  );
  proxy = await startS3Proxy(stack.gateway.storeEndpoint ?? '');
  url = (await stack.gatewayVia(proxy.endpoint)).url;
});

afterAll(async () => {
  await stack.close();
  await proxy.close();
});

const aliases = (count: number, field: string) => Array.from({ length: count }, (_, index) => `a${index}: ${field}`).join(' ');

/** Resolves once `condition` holds, checking at each turn of the event loop. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe('presigned URLs', () => {
  it('refuses 30 downloadUrl aliases on a page of 1000 with QUERY_TOO_COMPLEX, before any S3 request', async () => {
    proxy.reset();
    const query = `query ($b: String!) { bucket(name: $b) { objects(first: 1000) { edges { node { ${aliases(30, 'downloadUrl')} } } } } }`;
    const answer = await postGraphQL(url, query, { b: stack.bucket });
    expect(answer.data).toEqual({ bucket: null });
    expect(answer.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(proxy.operations).toEqual([]);
  });

  it('answers /health while a query signs thousands of URLs', async () => {
    proxy.reset();
    const signatures = 24;
    const query = `query ($b: String!) { bucket(name: $b) { objects(prefix: "many/", first: ${OBJECTS}) { edges { node { ${aliases(signatures, 'downloadUrl')} } } } } }`;
    const progress = { answered: false };
    const signing = postGraphQL<{ bucket: { objects: { edges: { node: Record<string, string> }[] } } }>(url, query, { b: stack.bucket });
    void signing.finally(() => (progress.answered = true));
    // Signing starts once the listing has arrived; from then on, three /health round trips in a row must fit before the answer.
    await until(() => proxy.answered.includes('ListObjectsV2'));
    const health = new URL('/health', url);
    let healthAnswersMeanwhile = 0;
    for (let round = 0; round < 3; round += 1) {
      expect((await fetch(health)).status).toBe(200);
      if (!progress.answered) healthAnswersMeanwhile += 1;
    }
    const { data, errors } = await signing;
    expect(errors).toBeUndefined();
    expect(data?.bucket.objects.edges).toHaveLength(OBJECTS);
    expect(Object.values(data?.bucket.objects.edges[0]?.node ?? {})).toHaveLength(signatures);
    expect(healthAnswersMeanwhile).toBe(3);
  });

  it('counts no S3 request for a presigned URL in /metrics', async () => {
    const metrics = async () => (await fetch(new URL('/metrics', url))).text();
    const getObjects = (text: string) =>
      text.split('\n').filter((line) => line.startsWith('s3_gateway_s3_requests_total{operation="GetObject"'));
    const before = getObjects(await metrics());
    proxy.reset();
    const answer = await postGraphQL(
      url,
      `query ($b: String!) { bucket(name: $b) { objects(prefix: "many/", first: 10) { edges { node { downloadUrl } } } } }`,
      {
        b: stack.bucket,
      },
    );
    expect(answer.errors).toBeUndefined();
    expect(proxy.operations).not.toContain('GetObject');
    expect(getObjects(await metrics())).toEqual(before);
  });
});

describe('inline content', () => {
  const content = 'x'.repeat(400);
  let small: string;

  beforeAll(async () => {
    await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: 'inline/400.txt', Body: content }));
    small = (await stack.gatewayVia(proxy.endpoint, { MAX_INLINE_BYTES_PER_REQUEST: '1000' })).url;
  });

  const getObject = (selection: string) => `query ($b: String!) { getObject(bucket: $b, key: "inline/400.txt") { ${selection} } }`;

  it('reads an object once for 30 aliases of its content', async () => {
    proxy.reset();
    const answer = await postGraphQL<{ getObject: Record<string, string> }>(url, getObject(aliases(30, 'base64')), { b: stack.bucket });
    expect(answer.errors).toBeUndefined();
    expect(new Set(Object.values(answer.data?.getObject ?? {}))).toEqual(new Set([Buffer.from(content).toString('base64')]));
    expect(proxy.operations.filter((operation) => operation === 'GetObject')).toEqual(['GetObject']);
  });

  it('prices content by what it may answer: 30 texts of each of 80 objects are refused before any S3 request', async () => {
    proxy.reset();
    const query = `query ($b: String!) { bucket(name: $b) { objects(prefix: "many/", first: 80) { edges { node { document { ${aliases(30, 'text')} } } } } } }`;
    const answer = await postGraphQL(url, query, { b: stack.bucket });
    expect(answer.data).toEqual({ bucket: null });
    expect(answer.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(proxy.operations).toEqual([]);
  });

  it('answers RESOURCE_EXHAUSTED past MAX_INLINE_BYTES_PER_REQUEST', async () => {
    // The content read (400 bytes) and one text of it (400) fit in 1000 bytes; a second text does not.
    const one = await postGraphQL(small, getObject('text'), { b: stack.bucket });
    expect(one).toEqual({ status: 200, data: { getObject: { text: content } } });
    const two = await postGraphQL(small, getObject('a: text b: text'), { b: stack.bucket });
    expect(two.errors?.map((error) => error.extensions?.code)).toContain('RESOURCE_EXHAUSTED');
    expect(two.errors?.[0]?.message).toMatch(/more than 1000 bytes of inline content/);
  });
});

describe('bulk jobs', () => {
  const keys = { alice: `s3gw_${randomBytes(16).toString('hex')}`, bob: `s3gw_${randomBytes(16).toString('hex')}` };
  let policyDirectory: string;
  let jobsUrl: string;

  beforeAll(async () => {
    policyDirectory = await mkdtemp(join(tmpdir(), 's3gw-jobs-'));
    const policyFile = join(policyDirectory, 'policy.json');
    const principal = (name: keyof typeof keys) => ({
      name,
      apiKeys: [`sha256:${hashApiKey(keys[name])}`],
      grants: [{ buckets: [stack.bucket], actions: ['list', 'read', 'write', 'delete', 'manageBuckets'] }],
    });
    await writeFile(policyFile, JSON.stringify({ principals: [principal('alice'), principal('bob')] }));
    const env = { AUTH_POLICY_FILE: policyFile, MAX_JOBS_PER_PRINCIPAL: '2', MAX_JOBS: '3', MAX_FINISHED_JOBS: '2', S3_MAX_ATTEMPTS: '1' };
    jobsUrl = (await stack.gatewayVia(proxy.endpoint, env)).url;
  });

  afterAll(() => rm(policyDirectory, { recursive: true, force: true }));

  interface Started {
    success: boolean;
    error: { code: string } | null;
    job: { id: string } | null;
  }

  async function as<T>(caller: keyof typeof keys, query: string): Promise<T> {
    const response = await fetch(jobsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${keys[caller]}` },
      body: JSON.stringify({ query, variables: { b: stack.bucket } }),
    });
    const { data } = (await response.json()) as { data: T };
    return data;
  }

  /** `count` deletePrefix jobs started by one request (wait: false), in order. */
  const startJobs = async (caller: keyof typeof keys, count: number, wait = false) =>
    Object.values(
      await as<Record<string, Started>>(
        caller,
        `mutation ($b: String!) { ${Array.from(
          { length: count },
          (_, index) =>
            `j${index}: deletePrefix(input: { bucket: $b, prefix: "jobs/${caller}/${index}/", wait: ${wait} }) { success error { code } job { id } }`,
        ).join(' ')} }`,
      ),
    );

  const jobState = async (caller: keyof typeof keys, id: string) =>
    (await as<{ job: { state: string } | null }>(caller, `{ job(id: "${id}") { state } }`)).job?.state ?? null;

  it('refuses jobs past MAX_JOBS_PER_PRINCIPAL and past MAX_JOBS with RESOURCE_EXHAUSTED, and keeps MAX_FINISHED_JOBS', async () => {
    // Listings hang at the store: the jobs stay running until it goes away.
    proxy.inject({ fault: { kind: 'stall' }, operation: 'ListObjectsV2' });
    const alice = await startJobs('alice', 3);
    expect(alice.map(({ success, error }) => [success, error?.code ?? null])).toEqual([
      [true, null],
      [true, null],
      [false, 'RESOURCE_EXHAUSTED'],
    ]);
    expect(alice[2]?.job).toBeNull();
    const emptyFirst = `mutation ($b: String!) { deleteBucket(input: { name: $b, emptyFirst: true }) { success error { code } } }`;
    expect(await as('alice', emptyFirst)).toEqual({ deleteBucket: { success: false, error: { code: 'RESOURCE_EXHAUSTED' } } });
    const bob = await startJobs('bob', 2);
    expect(bob.map(({ success, error }) => [success, error?.code ?? null])).toEqual([
      [true, null],
      [false, 'RESOURCE_EXHAUSTED'],
    ]);

    // The store goes away and comes back: the hanging jobs fail, and new ones may start.
    proxy.clearFaults();
    await proxy.stop();
    await proxy.start();
    const running = [...alice.slice(0, 2).map((started) => ['alice', started] as const), ['bob', bob[0]] as const];
    for (const [caller, started] of running) {
      while ((await jobState(caller, started?.job?.id ?? '')) === 'RUNNING') await new Promise((resolve) => setImmediate(resolve));
    }
    const again = await startJobs('alice', 2, true);
    expect(again.map(({ success }) => success)).toEqual([true, true]);
    // Only the two jobs that finished last are kept.
    expect(await jobState('alice', alice[0]?.job?.id ?? '')).toBeNull();
    expect(await jobState('alice', again[1]?.job?.id ?? '')).toBe('SUCCEEDED');
  });
});
