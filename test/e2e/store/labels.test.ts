import {
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  PutObjectLegalHoldCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchChanges } from '../../support/object-changes.js';
import { startS3Proxy, type S3Proxy } from '../../support/s3-proxy.js';
import { postGraphQL, startStack, storeKind, uniqueBucketName, type TestStack } from '../../support/stack.js';

/** Tags, metadata changed in place and object lock, over HTTP on the suite's store, through a proxy that counts S3 requests. */

let stack: TestStack;
let proxy: S3Proxy;
let url: string;

beforeAll(async () => {
  stack = await startStack();
  proxy = await startS3Proxy(stack.gateway.storeEndpoint ?? '');
  url = (await stack.gatewayVia(proxy.endpoint)).url;
});
afterAll(async () => {
  await stack.close();
  await proxy.close();
});

interface Tag {
  key: string;
  value: string;
}
interface ObjectAnswer {
  key: string;
  eTag: string | null;
  contentType: string | null;
  cacheControl: string | null;
  contentDisposition: string | null;
  metadata: Tag[];
  tags: Tag[];
  retention: { mode: string; retainUntil: string } | null;
  legalHold: boolean;
}
interface Payload {
  success: boolean;
  error: { code: string; message: string } | null;
  object: ObjectAnswer | null;
}

const OBJECT =
  'key eTag contentType cacheControl contentDisposition metadata { key value } tags { key value } retention { mode retainUntil } legalHold';
const mutationOf = (name: string, inputType: string) =>
  `mutation ($input: ${inputType}!) { ${name}(input: $input) { success error { code message } object { ${OBJECT} } } }`;

async function mutate(name: string, inputType: string, input: Record<string, unknown>): Promise<Payload> {
  const answer = await postGraphQL<Record<string, Payload>>(url, mutationOf(name, inputType), { input });
  expect(answer.errors).toBeUndefined();
  const payload = answer.data?.[name];
  if (payload === undefined) throw new Error(`no ${name} in the answer`);
  return payload;
}

const put = (input: Record<string, unknown>) => mutate('putObject', 'PutObjectInput', { bucket: stack.bucket, ...input });
const setTags = (key: string, tags: Tag[], bucket = stack.bucket) => mutate('setObjectTags', 'SetObjectTagsInput', { bucket, key, tags });
const update = (key: string, changes: Record<string, unknown>) =>
  mutate('updateObject', 'UpdateObjectInput', { bucket: stack.bucket, key, ...changes });

async function objectOf(key: string, bucket = stack.bucket): Promise<ObjectAnswer | null> {
  const answer = await postGraphQL<{ object: ObjectAnswer | null }>(
    url,
    `query ($b: String!, $k: String!) { object(bucket: $b, key: $k) { ${OBJECT} } }`,
    {
      b: bucket,
      k: key,
    },
  );
  expect(answer.errors).toBeUndefined();
  return answer.data?.object ?? null;
}

async function storedText(key: string, bucket = stack.bucket): Promise<string> {
  const { Body } = await stack.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await Body?.transformToString()) ?? '';
}

