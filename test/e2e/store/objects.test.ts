import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COPY_OBJECT, DELETE_OBJECT, MOVE_OBJECT, PUT_OBJECT, type Payload } from '../../support/operations.js';
import { startStack, type TestStack } from '../../support/stack.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

const GET = /* GraphQL */ `
  query Get($bucket: String!, $key: String!) {
    getObject(bucket: $bucket, key: $key) {
      name
      contentType
      size
      text
      base64
      object {
        key
        eTag
        storageClass
      }
    }
  }
`;

interface PutResult {
  putObject: Payload;
}

async function storedBytes(bucket: string, key: string): Promise<Buffer> {
  const { Body } = await stack.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await (Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
}

async function exists(bucket: string, key: string): Promise<boolean> {
  try {
    await stack.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch {
    return false;
  }
}

describe('putObject and getObject', () => {
  it('stores text as UTF-8 with metadata and reads it back as text and base64', async () => {
    const key = 'notes/héllo wörld.txt';
    const put = await stack.graphql<PutResult>(PUT_OBJECT, {
      input: { bucket: stack.bucket, key, text: 'Grüße, S3!', metadata: [{ key: 'Author', value: 'ada' }] },
    });
    expect(put.data?.putObject).toMatchObject({
      success: true,
      error: null,
      object: {
        key,
        size: Buffer.byteLength('Grüße, S3!'),
        contentType: 'text/plain; charset=utf-8',
        metadata: [{ key: 'author', value: 'ada' }],
      },
    });
    expect(put.data?.putObject.object?.eTag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(new Date(put.data?.putObject.object?.lastModified ?? '').getTime()).toBeGreaterThan(Date.now() - 10 * 60_000);

    const get = await stack.graphql(GET, { bucket: stack.bucket, key });
    expect(get.errors).toBeUndefined();
    expect(get.data?.getObject).toMatchObject({
      name: key,
      contentType: 'text/plain; charset=utf-8',
      size: Buffer.byteLength('Grüße, S3!'),
      text: 'Grüße, S3!',
      base64: Buffer.from('Grüße, S3!').toString('base64'),
      object: { key, storageClass: 'STANDARD' },
    });
    expect((await storedBytes(stack.bucket, key)).toString('utf8')).toBe('Grüße, S3!');
  });

  it('stores base64 content byte for byte with the given content type', async () => {
    const bytes = Buffer.from([0, 1, 2, 253, 254, 255]);
    const put = await stack.graphql<PutResult>(PUT_OBJECT, {
      input: { bucket: stack.bucket, key: 'bin/data.bin', base64: bytes.toString('base64'), contentType: 'application/x-test' },
    });
    expect(put.data?.putObject).toMatchObject({ success: true, object: { size: 6, contentType: 'application/x-test' } });
    expect(await storedBytes(stack.bucket, 'bin/data.bin')).toEqual(bytes);
  });

  it('streams a multipart file upload to S3 with its declared type', async () => {
    const content = Buffer.alloc(3 * 1024 * 1024 + 17, 'abcdefghij');
    const result = await stack.upload<PutResult>(
      PUT_OBJECT,
      { input: { bucket: stack.bucket, key: 'uploads/big.txt', file: null } },
      { 'variables.input.file': new Blob([content], { type: 'text/csv' }) },
    );
    expect(result.data?.putObject).toMatchObject({ success: true, object: { size: content.length, contentType: 'text/csv' } });
    expect((await storedBytes(stack.bucket, 'uploads/big.txt')).equals(content)).toBe(true);
  });

  it('replaces an existing object', async () => {
    await stack.graphql(PUT_OBJECT, { input: { bucket: stack.bucket, key: 'replace.txt', text: 'first' } });
    await stack.graphql(PUT_OBJECT, { input: { bucket: stack.bucket, key: 'replace.txt', text: 'second' } });
    expect((await storedBytes(stack.bucket, 'replace.txt')).toString()).toBe('second');
  });

  it('answers null for a missing key and NO_SUCH_BUCKET for a missing bucket', async () => {
    const missingKey = await stack.graphql(GET, { bucket: stack.bucket, key: 'no/such/key' });
    expect(missingKey).toMatchObject({ data: { getObject: null } });
    expect(missingKey.errors).toBeUndefined();

    const missingBucket = await stack.graphql(GET, { bucket: 'no-such-bucket-s3gw-test', key: 'x' });
    expect(missingBucket.data?.getObject).toBeNull();
    expect(missingBucket.errors?.[0]?.extensions?.code).toBe('NO_SUCH_BUCKET');

    const objectQuery = await stack.graphql(
      `{ object(bucket: "${stack.bucket}", key: "nope") { key } bucket(name: "no-such-bucket-s3gw-test") { name } }`,
    );
    expect(objectQuery).toMatchObject({ data: { object: null, bucket: null } });
    expect(objectQuery.errors).toBeUndefined();
  });

  it('serves a presigned download URL that returns the content', async () => {
    await stack.graphql(PUT_OBJECT, { input: { bucket: stack.bucket, key: 'shared/report v1+final.txt', text: 'quarterly' } });
    const result = await stack.graphql<{ object: { downloadUrl: string; document: { downloadUrl: string } } }>(
      `query($bucket: String!) { object(bucket: $bucket, key: "shared/report v1+final.txt") { downloadUrl(expiresIn: 60) document { downloadUrl } } }`,
      { bucket: stack.bucket },
    );
    for (const url of [result.data?.object.downloadUrl, result.data?.object.document.downloadUrl]) {
      const response = await fetch(url ?? '');
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('quarterly');
    }
  });
});

describe('deleteObject', () => {
  it('deletes an object, and succeeds for a key that does not exist', async () => {
    await stack.graphql(PUT_OBJECT, { input: { bucket: stack.bucket, key: 'delete/me.txt', text: 'x' } });
    const first = await stack.graphql<{ deleteObject: Payload }>(DELETE_OBJECT, { input: { bucket: stack.bucket, key: 'delete/me.txt' } });
    expect(first.data?.deleteObject).toEqual({ success: true, error: null });
    expect(await exists(stack.bucket, 'delete/me.txt')).toBe(false);
    const again = await stack.graphql<{ deleteObject: Payload }>(DELETE_OBJECT, { input: { bucket: stack.bucket, key: 'delete/me.txt' } });
    expect(again.data?.deleteObject).toEqual({ success: true, error: null });
  });

  it('answers NO_SUCH_BUCKET in the payload for a missing bucket', async () => {
    const result = await stack.graphql<{ deleteObject: Payload }>(DELETE_OBJECT, {
      input: { bucket: 'no-such-bucket-s3gw-test', key: 'x' },
    });
    expect(result.data?.deleteObject).toMatchObject({ success: false, error: { code: 'NO_SUCH_BUCKET' } });
  });
});

const ODD_KEYS = [
  'a b/c d.txt',
  'plus+sign.txt',
  'percent%20literal%.txt',
  'amp&eq=q?hash#.txt',
  'ünïcödé/日本語/😀.txt',
  'quote\'"(x)!*.txt',
];

describe('copyObject', () => {
  it.each(ODD_KEYS)('copies %j server-side, keeping content type and metadata', async (key) => {
    await stack.graphql(PUT_OBJECT, {
      input: {
        bucket: stack.bucket,
        key,
        text: `content of ${key}`,
        contentType: 'text/markdown',
        metadata: [{ key: 'origin', value: 'test' }],
      },
    });
    const result = await stack.graphql<{ copyObject: Payload }>(COPY_OBJECT, {
      input: { bucket: stack.bucket, key, destinationKey: `copies/${key}` },
    });
    expect(result.data?.copyObject).toMatchObject({
      success: true,
      error: null,
      object: { key: `copies/${key}`, contentType: 'text/markdown', metadata: [{ key: 'origin', value: 'test' }] },
    });
    expect((await storedBytes(stack.bucket, `copies/${key}`)).toString()).toBe(`content of ${key}`);
    expect(await exists(stack.bucket, key)).toBe(true);
  });

  it('copies to another bucket under the same key by default', async () => {
    const other = await stack.createBucket();
    await stack.graphql(PUT_OBJECT, { input: { bucket: stack.bucket, key: 'cross/bucket.txt', text: 'travels' } });
    const result = await stack.graphql<{ copyObject: Payload }>(COPY_OBJECT, {
      input: { bucket: stack.bucket, key: 'cross/bucket.txt', destinationBucket: other },
    });
    expect(result.data?.copyObject).toMatchObject({ success: true, object: { key: 'cross/bucket.txt', size: 7 } });
    expect((await storedBytes(other, 'cross/bucket.txt')).toString()).toBe('travels');
  });

  it('refuses a copy onto itself, a missing source and a missing destination bucket', async () => {
    await stack.graphql(PUT_OBJECT, { input: { bucket: stack.bucket, key: 'self.txt', text: 'x' } });
    const onto = await stack.graphql<{ copyObject: Payload }>(COPY_OBJECT, { input: { bucket: stack.bucket, key: 'self.txt' } });
    expect(onto.data?.copyObject).toMatchObject({ success: false, error: { code: 'INVALID_INPUT' }, object: null });
    const missing = await stack.graphql<{ copyObject: Payload }>(COPY_OBJECT, {
      input: { bucket: stack.bucket, key: 'missing.txt', destinationKey: 'y' },
    });
    expect(missing.data?.copyObject).toMatchObject({ success: false, error: { code: 'NO_SUCH_KEY' } });
    const noBucket = await stack.graphql<{ copyObject: Payload }>(COPY_OBJECT, {
      input: { bucket: stack.bucket, key: 'self.txt', destinationBucket: 'no-such-bucket-s3gw-test' },
    });
    expect(noBucket.data?.copyObject).toMatchObject({ success: false, error: { code: 'NO_SUCH_BUCKET' } });
    expect(noBucket.data?.copyObject.error?.message).toContain('no-such-bucket-s3gw-test');
  });
});

describe('moveObject', () => {
  it.each(ODD_KEYS)('moves %j: the destination has the content, the source is gone', async (key) => {
    await stack.graphql(PUT_OBJECT, {
      input: { bucket: stack.bucket, key: `move-src/${key}`, text: `moving ${key}`, contentType: 'text/x-moved' },
    });
    const result = await stack.graphql<{ moveObject: Payload }>(MOVE_OBJECT, {
      input: { bucket: stack.bucket, key: `move-src/${key}`, destinationKey: `move-dst/${key}` },
    });
    expect(result.data?.moveObject).toMatchObject({
      success: true,
      error: null,
      object: { key: `move-dst/${key}`, contentType: 'text/x-moved' },
    });
    expect((await storedBytes(stack.bucket, `move-dst/${key}`)).toString()).toBe(`moving ${key}`);
    expect(await exists(stack.bucket, `move-src/${key}`)).toBe(false);
  });

  it("moves to another bucket, keeping the key by default (the connector's Move Object)", async () => {
    const other = await stack.createBucket();
    await stack.graphql(PUT_OBJECT, { input: { bucket: stack.bucket, key: 'to-other.txt', text: 'bye' } });
    const result = await stack.graphql<{ moveObject: Payload }>(MOVE_OBJECT, {
      input: { bucket: stack.bucket, key: 'to-other.txt', destinationBucket: other },
    });
    expect(result.data?.moveObject).toMatchObject({ success: true, object: { key: 'to-other.txt', size: 3 } });
    expect(await exists(stack.bucket, 'to-other.txt')).toBe(false);
    expect((await storedBytes(other, 'to-other.txt')).toString()).toBe('bye');
  });

  it('keeps the source when the move fails', async () => {
    await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: 'keep/me.txt', Body: 'precious' }));
    const noBucket = await stack.graphql<{ moveObject: Payload }>(MOVE_OBJECT, {
      input: { bucket: stack.bucket, key: 'keep/me.txt', destinationBucket: 'no-such-bucket-s3gw-test' },
    });
    expect(noBucket.data?.moveObject).toMatchObject({ success: false, error: { code: 'NO_SUCH_BUCKET' }, object: null });
    const invalid = await stack.graphql<{ moveObject: Payload }>(MOVE_OBJECT, {
      input: { bucket: stack.bucket, key: 'keep/me.txt', destinationKey: '' },
    });
    expect(invalid.data?.moveObject).toMatchObject({ success: false, error: { code: 'INVALID_INPUT' } });
    const onto = await stack.graphql<{ moveObject: Payload }>(MOVE_OBJECT, { input: { bucket: stack.bucket, key: 'keep/me.txt' } });
    expect(onto.data?.moveObject).toMatchObject({ success: false, error: { code: 'INVALID_INPUT' } });
    expect((await storedBytes(stack.bucket, 'keep/me.txt')).toString()).toBe('precious');
  });

  it('answers NO_SUCH_KEY for a missing source', async () => {
    const result = await stack.graphql<{ moveObject: Payload }>(MOVE_OBJECT, {
      input: { bucket: stack.bucket, key: 'ghost.txt', destinationKey: 'g2.txt' },
    });
    expect(result.data?.moveObject).toMatchObject({ success: false, error: { code: 'NO_SUCH_KEY' } });
    expect(await exists(stack.bucket, 'g2.txt')).toBe(false);
  });
});
