import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketVersioningCommand,
  ListObjectVersionsCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { type BulkProgress, deleteObjects, deletePrefix, type KeyFailure, restorePrefix, transferPrefix } from '../../src/s3/bulk.js';
import { testStorage } from '../support/s3-storage.js';

const s3 = mockClient(S3Client);
const storage = testStorage();

/** A BulkProgress that keeps what a bulk operation reported, in order. */
function recorder(): BulkProgress & { done: string[]; failures: KeyFailure[] } {
  const done: string[] = [];
  const failures: KeyFailure[] = [];
  return { done, failures, succeeded: (key) => done.push(key), failed: (failure) => failures.push(failure) };
}

beforeEach(() => s3.reset());

describe('deleteObjects', () => {
  it('deletes in DeleteObjects batches of 1000, each key once, and reports the keys S3 refused', async () => {
    const keys = Array.from({ length: 2500 }, (_, index) => `k${index}`);
    s3.on(DeleteObjectsCommand).resolves({ Errors: [{ Key: 'k1', Code: 'AccessDenied' }] });
    const progress = recorder();
    await deleteObjects(storage, 'bucket', [...keys, 'k0'])(progress);
    expect(s3.commandCalls(DeleteObjectsCommand).map((call) => call.args[0].input.Delete?.Objects?.length)).toEqual([1000, 1000, 500]);
    expect(progress.failures).toEqual([{ key: 'k1', code: 'ACCESS_DENIED', message: expect.any(String) as string }]);
    expect(progress.done).toHaveLength(2499);
  });

  it('refuses an invalid key alone, and more than 10,000 keys before any S3 call', async () => {
    s3.on(DeleteObjectsCommand).resolves({});
    const progress = recorder();
    await deleteObjects(storage, 'bucket', ['', 'fine'])(progress);
    expect(progress.failures.map(({ key, code }) => [key, code])).toEqual([['', 'INVALID_INPUT']]);
    expect(progress.done).toEqual(['fine']);
    expect(() =>
      deleteObjects(
        storage,
        'bucket',
        Array.from({ length: 10_001 }, (_, index) => `k${index}`),
      ),
    ).toThrow(/at most 10000/);
  });
});

describe('deletePrefix', () => {
  it('walks the prefix page by page and deletes each page', async () => {
    s3.on(ListObjectsV2Command)
      .resolvesOnce({ Contents: [{ Key: 'p/a', Size: 1 }], IsTruncated: true, NextContinuationToken: 't' })
      .resolvesOnce({ Contents: [{ Key: 'p/b', Size: 2 }], IsTruncated: false });
    s3.on(DeleteObjectsCommand).resolves({});
    const progress = recorder();
    await deletePrefix(storage, 'bucket', 'p/')(progress);
    expect(s3.commandCalls(ListObjectsV2Command)[1]?.args[0].input.ContinuationToken).toBe('t');
    expect(s3.commandCalls(DeleteObjectsCommand).map((call) => call.args[0].input.Delete?.Objects)).toEqual([
      [{ Key: 'p/a' }],
      [{ Key: 'p/b' }],
    ]);
    expect(progress.done).toEqual(['p/a', 'p/b']);
  });
});