describe('object tags', () => {
  it('are set with putObject, read, replaced, removed, and gone once the object is replaced without tags', async () => {
    const key = 'tags/report.csv';
    const written = await put({
      key,
      text: 'a,b',
      tags: [
        { key: 'team', value: 'finance' },
        { key: 'year', value: '007' },
      ],
    });
    expect(written).toMatchObject({
      success: true,
      object: {
        tags: [
          { key: 'team', value: 'finance' },
          { key: 'year', value: '007' },
        ],
      },
    });

    const replaced = await setTags(key, [{ key: 'state', value: 'Überprüft 2026/11: ok+@=' }]);
    expect(replaced).toMatchObject({ success: true, object: { tags: [{ key: 'state', value: 'Überprüft 2026/11: ok+@=' }] } });
    const { TagSet } = await stack.s3.send(new GetObjectTaggingCommand({ Bucket: stack.bucket, Key: key }));
    expect(TagSet).toEqual([{ Key: 'state', Value: 'Überprüft 2026/11: ok+@=' }]);

    expect((await setTags(key, [])).object?.tags).toEqual([]);
    await setTags(key, [{ key: 'kept', value: 'no' }]);
    await put({ key, text: 'new content' });
    expect((await objectOf(key))?.tags).toEqual([]);

    await setTags(key, [{ key: 'deleted', value: 'with the object' }]);
    await stack.s3.send(new DeleteObjectCommand({ Bucket: stack.bucket, Key: key }));
    await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: key, Body: 'again' }));
    expect((await objectOf(key))?.tags).toEqual([]);
  });

  it('are set by createMultipartUpload once the upload completes (not on Ceph RGW 16)', async () => {
    const key = 'tags/upload.bin';
    const created = await postGraphQL<{ createMultipartUpload: { success: boolean; upload: { uploadId: string } } }>(
      url,
      'mutation ($input: CreateMultipartUploadInput!) { createMultipartUpload(input: $input) { success upload { uploadId } } }',
      { input: { bucket: stack.bucket, key, size: 5, tags: [{ key: 'source', value: 'camera 1' }] } },
    );
    const uploadId = created.data?.createMultipartUpload.upload.uploadId ?? '';
    expect(created.data?.createMultipartUpload.success).toBe(true);
    const signed = await postGraphQL<{ signUploadParts: { parts: { url: string }[] } }>(
      url,
      'mutation ($input: SignUploadPartsInput!) { signUploadParts(input: $input) { parts { url } } }',
      { input: { bucket: stack.bucket, key, uploadId, partNumbers: [1] } },
    );
    const part = await fetch(signed.data?.signUploadParts.parts[0]?.url ?? '', { method: 'PUT', body: 'hello' });
    expect(part.status).toBe(200);
    const completed = await postGraphQL<{ completeMultipartUpload: { success: boolean } }>(
      url,
      'mutation ($input: CompleteMultipartUploadInput!) { completeMultipartUpload(input: $input) { success } }',
      { input: { bucket: stack.bucket, key, uploadId, parts: [{ partNumber: 1, eTag: part.headers.get('etag') ?? '' }] } },
    );
    expect(completed.data?.completeMultipartUpload.success).toBe(true);
    // Ceph RGW 16 ignores x-amz-tagging on CreateMultipartUpload (the API guide says so): S3 and the embedded store keep it.
    expect((await objectOf(key))?.tags).toEqual(storeKind === 'embedded' ? [{ key: 'source', value: 'camera 1' }] : []);
  });

  it("are copied with the object by copyObject, as S3's default directive says", async () => {
    await put({ key: 'tags/original.txt', text: 'x', tags: [{ key: 'k', value: 'v' }] });
    const copied = await postGraphQL<{ copyObject: { success: boolean } }>(
      url,
      'mutation ($input: CopyObjectInput!) { copyObject(input: $input) { success } }',
      { input: { bucket: stack.bucket, key: 'tags/original.txt', destinationKey: 'tags/copy.txt' } },
    );
    expect(copied.data?.copyObject.success).toBe(true);
    expect((await objectOf('tags/copy.txt'))?.tags).toEqual([{ key: 'k', value: 'v' }]);
  });

  it.each([
    ['11 tags', Array.from({ length: 11 }, (_, index) => ({ key: `k${index}`, value: 'v' })), /at most 10 tags/],
    ['a key of 129 characters', [{ key: 'é'.repeat(129), value: 'v' }], /Tag keys are 1 to 128 characters/],
    ['an empty key', [{ key: '', value: 'v' }], /Tag keys are 1 to 128 characters/],
    ['a value of 257 characters', [{ key: 'k', value: 'v'.repeat(257) }], /at most 256 characters/],
    ['a character S3 refuses', [{ key: 'price', value: '5$' }], /a character S3 refuses/],
    [
      'a key given twice',
      [
        { key: 'a', value: '1' },
        { key: 'a', value: '2' },
      ],
      /given twice/,
    ],
    ['a reserved aws: key', [{ key: 'aws:owner', value: 'me' }], /reserved/],
  ])('refuses %s with INVALID_INPUT before any S3 request, on setObjectTags and putObject', async (_name, tags, message) => {
    proxy.reset();
    const onTags = await setTags('tags/any.txt', tags);
    const onPut = await put({ key: 'tags/any.txt', text: 'x', tags });
    for (const payload of [onTags, onPut]) {
      expect(payload).toMatchObject({ success: false, error: { code: 'INVALID_INPUT' } });
      expect(payload.error?.message).toMatch(message);
    }
    expect(proxy.operations).toEqual([]);
  });

  it('accepts 10 tags of the longest keys and values', async () => {
    const tags = Array.from({ length: 10 }, (_, index) => ({ key: `${index}`.padEnd(128, 'k'), value: 'v'.repeat(256) }));
    await put({ key: 'tags/full.txt', text: 'x' });
    expect((await setTags('tags/full.txt', tags)).object?.tags).toEqual(tags);
  });

  it('counts lengths in characters, as S3 does; Ceph RGW 16 counts bytes, and its refusal is INVALID_INPUT', async () => {
    const tags = [{ key: 'ü'.repeat(128), value: 'ß'.repeat(256) }];
    await put({ key: 'tags/unicode.txt', text: 'x' });
    const answer = await setTags('tags/unicode.txt', tags);
    if (storeKind === 'embedded') expect(answer.object?.tags).toEqual(tags);
    else expect(answer.error?.code).toBe('INVALID_INPUT');
  });

  it('answers NO_SUCH_KEY for the tags of a missing object', async () => {
    expect((await setTags('tags/missing.txt', [{ key: 'a', value: 'b' }])).error?.code).toBe('NO_SUCH_KEY');
  });
});

