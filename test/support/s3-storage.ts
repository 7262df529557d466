import { S3Client } from '@aws-sdk/client-s3';
import type { S3Logger } from '../../src/s3/access.js';
import { S3Storage } from '../../src/s3/storage.js';
import type { S3StorageLimits } from '../../src/s3/types.js';

/** An S3Storage for unit tests, whose calls aws-sdk-client-mock answers: small limits, a bucket cache that never remembers. */
export function testStorage(options: { limits?: Partial<S3StorageLimits>; logger?: S3Logger; client?: S3Client } = {}): S3Storage {
  const { limits = {}, logger = { warn: () => undefined }, client = new S3Client({ region: 'us-east-1' }) } = options;
  return new S3Storage(
    client,
    {
      maxUploadBytes: 1024,
      presignMaxExpiresSeconds: 3600,
      maxConcurrency: 4,
      bucketCacheSeconds: 0,
      multipartCopyThresholdBytes: 5 * 1024 * 1024 * 1024,
      multipartCopyPartBytes: 256 * 1024 * 1024,
      ...limits,
    },
    logger,
  );
}
