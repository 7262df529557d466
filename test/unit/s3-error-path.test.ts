import {
  AbortMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { testStorage } from '../support/s3-storage.js';

const s3 = mockClient(S3Client);

function s3Failure(name: string, status: number): Error {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
}

beforeEach(() => s3.reset());

describe('presigning', () => {
  // Presigning makes no request, but it needs credentials: a provider that fails is the store refusing them.
  const storage = testStorage({
    client: new S3Client({
      region: 'us-east-1',
      credentials: () => Promise.reject(Object.assign(new Error('no credentials'), { name: 'CredentialsProviderError' })),
    }),
  });
  const location = { bucket: 'bucket', key: 'k.txt' };

  it('maps a failing presign to a typed error, the same way for PUT, GET, POST and upload parts', async () => {
    await expect(storage.presignUpload(location, 'text/plain', 60)).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
    await expect(storage.presignDownload(location, 60)).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
    await expect(storage.presignPost(location, { contentType: undefined, maxBytes: 10, expiresInSeconds: 60 })).rejects.toMatchObject({
      code: 'ACCESS_DENIED',
    });
    await expect(storage.signUploadParts({ ...location, uploadId: 'upload-1' }, [1, 2], 60)).rejects.toMatchObject({
      code: 'ACCESS_DENIED',
    });
  });
});

describe('the bucket cache', () => {
  it('forgets a bucket that any call found gone', async () => {
    const storage = testStorage({ limits: { bucketCacheSeconds: 60 } });
    s3.on(HeadBucketCommand).resolves({});
    expect(await storage.bucketExists('bucket')).toBe(true);
    expect(await storage.bucketExists('bucket')).toBe(true);
    expect(s3.commandCalls(HeadBucketCommand)).toHaveLength(1);

    s3.on(ListObjectsV2Command).rejects(s3Failure('NoSuchBucket', 404));
    await expect(
      storage.listObjects({ bucket: 'bucket', prefix: '', delimiter: undefined, limit: 10, startAfter: undefined }),
    ).rejects.toMatchObject({ code: 'NO_SUCH_BUCKET' });
    s3.on(HeadBucketCommand).rejects(s3Failure('NotFound', 404));
    expect(await storage.bucketExists('bucket')).toBe(false);
    expect(s3.commandCalls(HeadBucketCommand)).toHaveLength(2);
  });
});

describe('a failed multipart copy', () => {
  it('answers the copy failure, and logs an AbortMultipartUpload that failed with its bucket, key and upload id', async () => {
    const logger = { warn: vi.fn() };
    const storage = testStorage({ limits: { multipartCopyThresholdBytes: 10, multipartCopyPartBytes: 10 }, logger });
    s3.on(HeadObjectCommand).resolves({ ContentLength: 25, ETag: '"src"', Metadata: {} });
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'upload-1' });
    s3.on(UploadPartCopyCommand).rejects(s3Failure('SlowDown', 503));
    s3.on(AbortMultipartUploadCommand).rejects(s3Failure('InternalError', 500));
    await expect(storage.copyObject({ bucket: 'bucket', key: 'from' }, { bucket: 'bucket', key: 'to' })).rejects.toMatchObject({
      code: 'S3_THROTTLED',
    });
    expect(s3.commandCalls(AbortMultipartUploadCommand)[0]?.args[0].input).toEqual({ Bucket: 'bucket', Key: 'to', UploadId: 'upload-1' });
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('AbortMultipartUpload'), {
      bucket: 'bucket',
      key: 'to',
      uploadId: 'upload-1',
      error: 'InternalError',
    });
  });
});
