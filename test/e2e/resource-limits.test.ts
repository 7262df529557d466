import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