describe('updateObject', () => {
  it('changes content type and metadata in place, keeping the content, its ETag, the other headers and the tags', async () => {
    const key = 'meta/photo.jpg';
    const written = await put({
      key,
      base64: Buffer.from('not really a jpeg').toString('base64'),
      contentType: 'application/octet-stream',
      metadata: [{ key: 'camera', value: 'x100' }],
      cacheControl: 'max-age=60',
      contentDisposition: 'attachment; filename="photo.jpg"',
      tags: [{ key: 'album', value: 'summer' }],
    });
    const eTag = written.object?.eTag;

    const updated = await update(key, {
      contentType: 'image/jpeg',
      metadata: [
        { key: 'Camera', value: 'x100v' },
        { key: 'lens', value: '23mm' },
      ],
    });
    expect(updated).toMatchObject({
      success: true,
      object: {
        eTag,
        contentType: 'image/jpeg',
        metadata: expect.arrayContaining([
          { key: 'camera', value: 'x100v' },
          { key: 'lens', value: '23mm' },
        ]) as unknown,
        cacheControl: 'max-age=60',
        contentDisposition: 'attachment; filename="photo.jpg"',
        tags: [{ key: 'album', value: 'summer' }],
      },
    });
    expect(await storedText(key)).toBe('not really a jpeg');
    const head = await stack.s3.send(new HeadObjectCommand({ Bucket: stack.bucket, Key: key }));
    expect(head.ETag).toBe(eTag);
    expect(head.ContentType).toBe('image/jpeg');

    const cleared = await update(key, { cacheControl: '', metadata: [] });
    expect(cleared.object).toMatchObject({ eTag, contentType: 'image/jpeg', cacheControl: null, metadata: [] });
    expect(cleared.object?.contentDisposition).toBe('attachment; filename="photo.jpg"');
  });

  it('is announced to objectChanged as METADATA_CHANGED, as setObjectTags is', async () => {
    const key = 'meta/announced.txt';
    await put({ key, text: 'x' });
    const changes = await watchChanges(url, { bucket: stack.bucket, prefix: 'meta/announced' });
    try {
      await update(key, { contentType: 'text/csv' });
      await setTags(key, [{ key: 'a', value: 'b' }]);
      expect((await changes.until((change) => change.size === null)).map(({ kind, key: changed }) => [kind, changed])).toEqual([
        ['METADATA_CHANGED', key],
        ['METADATA_CHANGED', key],
      ]);
    } finally {
      changes.close();
    }
  });

  it('never loses a putObject that lands between its HeadObject and its copy: PRECONDITION_FAILED, the newer content stays', async () => {
    const key = 'meta/race.txt';
    await put({ key, text: 'old content', contentType: 'text/plain' });
    proxy.reset();
    proxy.inject({ operation: 'CopyObject', times: 1, fault: { kind: 'latency', ms: 1500 } });
    const updating = update(key, { contentType: 'text/markdown' });
    // The copy is held by the proxy once it arrives; the newer write goes straight to the store meanwhile.
    while (!proxy.operations.includes('CopyObject')) await new Promise((resolve) => setTimeout(resolve, 10));
    await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: key, Body: 'newer content', ContentType: 'text/plain' }));
    const answer = await updating;
    proxy.clearFaults();
    expect(answer).toMatchObject({ success: false, error: { code: 'PRECONDITION_FAILED' } });
    expect(await storedText(key)).toBe('newer content');
    expect((await objectOf(key))?.contentType).toBe('text/plain');
  });

  it('copies in parts above the multipart copy threshold, keeping every byte and the tags', async () => {
    const MiB = 1024 * 1024;
    const partsUrl = (
      await stack.gatewayVia(proxy.endpoint, {
        MULTIPART_COPY_THRESHOLD_BYTES: String(5 * MiB),
        MULTIPART_COPY_PART_BYTES: String(5 * MiB),
      })
    ).url;
    const key = 'meta/large.bin';
    const content = Buffer.alloc(6 * MiB, 3);
    await stack.s3.send(
      new PutObjectCommand({
        Bucket: stack.bucket,
        Key: key,
        Body: content,
        ContentType: 'application/octet-stream',
        Tagging: 'size=large',
      }),
    );
    proxy.reset();
    const answer = await postGraphQL<{ updateObject: Payload }>(partsUrl, mutationOf('updateObject', 'UpdateObjectInput'), {
      input: { bucket: stack.bucket, key, contentType: 'application/x-large', metadata: [{ key: 'checked', value: 'yes' }] },
    });
    expect(answer.data?.updateObject).toMatchObject({
      success: true,
      object: { contentType: 'application/x-large', metadata: [{ key: 'checked', value: 'yes' }], tags: [{ key: 'size', value: 'large' }] },
    });
    expect(proxy.operations).toContain('UploadPartCopy');
    const { Body } = await stack.s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: key }));
    expect(Buffer.from((await Body?.transformToByteArray()) ?? []).equals(content)).toBe(true);
  });

  it('answers NO_SUCH_KEY for a missing object and refuses bad headers before any S3 request', async () => {
    expect((await update('meta/missing.txt', { contentType: 'text/plain' })).error?.code).toBe('NO_SUCH_KEY');
    proxy.reset();
    expect((await update('meta/photo.jpg', { contentType: 'bad\ntype' })).error?.code).toBe('INVALID_INPUT');
    expect((await update('meta/photo.jpg', { metadata: [{ key: 'bad key', value: 'x' }] })).error?.code).toBe('INVALID_INPUT');
    expect((await update('meta/photo.jpg', { cacheControl: 'é' })).error?.code).toBe('INVALID_INPUT');
    expect(proxy.operations).toEqual([]);
  });
});

