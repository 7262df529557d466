import type { S3Client } from '@aws-sdk/client-s3';
import { type GatewayError, NoSuchBucketError, S3UnavailableError } from '../errors.js';
import type { BucketCache } from './buckets.js';
import { toGatewayError, type S3ErrorTarget } from './errors.js';
import type { S3StorageLimits } from './types.js';

/** Where the S3 layer reports what it cannot tell a caller (a cleanup that failed after the answer was decided). */
export interface S3Logger {
  warn(message: string, ...details: unknown[]): void;
}

/** What every S3 operation needs: the client (and the one that signs URLs), the limits, the buckets known to exist, and a logger. */
export interface S3Access {
  client: S3Client;
  /** Signs presigned URLs for the address browsers reach the store at (S3_PUBLIC_ENDPOINT); never sends a request. */
  signer: S3Client;
  limits: S3StorageLimits;
  knownBuckets: BucketCache;
  logger: S3Logger;
  /** The store's name where the gateway has several (STORES_FILE): its unavailability then says which store it is. */
  storeName?: string;
}

/**
 * The one path of every S3 call: runs `call`, and turns any failure into a GatewayError about `target`,
 * forgetting a bucket that turned out to be gone. A GatewayError thrown inside passes unchanged.
 */
export async function withS3Errors<T>(access: S3Access, target: S3ErrorTarget, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const failure: GatewayError = toGatewayError(error, target);
    if (failure instanceof NoSuchBucketError) access.knownBuckets.forget(failure.bucket);
    if (failure instanceof S3UnavailableError && access.storeName !== undefined && !failure.message.includes(`"${access.storeName}"`))
      throw new S3UnavailableError({ cause: failure.originalError ?? error }, access.storeName);
    throw failure;
  }
}
