import pLimit, { type LimitFunction } from 'p-limit';
import { type ErrorCode, GatewayError, InvalidInputError, NoSuchBucketError, NoSuchKeyError } from '../errors.js';
import { toGatewayError } from './errors.js';
import { compareKeys } from './keys.js';
import { MAX_LISTING_PAGE } from './listing.js';
import { MAX_DELETE_BATCH } from './objects.js';
import type { CopiedSource } from './safe-delete.js';
import type { S3Storage } from './storage.js';
import type { ObjectDetails, ObjectLocation, ObjectSummary, ObjectVersionSummary } from './types.js';
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

/** Copies one object of a prefix and says which version of the source it copied. */
type CopyFunction = (
  source: ObjectSummary | (ObjectDetails & { versionId?: string }),
  destination: ObjectLocation,
) => Promise<{ sourceVersionId: string | undefined }>;

// Objects streamed between stores at once: each holds two parts (5 MiB each, more for objects over 50 GB) in memory.
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
  // Between stores the copy reads the source's current version itself and says which it was.
  const copy: CopyFunction = acrossStores
    ? async (source, destination) => {
        const copied = await service.copyAcross(destinationService, source, destination, { queueSize: 1 });
        return { sourceVersionId: copied.source.versionId };
      }
    : (source, destination) => service.copyConfirmed(source, destination);
  const limit = pLimit(acrossStores ? Math.min(concurrency, MAX_STREAMED_OBJECTS) : concurrency);
  return async (progress) => {
    if (!(await destinationService.bucketExists(destinationBucket))) throw new NoSuchBucketError(destinationBucket);
    // Between stores the copy reads the source's current version itself: no HeadObject here, nor the versioning check.
    const keepsVersions = !acrossStores && request.mode === 'move' && (await service.keepsVersions(bucket));
    await transferPages(service, request, copy, keepsVersions, limit, progress);
  };
}

/** Deletes each source as it was copied, one request each (a racing write is never deleted). */
async function deleteOneByOne(
  service: S3Storage,
  sources: (CopiedSource & SizedKey)[],
  limit: LimitFunction,
  progress: BulkProgress,
): Promise<void> {
  if (sources.length === 0) return;
  await progress.beforeDelete?.(sources);
  await Promise.all(
    sources.map((source) =>
      limit(async () => {
        try {
          await service.deleteMovedSource(source);
          progress.succeeded(source.key, source.size);
        } catch (caught) {
          const error = toGatewayError(caught, source);
          if (FATAL_CODES.has(error.code)) throw error;
          progress.failed(keyFailure(source.key, error));
        }
      }),
    ),
  );
}

/**
 * Deletes the sources of a page of moves as they were copied. Where the store keeps versions or honours If-Match, one
 * request per source says exactly what to delete. Elsewhere one listing of the page checks every source again, and the
 * unchanged ones go in DeleteObjects batches: a write that landed by then stays (one landing after it is lost, as documented).
 */
async function deleteMovedSources(
  service: S3Storage,
  page: { prefix: string; listedAfter: string | undefined },
  copied: (CopiedSource & SizedKey)[],
  limit: LimitFunction,
  progress: BulkProgress,
): Promise<void> {
  const [first] = copied;
  const unversioned = copied.filter((source) => source.versionId === undefined);
  if (first === undefined || unversioned.length < copied.length || (await service.honoursConditionalDelete(first.bucket))) {
    await deleteOneByOne(service, copied, limit, progress);
    return;
  }
  const listing = await service.listObjects({
    bucket: first.bucket,
    prefix: page.prefix,
    delimiter: undefined,
    limit: MAX_LISTING_PAGE,
    startAfter: page.listedAfter,
  });
  const current = new Map(listing.items.map((object) => [object.key, object.eTag]));
  const lastListed = listing.items.at(-1)?.key;
  const unchanged: SizedKey[] = [];
  const unknown: (CopiedSource & SizedKey)[] = [];
  for (const source of copied) {
    const eTag = current.get(source.key);
    if (eTag === source.eTag) unchanged.push(source);
    // Past the end of a full listing (keys written meanwhile pushed it out): checked on its own.
    else if (eTag === undefined && listing.hasMore && (lastListed === undefined || compareKeys(source.key, lastListed) > 0))
      unknown.push(source);
    // Gone already, or written again since the copy: that write stays.
    else progress.succeeded(source.key, source.size);
  }
  await deleteKeys(service, first.bucket, unchanged, progress);
  await deleteOneByOne(service, unknown, limit, progress);
}

