import pLimit, { type LimitFunction } from 'p-limit';
import { type ErrorCode, type GatewayError, InvalidInputError, NoSuchBucketError } from '../errors.js';
import { toGatewayError } from './errors.js';
import { MAX_DELETE_BATCH } from './objects.js';
import type { S3Storage } from './storage.js';
import type { ObjectLocation, ObjectSummary } from './types.js';
import { assertBucketName, assertKeyPrefix, assertObjectKey } from './validation.js';

/** Operations on many objects: batches of DeleteObjects, and walks of a prefix page by page so memory stays flat. */

export interface KeyFailure {
  key: string;
  code: ErrorCode;
  message: string;
}

/** A bulk operation whose input has been checked, ready to run; it reports object by object. */
export type BulkOperation = (progress: BulkProgress) => Promise<void>;

/** What a bulk operation reports as it goes, object by object. */
export interface BulkProgress {
  succeeded(key: string, bytes: number): void;
  failed(failure: KeyFailure): void;
  /** Told before a batch of sources is deleted, so that a job resumed after a crash can count the deletes it did not see end. */
  beforeDelete?(keys: SizedKey[]): Promise<void>;
}

export interface PrefixTransfer {
  bucket: string;
  prefix: string;
  destinationBucket: string;
  destinationPrefix: string;
  /** 'move' deletes each source once its copy is confirmed. */
  mode: TransferMode;
}

export type TransferMode = 'copy' | 'move';

// One request's worth of keys is what a client can reasonably list; beyond that, a prefix says it better.
const MAX_DELETE_KEYS = 10_000;

export interface SizedKey {
  key: string;
  size: number;
}

// These concern the whole operation, not one key: going on would only fail every other key the same way.
const FATAL_CODES = new Set<ErrorCode>(['NO_SUCH_BUCKET', 'S3_UNAVAILABLE']);

function keyFailure(key: string, error: GatewayError): KeyFailure {
  return { key, code: error.code, message: error.message };
}

/** Deletes in batches of at most 1000 keys; a key that does not exist counts as deleted, as in S3. */
async function deleteKeys(service: S3Storage, bucket: string, keys: SizedKey[], progress: BulkProgress): Promise<void> {
  for (let start = 0; start < keys.length; start += MAX_DELETE_BATCH) {
    const batch = keys.slice(start, start + MAX_DELETE_BATCH);
    await progress.beforeDelete?.(batch);
    const failed = await service.deleteBatch(
      bucket,
      batch.map(({ key }) => key),
    );
    for (const { key, size } of batch) {
      const error = failed.get(key);
      if (error === undefined) progress.succeeded(key, size);
      else progress.failed(keyFailure(key, error));
    }
  }
}

/** Deletes the listed keys, refusing invalid ones individually so that one bad key does not sink the batch. */
export function deleteObjects(service: S3Storage, bucket: string, keys: string[]): BulkOperation {
  assertBucketName(bucket);
  if (keys.length > MAX_DELETE_KEYS)
    throw new InvalidInputError(`deleteObjects takes at most ${MAX_DELETE_KEYS} keys; use deletePrefix for more.`);
  return async (progress) => {
    const valid: SizedKey[] = [];
    for (const key of new Set(keys)) {
      try {
        assertObjectKey(key);
        valid.push({ key, size: 0 });
      } catch (error) {
        progress.failed(keyFailure(key, error as GatewayError));
      }
    }
    await deleteKeys(service, bucket, valid, progress);
  };
}

export function deletePrefix(service: S3Storage, bucket: string, prefix: string): BulkOperation {
  assertBucketName(bucket);
  assertKeyPrefix(prefix);
  return async (progress) => {
    for await (const page of service.objectPages(bucket, prefix)) await deleteKeys(service, bucket, page, progress);
  };
}

function assertNoOverlap({ bucket, prefix, destinationBucket, destinationPrefix }: PrefixTransfer): void {
  // Within one bucket (of one store), overlapping prefixes would list their own copies, or overwrite sources not yet moved.
  if (bucket === destinationBucket && (destinationPrefix.startsWith(prefix) || prefix.startsWith(destinationPrefix))) {
    throw new InvalidInputError('The destination prefix may not contain, or lie within, the source prefix in the same bucket.');
  }
}