describe('object lock', () => {
  const retention = (key: string, mode: string, retainUntil: Date, bucket: string, extra: Record<string, unknown> = {}) =>
    mutate('setObjectRetention', 'SetObjectRetentionInput', { bucket, key, mode, retainUntil: retainUntil.toISOString(), ...extra });
  const legalHold = (key: string, on: boolean, bucket: string) =>
    mutate('setObjectLegalHold', 'SetObjectLegalHoldInput', { bucket, key, legalHold: on });
  const inADay = () => new Date(Date.now() + 24 * 3600_000);

  it('refuses a retain-until date in the past and an unknown mode before any S3 request', async () => {
    proxy.reset();
    const past = await retention('lock/a.txt', 'GOVERNANCE', new Date(Date.now() - 60_000), stack.bucket);
    expect(past).toMatchObject({ success: false, error: { code: 'INVALID_INPUT', message: 'retainUntil must be a date in the future.' } });
    const unknownMode = await postGraphQL(url, mutationOf('setObjectRetention', 'SetObjectRetentionInput'), {
      input: { bucket: stack.bucket, key: 'lock/a.txt', mode: 'FOREVER', retainUntil: inADay().toISOString() },
    });
    expect(unknownMode.errors?.[0]?.message).toMatch(/RetentionMode/);
    expect(proxy.operations).toEqual([]);
  });

  it.runIf(storeKind === 'embedded')('answers NOT_SUPPORTED, naming object lock, where the store has none', async () => {
    const bucket = uniqueBucketName();
    const created = await postGraphQL<{ createBucket: Payload }>(
      url,
      'mutation ($input: CreateBucketInput!) { createBucket(input: $input) { success error { code message } } }',
      { input: { name: bucket, objectLock: true } },
    );
    expect(created.data?.createBucket).toMatchObject({ success: false, error: { code: 'NOT_SUPPORTED' } });
    expect(created.data?.createBucket.error?.message).toMatch(/does not support object lock/);
    await put({ key: 'lock/a.txt', text: 'x' });
    const retained = await retention('lock/a.txt', 'GOVERNANCE', inADay(), stack.bucket);
    expect(retained.error).toEqual({ code: 'NOT_SUPPORTED', message: 'The S3 store does not support object lock (retention).' });
    expect((await legalHold('lock/a.txt', true, stack.bucket)).error).toEqual({
      code: 'NOT_SUPPORTED',
      message: 'The S3 store does not support object lock (legal hold).',
    });
    expect(await objectOf('lock/a.txt')).toMatchObject({ retention: null, legalHold: false });
  });

  it.runIf(storeKind === 'external')('refuses retention on a bucket created without object lock, saying so', async () => {
    await put({ key: 'lock/plain.txt', text: 'x' });
    const answer = await retention('lock/plain.txt', 'GOVERNANCE', inADay(), stack.bucket);
    expect(answer.error?.code).toBe('INVALID_INPUT');
    expect(answer.error?.message).toMatch(/has no object lock/);
  });

  describe.runIf(storeKind === 'external')('in a bucket created with objectLock', () => {
    let bucket: string;
    beforeAll(async () => {
      bucket = uniqueBucketName();
      const created = await postGraphQL<{ createBucket: Payload }>(
        url,
        'mutation ($input: CreateBucketInput!) { createBucket(input: $input) { success error { code message } } }',
        { input: { name: bucket, objectLock: true } },
      );
      expect(created.data?.createBucket).toMatchObject({ success: true, error: null });
    });
    afterAll(async () => {
      // GOVERNANCE retention and legal holds are lifted to empty the bucket; nothing here uses COMPLIANCE for longer than the test.
      const { Versions = [], DeleteMarkers = [] } = await stack.s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
      for (const { Key, VersionId } of [...Versions, ...DeleteMarkers]) {
        await stack.s3
          .send(new PutObjectLegalHoldCommand({ Bucket: bucket, Key, VersionId, LegalHold: { Status: 'OFF' } }))
          .catch(() => undefined);
        await stack.s3
          .send(new DeleteObjectCommand({ Bucket: bucket, Key, VersionId, BypassGovernanceRetention: true }))
          .catch(() => undefined);
      }
      await stack.s3.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined);
    });

    it('shows retention and legal hold, refuses to shorten a retention, and refuses to delete a protected version', async () => {
      const key = 'contracts/signed.pdf';
      await mutate('putObject', 'PutObjectInput', { bucket, key, text: 'signed' });
      const until = inADay();
      const retained = await retention(key, 'GOVERNANCE', until, bucket);
      expect(retained).toMatchObject({
        success: true,
        object: { retention: { mode: 'GOVERNANCE', retainUntil: until.toISOString() }, legalHold: false },
      });
      expect((await legalHold(key, true, bucket)).object).toMatchObject({ legalHold: true });

      const shortened = await retention(key, 'GOVERNANCE', new Date(Date.now() + 3600_000), bucket);
      expect(shortened.error?.code).toBe('ACCESS_DENIED');
      expect(shortened.error?.message).toMatch(/object lock protects this object version/);

      const { Versions = [] } = await stack.s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key }));
      const versionId = Versions[0]?.VersionId;
      // The store's own answer to deleting the protected version, which the gateway maps to the same clear error.
      await expect(stack.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }))).rejects.toMatchObject({
        name: 'AccessDenied',
      });

      const refused = await postGraphQL<{ deleteObject: Payload }>(
        url,
        'mutation ($input: DeleteObjectInput!) { deleteObject(input: $input) { success error { code message } } }',
        { input: { bucket, key, versionId } },
      );
      expect(refused.data?.deleteObject).toMatchObject({ success: false, error: { code: 'ACCESS_DENIED' } });
      expect(refused.data?.deleteObject.error?.message).toMatch(/object lock protects this object version/);

      // Without a version, a delete in a versioned bucket only hides the object behind a delete marker: the locked version stays.
      const deleted = await postGraphQL<{ deleteObject: Payload }>(
        url,
        'mutation ($input: DeleteObjectInput!) { deleteObject(input: $input) { success error { code message } } }',
        { input: { bucket, key } },
      );
      expect(deleted.data?.deleteObject.success).toBe(true);
      expect(await objectOf(key, bucket)).toBeNull();
      const after = await stack.s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key }));
      expect(after.Versions?.map(({ VersionId }) => VersionId)).toEqual([versionId]);
      expect(after.DeleteMarkers).toHaveLength(1);
    });

    it('keeps the retention of an object whose metadata updateObject changes', async () => {
      const key = 'contracts/draft.txt';
      await mutate('putObject', 'PutObjectInput', { bucket, key, text: 'draft', tags: [{ key: 'stage', value: 'draft' }] });
      const until = inADay();
      await retention(key, 'GOVERNANCE', until, bucket);
      const updated = await mutate('updateObject', 'UpdateObjectInput', { bucket, key, contentType: 'text/markdown' });
      expect(updated).toMatchObject({
        success: true,
        object: {
          contentType: 'text/markdown',
          retention: { mode: 'GOVERNANCE', retainUntil: until.toISOString() },
          tags: [{ key: 'stage', value: 'draft' }],
        },
      });
      expect(await storedText(key, bucket)).toBe('draft');
    });
  });
});