/**
 * Copies (or moves) each page of the prefix. A move in a bucket with versioning asks HeadObject which version each source
 * is and copies that one, so that exactly it is deleted: a listing names no versions, and not every store says which
 * version CopyObject copied (Ceph RGW does not).
 */
async function transferPages(
  service: S3Storage,
  request: PrefixTransfer,
  copy: CopyFunction,
  keepsVersions: boolean,
  limit: LimitFunction,
  progress: BulkProgress,
): Promise<void> {
  const { bucket, prefix, destinationBucket, destinationPrefix, mode } = request;
  let listedAfter: string | undefined;
  for await (const page of service.objectPages(bucket, prefix)) {
    const copied: (CopiedSource & SizedKey)[] = [];
    await Promise.all(
      page.map((object) =>
        limit(async () => {
          const destination = { bucket: destinationBucket, key: destinationPrefix + object.key.slice(prefix.length) };
          let sourceVersionId: string | undefined;
          try {
            assertObjectKey(destination.key);
            const source = keepsVersions ? await service.headObject(object) : object;
            if (source === null) throw new NoSuchKeyError(bucket, object.key);
            ({ sourceVersionId } = await copy(source, destination));
          } catch (caught) {
            // S3 failures arrive mapped already; anything else is INTERNAL for this key.
            const error = toGatewayError(caught, destination);
            if (FATAL_CODES.has(error.code)) throw error;
            progress.failed(keyFailure(object.key, error));
            return;
          }
          if (mode === 'move') copied.push({ ...object, versionId: sourceVersionId });
          else progress.succeeded(object.key, object.size);
        }),
      ),
    );
    // A source is deleted only once its copy is confirmed; a move counts an object when its source is gone.
    if (mode === 'move') await deleteMovedSources(service, { prefix, listedAfter }, copied, limit, progress);
    listedAfter = page.at(-1)?.key ?? listedAfter;
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

/** Puts one key back as it was at `at`: the version current then becomes the latest again, or the key is deleted if it did not exist. */
async function restoreKey(service: S3Storage, history: ObjectVersionSummary[], at: Date, progress: BulkProgress): Promise<void> {
  const [latest] = history;
  if (latest === undefined) return;
  const location = { bucket: latest.bucket, key: latest.key };
  // Each key's versions come the newest first: the first one written by `at` is the one current then.
  const then = history.find((version) => version.lastModified !== undefined && version.lastModified <= at);
  const current = latest.isLatest && !latest.isDeleteMarker ? latest : undefined;
  try {
    if (then === undefined || then.isDeleteMarker) {
      // A delete marker, so that what is removed stays in the history.
      if (current !== undefined) await service.deleteObject(location);
      progress.succeeded(latest.key, 0);
      return;
    }
    // Already as it was (this run or an earlier, interrupted one restored it): nothing to write, so a second run changes nothing.
    const unchanged = current !== undefined && (current.versionId === then.versionId || current.eTag === then.eTag);
    if (!unchanged) await service.restoreObjectVersion(location, then.versionId);
    progress.succeeded(latest.key, then.size ?? 0);
  } catch (caught) {
    const error = toGatewayError(caught, location);
    if (FATAL_CODES.has(error.code)) throw error;
    progress.failed(keyFailure(latest.key, error));
  }
}

// Keys whose histories are held at once: a batch is restored before the listing goes on, so memory stays flat.
const RESTORE_BATCH_KEYS = 100;

/**
 * Puts every object below a prefix back as it was at `at`, from its versions: safe to run twice (a key already as it was is
 * left alone) and to interrupt (each key is restored or not; a second run finishes the others).
 */
export function restorePrefix(service: S3Storage, bucket: string, prefix: string, at: Date, concurrency: number): BulkOperation {
  assertBucketName(bucket);
  assertKeyPrefix(prefix);
  if (Number.isNaN(at.getTime()) || at.getTime() > Date.now()) throw new InvalidInputError('at must be a moment in the past.');
  return async (progress) => {
    const limit = pLimit(concurrency);
    let batch: ObjectVersionSummary[][] = [];
    const restoreBatch = () => Promise.all(batch.map((history) => limit(() => restoreKey(service, history, at, progress))));
    for await (const history of service.keyHistories(bucket, prefix)) {
      batch.push(history);
      if (batch.length < RESTORE_BATCH_KEYS) continue;
      await restoreBatch();
      batch = [];
    }
    await restoreBatch();
  };
}