// Objects streamed between stores at once: each holds up to a part (8 MiB) in memory.
const MAX_STREAMED_OBJECTS = 8;

/**
 * Copy (or move) of every object below a prefix, `concurrency` objects at a time: server-side within one store, streamed
 * through the gateway (and verified) to `destinationService`, another store. A run again copies every object still at the
 * source (overwriting what an earlier run copied), so a move that stopped half-way finishes by being run again.
 */
export function transferPrefix(
  service: S3Storage,
  request: PrefixTransfer,
  concurrency: number,
  destinationService: S3Storage = service,
): BulkOperation {
  const { bucket, prefix, destinationBucket, destinationPrefix } = request;
  assertBucketName(bucket);
  assertBucketName(destinationBucket);
  assertKeyPrefix(prefix);
  assertKeyPrefix(destinationPrefix, 'A destination prefix');
  const acrossStores = destinationService !== service;
  if (!acrossStores) assertNoOverlap(request);
  const copy = acrossStores
    ? (object: ObjectSummary, destination: ObjectLocation) => service.copyAcross(destinationService, object, destination, { queueSize: 1 })
    : (object: ObjectSummary, destination: ObjectLocation) => service.copyConfirmed(object, destination);
  const limit = pLimit(acrossStores ? Math.min(concurrency, MAX_STREAMED_OBJECTS) : concurrency);
  return async (progress) => {
    if (!(await destinationService.bucketExists(destinationBucket))) throw new NoSuchBucketError(destinationBucket);
    await transferPages(service, request, copy, limit, progress);
  };
}

async function transferPages(
  service: S3Storage,
  request: PrefixTransfer,
  copy: (object: ObjectSummary, destination: ObjectLocation) => Promise<unknown>,
  limit: LimitFunction,
  progress: BulkProgress,
): Promise<void> {
  const { bucket, prefix, destinationBucket, destinationPrefix, mode } = request;
  for await (const page of service.objectPages(bucket, prefix)) {
    const copied: SizedKey[] = [];
    await Promise.all(
      page.map((object) =>
        limit(async () => {
          const destination = { bucket: destinationBucket, key: destinationPrefix + object.key.slice(prefix.length) };
          try {
            assertObjectKey(destination.key);
            await copy(object, destination);
          } catch (caught) {
            // S3 failures arrive mapped already; anything else is INTERNAL for this key.
            const error = toGatewayError(caught, destination);
            if (FATAL_CODES.has(error.code)) throw error;
            progress.failed(keyFailure(object.key, error));
            return;
          }
          if (mode === 'move') copied.push(object);
          else progress.succeeded(object.key, object.size);
        }),
      ),
    );
    // A source is deleted only once its copy is confirmed; a move counts an object when its source is gone.
    if (mode === 'move') await deleteKeys(service, bucket, copied, progress);
  }
}

/** Aborts every incomplete multipart upload below a prefix (started before `initiatedBefore`, when given): a lifecycle rule's cleanup. */
export function abortMultipartUploads(
  service: S3Storage,
  bucket: string,
  prefix: string,
  initiatedBefore: Date | undefined,
): BulkOperation {
  assertBucketName(bucket);
  assertKeyPrefix(prefix);
  return async (progress) => {
    for await (const page of service.multipartUploadPages(bucket, prefix)) {
      for (const upload of page) {
        if (initiatedBefore !== undefined && (upload.initiated === undefined || upload.initiated >= initiatedBefore)) continue;
        try {
          await service.abortMultipartUpload(upload);
          progress.succeeded(upload.key, 0);
        } catch (caught) {
          const error = toGatewayError(caught, upload);
          if (FATAL_CODES.has(error.code)) throw error;
          // Gone meanwhile (completed or aborted elsewhere): what the job was to achieve.
          if (error.code === 'NO_SUCH_UPLOAD') progress.succeeded(upload.key, 0);
          else progress.failed(keyFailure(upload.key, error));
        }
      }
    }
  };
}
