import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListBucketsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../src/auth/authenticate.js';
import { COPY_OBJECT, DELETE_OBJECT, MOVE_OBJECT, PUT_OBJECT } from '../support/operations.js';
import { startStack, type TestStack } from '../support/stack.js';

/** Random keys, names, JSON and multipart bodies against a gateway whose only caller may write below allowed/. */

const API_KEY = 's3gw_fuzz_0123456789abcdef';
let stack: TestStack;
let url: string;
let policyDirectory: string;
let bucketsBefore: string[];
const statuses: number[] = [];

const auth = { authorization: `Bearer ${API_KEY}`, 'graphql-require-preflight': '1' };

async function send(body: BodyInit, contentType?: string): Promise<number> {
  // A request left unanswered fails its own property (fast-check then names the input) instead of the whole test.
  const response = await fetch(url, {
    method: 'POST',
    body,
    headers: contentType === undefined ? auth : { ...auth, 'content-type': contentType },
    signal: AbortSignal.timeout(15_000),
  });
  await response.arrayBuffer();
  statuses.push(response.status);
  return response.status;
}

const sendGraphQL = (query: string, variables: unknown) => send(JSON.stringify({ query, variables }), 'application/json');

beforeAll(async () => {
  stack = await startStack();
  policyDirectory = await mkdtemp(join(tmpdir(), 's3gw-fuzz-'));
  const policyFile = join(policyDirectory, 'policy.yaml');
  await writeFile(
    policyFile,
    `principals:\n  - name: fuzzer\n    apiKeys: ["sha256:${hashApiKey(API_KEY)}"]\n    grants:\n      - buckets: ["${stack.bucket}"]\n        prefixes: [allowed/]\n        actions: [list, read, write, delete, manageBuckets]\n`,
  );
  url = (await stack.gatewayVia(stack.gateway.storeEndpoint ?? '', { AUTH_POLICY_FILE: policyFile })).url;
  bucketsBefore = ((await stack.s3.send(new ListBucketsCommand({}))).Buckets ?? []).map(({ Name }) => Name ?? '');
});

afterAll(async () => {
  await stack.close();
  await rm(policyDirectory, { recursive: true, force: true });
});

const key = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }).map((rest) => `allowed/${rest}`),
  fc.constantFrom('', '/', '..', 'allowed/../x', 'allowed/./a', 'allowed//b', `allowed/${'x'.repeat(1100)}`, 'allowed/\u0000', 'Allowed/x'),
);
const bucket = fc.oneof(
  fc.constant('BUCKET'),
  fc.string({ maxLength: 70 }),
  fc.constantFrom('', 'a', 'xn--bad', '192.168.0.1', 'UPPER', 'bucket-'),
);
const withBucket = (name: string) => (name === 'BUCKET' ? stack.bucket : name);

describe('fuzzing the gateway', () => {
  it('answers random keys and bucket names in every mutation without a 5xx', async () => {
    const mutation = fc.constantFrom(PUT_OBJECT, COPY_OBJECT, MOVE_OBJECT, DELETE_OBJECT);
    await fc.assert(
      fc.asyncProperty(
        mutation,
        bucket,
        key,
        bucket,
        key,
        fc.string(),
        async (query, source, sourceKey, destination, destinationKey, text) => {
          const input: Record<string, unknown> = { bucket: withBucket(source), key: sourceKey };
          if (query === PUT_OBJECT) input.text = text;
          if (query === COPY_OBJECT || query === MOVE_OBJECT)
            Object.assign(input, { destinationBucket: withBucket(destination), destinationKey });
          expect(await sendGraphQL(query, { input })).toBeLessThan(500);
        },
      ),
      { numRuns: 300 },
    );
    const prefixes = fc.oneof(key, fc.constantFrom('', 'allowed', 'allowed/'));
    await fc.assert(
      fc.asyncProperty(bucket, prefixes, prefixes, async (name, prefix, destinationPrefix) => {
        const input = { bucket: withBucket(name), prefix, destinationPrefix };
        const query = 'mutation ($input: CopyPrefixInput!) { copyPrefix(input: $input) { success error { code } } }';
        expect(await sendGraphQL(query, { input })).toBeLessThan(500);
        const listing = 'query ($b: String!, $p: String) { bucket(name: $b) { objects(prefix: $p, first: 5) { edges { node { key } } } } }';
        expect(await sendGraphQL(listing, { b: withBucket(name), p: prefix })).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
  });

  it('answers random JSON and random bytes without a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.json(), async (json) => {
        expect(await send(json, 'application/json')).toBeLessThan(500);
      }),
      { numRuns: 200 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 2000 }),
        fc.constantFrom(undefined, 'application/json', 'text/plain', 'multipart/form-data; boundary=x', 'application/graphql'),
        async (bytes, contentType) => {
          expect(await send(new Uint8Array(bytes), contentType)).toBeLessThan(500);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('answers random multipart requests without a 5xx', async () => {
    const mapPath = fc.oneof(
      fc.constantFrom(
        'variables.input.file',
        'variables.input',
        'variables',
        '0',
        '__proto__.x',
        'variables.input.file.x',
        'variables.input.key.length',
      ),
      fc.string({ maxLength: 30 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constant(PUT_OBJECT), fc.string()),
        key,
        fc.dictionary(fc.constantFrom('0', '1', 'x'), fc.array(mapPath, { maxLength: 3 })),
        fc.array(fc.tuple(fc.constantFrom('0', '1', 'x', 'operations', 'map'), fc.uint8Array({ maxLength: 100 })), { maxLength: 3 }),
        async (query, objectKey, map, files) => {
          const form = new FormData();
          form.append('operations', JSON.stringify({ query, variables: { input: { bucket: stack.bucket, key: objectKey, file: null } } }));
          form.append('map', JSON.stringify(map));
          for (const [field, bytes] of files) form.append(field, new Blob([new Uint8Array(bytes)]), 'f.bin');
          expect(await send(form)).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('wrote nothing outside what the caller was allowed, and polluted nothing', async () => {
    expect(statuses.length).toBeGreaterThan(1000);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await stack.s3.send(new ListObjectsV2Command({ Bucket: stack.bucket, ContinuationToken: token }));
      keys.push(...(page.Contents ?? []).map(({ Key }) => Key ?? ''));
      token = page.NextContinuationToken;
    } while (token !== undefined);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((stored) => !stored.startsWith('allowed/'))).toEqual([]);
    const bucketsAfter = ((await stack.s3.send(new ListBucketsCommand({}))).Buckets ?? []).map(({ Name }) => Name ?? '');
    expect(bucketsAfter.sort()).toEqual(bucketsBefore.sort());
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(Object.keys(Object.getOwnPropertyDescriptor(Object.prototype, 'toString')?.value as object)).toEqual([]);
    expect((await stack.graphql('{ __typename }')).data).toEqual({ __typename: 'Query' });
  });
});
