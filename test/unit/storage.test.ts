import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetBucketVersioningCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  S3Client,
  type ListObjectsV2CommandOutput,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { compareKeys } from '../../src/s3/keys.js';
import { testStorage } from '../support/s3-storage.js';

const s3 = mockClient(S3Client);
const service = testStorage();

function notFound(): Error {
  return Object.assign(new Error('NotFound'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } });
}

function listing(keys: string[], prefixes: string[], isTruncated: boolean): ListObjectsV2CommandOutput {
  return {
    $metadata: {},
    IsTruncated: isTruncated,
    Contents: keys.map((Key) => ({ Key, Size: 1, ETag: 'abc' })),
    CommonPrefixes: prefixes.map((Prefix) => ({ Prefix })),
  };
}

beforeEach(() => s3.reset());

describe('listing', () => {
  it('skips the common prefix S3 repeats after a StartAfter inside it', async () => {
    s3.on(ListObjectsV2Command).resolves(listing(['d.txt'], ['a/', 'e/'], false));
    const page = await service.listPrefixes({ bucket: 'bucket', prefix: '', delimiter: '/', limit: 10, startAfter: 'a/' });
    expect(page).toEqual({ items: ['e/'], hasMore: false, resumeAfter: 'e/' });
    expect(s3.commandCalls(ListObjectsV2Command)[0]?.args[0].input).toMatchObject({ StartAfter: 'a/', Delimiter: '/', MaxKeys: 11 });
  });

  it('asks again when entries of the other kind filled the page, and gives quoted ETags', async () => {
    s3.on(ListObjectsV2Command)
      .resolvesOnce(listing([], ['a/', 'b/', 'c/'], true))
      .resolvesOnce(listing(['d.txt', 'e.txt'], [], true));
    const page = await service.listObjects({ bucket: 'bucket', prefix: '', delimiter: '/', limit: 1, startAfter: undefined });
    expect(page.items.map((item) => [item.key, item.eTag])).toEqual([['d.txt', '"abc"']]);
    expect(page).toMatchObject({ hasMore: true, resumeAfter: 'd.txt' });
    expect(s3.commandCalls(ListObjectsV2Command)[1]?.args[0].input.StartAfter).toBe('c/');
  });

  it('bounds the S3 calls of one page and resumes past what it skipped', async () => {
    let call = 0;
    s3.on(ListObjectsV2Command).callsFake(() => {
      call += 1;
      return listing([], [`p${String(call).padStart(3, '0')}/`], true);
    });
    const page = await service.listObjects({ bucket: 'bucket', prefix: '', delimiter: '/', limit: 5, startAfter: undefined });
    expect(page).toEqual({ items: [], hasMore: true, resumeAfter: 'p010/' });
    expect(s3.commandCalls(ListObjectsV2Command)).toHaveLength(10);
  });

  it('refuses a page size outside 1..1000 before calling S3', async () => {
    await expect(
      service.listObjects({ bucket: 'bucket', prefix: '', delimiter: undefined, limit: 1001, startAfter: undefined }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(s3.calls()).toHaveLength(0);
  });
});

describe('headObject', () => {
  it('tells a missing key (null) from a missing bucket (NO_SUCH_BUCKET) with HeadBucket', async () => {
    s3.on(HeadObjectCommand).rejects(notFound());
    s3.on(HeadBucketCommand).resolves({});
    expect(await service.headObject({ bucket: 'bucket', key: 'k' })).toBeNull();
    s3.on(HeadBucketCommand).rejects(notFound());
    await expect(service.headObject({ bucket: 'bucket', key: 'k' })).rejects.toMatchObject({ code: 'NO_SUCH_BUCKET' });
  });
});

describe('copyObject', () => {
  it('encodes each key segment of CopySource as S3 documents, pinned to the version it read', async () => {
    s3.on(HeadObjectCommand).resolves({ ContentLength: 3, ETag: '"v1"' });
    s3.on(CopyObjectCommand).resolves({ CopyObjectResult: { ETag: '"e"' } });
    await service.copyObject({ bucket: 'src', key: 'a b/c+d&e=f?g#h%/ü.txt' }, { bucket: 'dst', key: 'x' });
    expect(s3.commandCalls(CopyObjectCommand)[0]?.args[0].input).toMatchObject({
      CopySource: 'src/a%20b/c%2Bd%26e%3Df%3Fg%23h%25/%C3%BC.txt',
      CopySourceIfMatch: '"v1"',
    });
  });
});

describe('moveObject', () => {
  const source = { bucket: 'bucket', key: 'from.txt' };
  const destination = { bucket: 'bucket', key: 'to.txt' };

  it('deletes the source only after the copy is confirmed, also when the store sends bare ETags (Ceph)', async () => {
    const storage = testStorage();
    s3.on(HeadObjectCommand, { Key: 'from.txt' }).resolves({ ContentLength: 5, ETag: '"abc"' });
    s3.on(HeadObjectCommand, { Key: 'to.txt' }).resolves({ ContentLength: 5, ETag: '"abc"' });
    s3.on(CopyObjectCommand).resolves({ CopyObjectResult: { ETag: 'abc' } });
    s3.on(DeleteObjectCommand).resolves({});
    const moved = await storage.moveObject(source, destination);
    expect(moved).toMatchObject({ key: 'to.txt', size: 5, eTag: '"abc"' });
    expect(s3.commandCalls(CopyObjectCommand)[0]?.args[0].input.CopySourceIfMatch).toBe('"abc"');
    // The store answered the If-Match probe 204 (it ignores the header): the source is checked again, then deleted.
    expect(s3.commandCalls(DeleteObjectCommand).map((call) => call.args[0].input.Key)).toEqual([
      expect.stringMatching(/conditional-delete-probe/),
      'from.txt',
    ]);
    expect(s3.commandCalls(DeleteObjectCommand)[1]?.args[0].input).toEqual({ Bucket: 'bucket', Key: 'from.txt' });
  });

  it('keeps a write that landed after the copy, on a store that ignores If-Match', async () => {
    const storage = testStorage();
    s3.on(HeadObjectCommand, { Key: 'from.txt' })
      .resolvesOnce({ ContentLength: 5, ETag: '"abc"' })
      .resolves({ ContentLength: 3, ETag: '"new"' });
    s3.on(HeadObjectCommand, { Key: 'to.txt' }).resolves({ ContentLength: 5, ETag: '"abc"' });
    s3.on(CopyObjectCommand).resolves({ CopyObjectResult: { ETag: '"abc"' } });
    s3.on(DeleteObjectCommand).resolves({});
    await storage.moveObject(source, destination);
    expect(s3.commandCalls(DeleteObjectCommand).map((call) => call.args[0].input.Key)).toEqual([expect.stringMatching(/probe/)]);
  });

  it('deletes with If-Match where the store honours it, learned once per store; a newer write is kept', async () => {
    const storage = testStorage();
    const preconditionFailed = Object.assign(new Error('PreconditionFailed'), {
      name: 'PreconditionFailed',
      $metadata: { httpStatusCode: 412 },
    });
    s3.on(HeadObjectCommand).resolves({ ContentLength: 5, ETag: '"abc"' });
    s3.on(CopyObjectCommand).resolves({ CopyObjectResult: { ETag: '"abc"' } });
    s3.on(DeleteObjectCommand).rejects(preconditionFailed);
    await storage.moveObject(source, destination);
    await storage.moveObject(source, destination);
    expect(s3.commandCalls(DeleteObjectCommand).map((call) => call.args[0].input)).toEqual([
      { Bucket: 'bucket', Key: expect.stringMatching(/probe/) as string, IfMatch: '"00000000000000000000000000000000"' },
      { Bucket: 'bucket', Key: 'from.txt', IfMatch: '"abc"' },
      { Bucket: 'bucket', Key: 'from.txt', IfMatch: '"abc"' },
    ]);
  });

  it('in a versioned bucket deletes exactly the version copied, and hides an older version that would come back', async () => {
    const storage = testStorage();
    s3.on(HeadObjectCommand, { Key: 'from.txt' })
      .resolvesOnce({ ContentLength: 5, ETag: '"abc"', VersionId: 'v2' })
      .resolves({ ContentLength: 1, ETag: '"old"', VersionId: 'v1' });
    s3.on(HeadObjectCommand, { Key: 'to.txt' }).resolves({ ContentLength: 5, ETag: '"abc"' });
    s3.on(CopyObjectCommand).resolves({ CopyObjectResult: { ETag: '"abc"' }, CopySourceVersionId: 'v2' });
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled' });
    s3.on(ListObjectVersionsCommand).resolves({
      Versions: [
        { Key: 'from.txt', VersionId: 'v2', IsLatest: true, LastModified: new Date(2000) },
        { Key: 'from.txt', VersionId: 'v1', IsLatest: false, LastModified: new Date(1000) },
      ],
    });
    s3.on(DeleteObjectCommand).resolves({});
    await storage.moveObject(source, destination);
    expect(s3.commandCalls(CopyObjectCommand)[0]?.args[0].input.CopySource).toBe('bucket/from.txt?versionId=v2');
    expect(s3.commandCalls(DeleteObjectCommand).map((call) => call.args[0].input)).toEqual([
      { Bucket: 'bucket', Key: 'from.txt', VersionId: 'v2' },
      { Bucket: 'bucket', Key: 'from.txt' },
    ]);
  });

  it('in a versioned bucket leaves a write that raced the move as the latest', async () => {
    const storage = testStorage();
    s3.on(HeadObjectCommand, { Key: 'from.txt' })
      .resolvesOnce({ ContentLength: 5, ETag: '"abc"', VersionId: 'v2' })
      .resolves({ ContentLength: 3, ETag: '"new"', VersionId: 'v3' });
    s3.on(HeadObjectCommand, { Key: 'to.txt' }).resolves({ ContentLength: 5, ETag: '"abc"' });
    s3.on(CopyObjectCommand).resolves({ CopyObjectResult: { ETag: '"abc"' }, CopySourceVersionId: 'v2' });
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled' });
    s3.on(ListObjectVersionsCommand).resolves({
      Versions: [
        { Key: 'from.txt', VersionId: 'v2', IsLatest: true, LastModified: new Date(2000) },
        { Key: 'from.txt', VersionId: 'v1', IsLatest: false, LastModified: new Date(1000) },
      ],
    });
    s3.on(DeleteObjectCommand).resolves({});
    await storage.moveObject(source, destination);
    expect(s3.commandCalls(DeleteObjectCommand).map((call) => call.args[0].input)).toEqual([
      { Bucket: 'bucket', Key: 'from.txt', VersionId: 'v2' },
    ]);
  });

  it('keeps the source when the destination does not match what was copied', async () => {
    s3.on(HeadObjectCommand, { Key: 'from.txt' }).resolves({ ContentLength: 5, ETag: '"abc"' });
    s3.on(HeadObjectCommand, { Key: 'to.txt' }).resolves({ ContentLength: 9, ETag: '"other"' });
    s3.on(CopyObjectCommand).resolves({ CopyObjectResult: { ETag: '"abc"' } });
    await expect(service.moveObject(source, destination)).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect(s3.commandCalls(DeleteObjectCommand)).toHaveLength(0);
  });

  it('keeps the source when the copy fails', async () => {
    s3.on(HeadObjectCommand).resolves({ ContentLength: 5, ETag: '"abc"' });
    s3.on(CopyObjectCommand).rejects(
      Object.assign(new Error('changed'), { name: 'PreconditionFailed', $metadata: { httpStatusCode: 412 } }),
    );
    await expect(service.moveObject(source, destination)).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect(s3.commandCalls(DeleteObjectCommand)).toHaveLength(0);
  });
});

describe('listing cost', () => {
  it('fills a page of 1000 with one ListObjectsV2 call', async () => {
    const keys = Array.from({ length: 1000 }, (_, index) => `k${String(index).padStart(4, '0')}`);
    s3.on(ListObjectsV2Command).resolves(listing(keys, [], true));
    const page = await service.listObjects({ bucket: 'bucket', prefix: '', delimiter: undefined, limit: 1000, startAfter: undefined });
    expect(page).toMatchObject({ hasMore: true, resumeAfter: 'k0999' });
    expect(page.items).toHaveLength(1000);
    expect(s3.commandCalls(ListObjectsV2Command)).toHaveLength(1);
  });

  it("answers a store's short page (Ceph's 988 for 1000) as it is, and the next page resumes right after it", async () => {
    const keys = Array.from({ length: 1200 }, (_, index) => `k${String(index).padStart(4, '0')}`);
    s3.on(ListObjectsV2Command)
      .resolvesOnce(listing(keys.slice(0, 988), [], true))
      .resolvesOnce(listing(keys.slice(988), [], false));
    const first = await service.listObjects({ bucket: 'bucket', prefix: '', delimiter: undefined, limit: 1000, startAfter: undefined });
    expect(first).toMatchObject({ hasMore: true, resumeAfter: 'k0987' });
    expect(first.items).toHaveLength(988);
    expect(s3.commandCalls(ListObjectsV2Command)).toHaveLength(1);
    const next = await service.listObjects({
      bucket: 'bucket',
      prefix: '',
      delimiter: undefined,
      limit: 1000,
      startAfter: first.resumeAfter,
    });
    expect(s3.commandCalls(ListObjectsV2Command)[1]?.args[0].input.StartAfter).toBe('k0987');
    expect([...first.items, ...next.items].map((item) => item.key)).toEqual(keys);
  });
});

describe('compareKeys', () => {
  it('orders keys as S3 does, by UTF-8 bytes, also where UTF-16 order differs', () => {
    const keys = ['a', 'a/', 'a-', 'ab', '\uff01', '😀', '\ue000', 'É', 'z', '', '😀a', '\ud7ff'];
    const byBytes = [...keys].sort((left, right) => Buffer.compare(Buffer.from(left), Buffer.from(right)));
    expect([...keys].sort(compareKeys)).toEqual(byBytes);
  });
});

describe('multipart copy', () => {
  const small = testStorage({ limits: { multipartCopyThresholdBytes: 10, multipartCopyPartBytes: 10 } });

  it('reads the source headers once for a move above the threshold, and keeps its type and metadata', async () => {
    s3.on(HeadObjectCommand).resolves({ ContentLength: 25, ETag: '"src"', ContentType: 'text/x-big', Metadata: { origin: 'test' } });
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u1' });
    s3.on(UploadPartCopyCommand).resolves({ CopyPartResult: { ETag: '"p"' } });
    s3.on(CompleteMultipartUploadCommand).resolves({ ETag: '' });
    s3.on(DeleteObjectCommand).resolves({});
    await small.moveObject({ bucket: 'bucket', key: 'from' }, { bucket: 'bucket', key: 'to' });
    // One HeadObject of the source, one to confirm the destination, one to check the source before deleting it.
    expect(s3.commandCalls(HeadObjectCommand).map((call) => call.args[0].input.Key)).toEqual(['from', 'to', 'from']);
    expect(s3.commandCalls(CreateMultipartUploadCommand)[0]?.args[0].input).toMatchObject({
      ContentType: 'text/x-big',
      Metadata: { origin: 'test' },
    });
    expect(s3.commandCalls(UploadPartCopyCommand).map((call) => call.args[0].input.CopySourceRange)).toEqual([
      'bytes=0-9',
      'bytes=10-19',
      'bytes=20-24',
    ]);
  });
});
