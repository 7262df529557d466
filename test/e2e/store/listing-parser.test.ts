import { PutObjectCommand, type ListObjectsV2CommandInput } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseListObjectsV2 } from '../../../src/s3/list-objects-v2.js';
import { listWithAnswer, sdkFields } from '../../support/list-answers.js';
import { startStack, type TestStack } from '../../support/stack.js';

/** The gateway's ListObjectsV2 parser against the SDK's, on the answers this store really sends. */

let stack: TestStack;

// Keys of every kind the store suites write: path-like, XML-special, SigV4-special, non-ASCII, long, URL-like.
const KEYS = [
  '../../escaped.txt',
  './dot/./segments.txt',
  'double//slash.txt',
  '/leading-slash.txt',
  'trailing-slash/',
  '..',
  `${'long-segment-'.repeat(70)}.txt`,
  `${'ü'.repeat(300)}/${'x'.repeat(300)}`,
  '%2E%2E/encoded-dots.txt',
  'x._S3rver_object',
  "it's (really) *odd*!/b (copy).txt",
  'xml/a & b <c> "d" \'e\'.txt',
  'xml/&amp;&#38;]]>.txt',
  'plus/a+b c.txt',
  'query/a?b=c&d#e;f',
  'unicode/日本語/😀 ü é ß.txt',
  'unicode/a\u00a0b\ufeffc',
  'z/percent%20and%2Fslash',
];

beforeAll(async () => {
  stack = await startStack();
  for (const key of KEYS) await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: key, Body: key }));
});
afterAll(() => stack.close());

const REQUESTS: Omit<ListObjectsV2CommandInput, 'Bucket'>[] = [
  {},
  { Delimiter: '/' },
  { Delimiter: '/', Prefix: 'unicode/' },
  { Prefix: 'xml/' },
  { StartAfter: 'plus/a+b c.txt', MaxKeys: 3 },
  { Delimiter: '/', MaxKeys: 2 },
  { Delimiter: ' ' },
  { EncodingType: 'url' },
  { EncodingType: 'url', Delimiter: '/', Prefix: 'unicode/' },
  { EncodingType: 'url', StartAfter: 'query/a?b=c&d#e;f', MaxKeys: 2 },
  { Prefix: 'nothing-here/' },
];

describe('the ListObjectsV2 parser on this store’s answers', () => {
  it.each(REQUESTS)('reads %j as the SDK does', async (request) => {
    const { output, xml } = await listWithAnswer(stack.s3, { Bucket: stack.bucket, ...request });
    expect(parseListObjectsV2(Buffer.from(xml))).toEqual(sdkFields(output));
  });

  it('pages through every key with the gateway, which reads the answers with it, in S3 order', async () => {
    const keys: string[] = [];
    let after: string | null = null;
    for (;;) {
      const result: Awaited<ReturnType<typeof stack.graphql<PageData>>> = await stack.graphql<PageData>(
        `query($bucket: String!, $after: String) { bucket(name: $bucket) { objects(first: 4, after: $after) { edges { node { key size } } pageInfo { hasNextPage endCursor } } } }`,
        { bucket: stack.bucket, after },
      );
      expect(result.errors).toBeUndefined();
      const objects = result.data?.bucket.objects;
      keys.push(...(objects?.edges.map((edge) => edge.node.key) ?? []));
      expect(objects?.edges.every((edge) => edge.node.size === Buffer.byteLength(edge.node.key))).toBe(true);
      if (objects?.pageInfo.hasNextPage !== true) break;
      after = objects.pageInfo.endCursor;
    }
    const { output } = await listWithAnswer(stack.s3, { Bucket: stack.bucket });
    expect(keys).toEqual(output.Contents?.map((object) => object.Key));
    expect([...keys].sort()).toEqual([...KEYS].sort());
  });
});

interface PageData {
  bucket: { objects: { edges: { node: { key: string; size: number } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
}
