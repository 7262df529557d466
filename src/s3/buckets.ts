import {
  type BucketLocationConstraint,
  CreateBucketCommand,
  DeleteBucketCommand,
  GetBucketLocationCommand,
  HeadBucketCommand,
  ListBucketsCommand,
} from '@aws-sdk/client-s3';
import { type GatewayError, S3UnavailableError } from '../errors.js';
import { type S3Access, withS3Errors } from './access.js';
import { isAlreadyOwnedByYou, isNotFound, isPermissionRefusal } from './errors.js';
import { assertObjectLockEnabled } from './object-lock.js';
import type { BucketInfo } from './types.js';
import { assertBucketName, assertRegion } from './validation.js';

/** Buckets seen to exist, until when: a listing need not ask HeadBucket before every page. */
export class BucketCache {
  private readonly until = new Map<string, number>();

  constructor(private readonly seconds: number) {}

  has(bucket: string): boolean {
    return (this.until.get(bucket) ?? 0) > Date.now();
  }

  remember(bucket: string): void {
    if (this.seconds > 0) this.until.set(bucket, Date.now() + this.seconds * 1000);
  }

  forget(bucket: string): void {
    this.until.delete(bucket);
  }
}

export async function listBuckets(access: S3Access): Promise<BucketInfo[]> {
  return withS3Errors(access, { bucket: '' }, async () => {
    const { Buckets = [] } = await access.client.send(new ListBucketsCommand({}));
    return Buckets.flatMap(({ Name, CreationDate }) => (Name === undefined ? [] : [{ name: Name, creationDate: CreationDate }]));
  });
}

/**
 * Whether the store answers and accepts the credentials, within `timeoutMs`: one ListBuckets, whose AccessDenied
 * still proves both (credentials limited to some buckets may not list them all). Resolves with the failure, if any.
 */
export async function checkStore(access: S3Access, timeoutMs: number): Promise<GatewayError | undefined> {
  try {
    await withS3Errors(access, { bucket: '' }, async () => {
      try {
        await access.client.send(new ListBucketsCommand({ MaxBuckets: 1 }), { abortSignal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        if (!isPermissionRefusal(error)) throw error;
      }
    });
    return undefined;
  } catch (caught) {
    const failure = caught as GatewayError;
    // The SDK names an aborted call AbortError: here it means the store did not answer in time.
    return failure.code === 'INTERNAL' ? new S3UnavailableError({ cause: failure.originalError }, access.storeName) : failure;
  }
}

/** True when the bucket exists and is reachable with these credentials; a positive answer is kept for bucketCacheSeconds. */
export async function bucketExists(access: S3Access, bucket: string): Promise<boolean> {
  assertBucketName(bucket);
  if (access.knownBuckets.has(bucket)) return true;
  return withS3Errors(access, { bucket }, async () => {
    try {
      await access.client.send(new HeadBucketCommand({ Bucket: bucket }));
    } catch (error) {
      if (!isNotFound(error)) throw error;
      access.knownBuckets.forget(bucket);
      return false;
    }
    access.knownBuckets.remember(bucket);
    return true;
  });
}

/** The bucket's region, as GetBucketLocation says it (an empty constraint is us-east-1, "EU" is eu-west-1). */
export async function bucketRegion(access: S3Access, bucket: string): Promise<string> {
  assertBucketName(bucket);
  return withS3Errors(access, { bucket }, async () => {
    const { LocationConstraint } = await access.client.send(new GetBucketLocationCommand({ Bucket: bucket }));
    const location: string = LocationConstraint ?? '';
    if (location === '') return 'us-east-1';
    return location === 'EU' ? 'eu-west-1' : location;
  });
}

/**
 * Creating a bucket the caller already owns succeeds, as in us-east-1. With `objectLock` the bucket is created with object
 * lock (hence versioning) enabled, and answers NOT_SUPPORTED unless the store then confirms it.
 */
export async function createBucket(access: S3Access, bucket: string, region: string | undefined, objectLock = false): Promise<void> {
  assertBucketName(bucket);
  if (region !== undefined) assertRegion(region);
  await withS3Errors(access, { bucket, operation: objectLock ? 'object lock' : undefined }, async () => {
    // Without a location, S3 creates the bucket in us-east-1, and refuses that from a client of another region.
    const location = region ?? (await access.client.config.region());
    try {
      await access.client.send(
        new CreateBucketCommand({
          Bucket: bucket,
          // us-east-1 is S3's default location and must not be named.
          CreateBucketConfiguration: location === 'us-east-1' ? undefined : { LocationConstraint: location as BucketLocationConstraint },
          ObjectLockEnabledForBucket: objectLock || undefined,
        }),
      );
    } catch (error) {
      if (!isAlreadyOwnedByYou(error)) throw error;
    }
  });
  if (objectLock) await assertObjectLockEnabled(access, bucket);
}

/** Refused with BUCKET_NOT_EMPTY while objects remain. */
export async function deleteBucket(access: S3Access, bucket: string): Promise<void> {
  assertBucketName(bucket);
  access.knownBuckets.forget(bucket);
  await withS3Errors(access, { bucket }, () => access.client.send(new DeleteBucketCommand({ Bucket: bucket })));
}