describe('transferPrefix', () => {
  const request = { bucket: 'bucket', prefix: 'from/', destinationBucket: 'bucket', destinationPrefix: 'to/' } as const;

  beforeEach(() => {
    s3.on(HeadBucketCommand).resolves({});
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'from/a.txt', Size: 3, ETag: '"e"' }], IsTruncated: false });
    s3.on(CopyObjectCommand).resolves({ CopyObjectResult: { ETag: '"e"' } });
    s3.on(HeadObjectCommand).resolves({ ContentLength: 3, ETag: '"e"' });
    s3.on(DeleteObjectsCommand).resolves({});
  });

  it("in 'copy' mode copies below the destination prefix and deletes nothing", async () => {
    const progress = recorder();
    await transferPrefix(storage, { ...request, mode: 'copy' }, 2)(progress);
    expect(s3.commandCalls(CopyObjectCommand)[0]?.args[0].input).toMatchObject({ Key: 'to/a.txt', CopySource: 'bucket/from/a.txt' });
    expect(s3.commandCalls(DeleteObjectsCommand)).toHaveLength(0);
    expect(progress.done).toEqual(['from/a.txt']);
  });

  it("in 'move' mode deletes each source once its copy is confirmed, exactly the version copied, and keeps it when the copy fails", async () => {
    // Like Ceph RGW, the store does not say which version CopyObject copied: the move asks HeadObject, and copies that one.
    s3.on(HeadObjectCommand).resolves({ ContentLength: 3, ETag: '"e"', VersionId: 'v1' });
    s3.on(ListObjectVersionsCommand).resolves({ Versions: [{ Key: 'from/a.txt', VersionId: 'v1', IsLatest: true }] });
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled' });
    s3.on(DeleteObjectCommand).resolves({});
    const moved = recorder();
    await transferPrefix(storage, { ...request, mode: 'move' }, 2)(moved);
    expect(s3.commandCalls(CopyObjectCommand)[0]?.args[0].input.CopySource).toBe('bucket/from/a.txt?versionId=v1');
    expect(s3.commandCalls(DeleteObjectCommand).map((call) => call.args[0].input)).toEqual([
      { Bucket: 'bucket', Key: 'from/a.txt', VersionId: 'v1' },
    ]);
    expect(moved.done).toEqual(['from/a.txt']);

    s3.reset();
    s3.on(HeadBucketCommand).resolves({});
    s3.on(GetBucketVersioningCommand).resolves({});
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'from/a.txt', Size: 3, ETag: '"e"' }], IsTruncated: false });
    s3.on(CopyObjectCommand).rejects(
      Object.assign(new Error('changed'), { name: 'PreconditionFailed', $metadata: { httpStatusCode: 412 } }),
    );
    const kept = recorder();
    await transferPrefix(storage, { ...request, mode: 'move' }, 2)(kept);
    expect(kept.failures.map(({ key, code }) => [key, code])).toEqual([['from/a.txt', 'PRECONDITION_FAILED']]);
    expect(s3.commandCalls(DeleteObjectCommand)).toHaveLength(0);
  });

  it('without versions on a store that ignores If-Match, checks the page with one listing and batches the unchanged sources', async () => {
    const fresh = testStorage();
    s3.on(GetBucketVersioningCommand).resolves({});
    s3.on(DeleteObjectCommand).resolves({});
    s3.on(ListObjectsV2Command)
      .resolvesOnce({
        Contents: [
          { Key: 'from/a.txt', Size: 3, ETag: '"e"' },
          { Key: 'from/b.txt', Size: 3, ETag: '"e"' },
        ],
        IsTruncated: false,
      })
      // The check: b was written again after its copy.
      .resolves({
        Contents: [
          { Key: 'from/a.txt', Size: 3, ETag: '"e"' },
          { Key: 'from/b.txt', Size: 5, ETag: '"newer"' },
        ],
        IsTruncated: false,
      });
    const moved = recorder();
    await transferPrefix(fresh, { ...request, mode: 'move' }, 2)(moved);
    expect(s3.commandCalls(DeleteObjectsCommand).map((call) => call.args[0].input.Delete?.Objects)).toEqual([[{ Key: 'from/a.txt' }]]);
    expect(s3.commandCalls(DeleteObjectCommand).map((call) => call.args[0].input.Key)).toEqual([expect.stringMatching(/probe/)]);
    expect(moved.done.sort()).toEqual(['from/a.txt', 'from/b.txt']);
  });

  it('stops on a missing destination bucket, and refuses overlapping prefixes before any S3 call', async () => {
    s3.on(HeadBucketCommand).rejects(Object.assign(new Error('NotFound'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } }));
    await expect(transferPrefix(storage, { ...request, mode: 'copy' }, 2)(recorder())).rejects.toMatchObject({ code: 'NO_SUCH_BUCKET' });
    expect(s3.commandCalls(CopyObjectCommand)).toHaveLength(0);
    expect(() => transferPrefix(storage, { ...request, destinationPrefix: 'from/inner/', mode: 'copy' }, 2)).toThrow(/may not contain/);
  });
});

describe('restorePrefix', () => {
  const at = new Date('2026-06-01T12:00:00Z');
  const before = new Date('2026-06-01T11:00:00Z');
  const after = new Date('2026-06-01T13:00:00Z');

  it('puts each key back as it was at `at`: the version current then, or a delete marker where it did not exist', async () => {
    const fresh = testStorage();
    s3.on(ListObjectVersionsCommand)
      // The support check, then the walk.
      .resolvesOnce({})
      .resolves({
        Versions: [
          // Rewritten after `at`: v1 comes back.
          { Key: 'p/changed', VersionId: 'v2', IsLatest: true, ETag: '"new"', Size: 3, LastModified: after },
          { Key: 'p/changed', VersionId: 'v1', IsLatest: false, ETag: '"old"', Size: 1, LastModified: before },
          // Created after `at`: deleted.
          { Key: 'p/created', VersionId: 'c1', IsLatest: true, ETag: '"c"', Size: 1, LastModified: after },
          // Deleted after `at`: d1 comes back.
          { Key: 'p/deleted', VersionId: 'd1', IsLatest: false, ETag: '"d"', Size: 1, LastModified: before },
          // As it was: left alone.
          { Key: 'p/same', VersionId: 's1', IsLatest: true, ETag: '"s"', Size: 1, LastModified: before },
        ],
        DeleteMarkers: [{ Key: 'p/deleted', VersionId: 'm1', IsLatest: true, LastModified: after }],
      });
    s3.on(HeadObjectCommand).resolves({ ContentLength: 1, ETag: '"old"' });
    s3.on(CopyObjectCommand).resolves({ CopyObjectResult: { ETag: '"old"' } });
    s3.on(DeleteObjectCommand).resolves({});
    const progress = recorder();
    await restorePrefix(fresh, 'bucket', 'p/', at, 2)(progress);
    expect(
      s3
        .commandCalls(CopyObjectCommand)
        .map((call) => call.args[0].input.CopySource)
        .sort(),
    ).toEqual(['bucket/p/changed?versionId=v1', 'bucket/p/deleted?versionId=d1']);
    expect(s3.commandCalls(DeleteObjectCommand).map((call) => call.args[0].input)).toEqual([{ Bucket: 'bucket', Key: 'p/created' }]);
    expect(progress.done.sort()).toEqual(['p/changed', 'p/created', 'p/deleted', 'p/same']);
  });

  it('refuses a moment in the future before any S3 request', () => {
    expect(() => restorePrefix(storage, 'bucket', 'p/', new Date(Date.now() + 60_000), 2)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(s3.calls()).toHaveLength(0);
  });
});
