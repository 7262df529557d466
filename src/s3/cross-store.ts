import { createHash, type Hash } from 'node:crypto';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { NoSuchBucketError, NoSuchKeyError, PreconditionFailedError } from '../errors.js';
import { type S3Access, withS3Errors } from './access.js';
import { bucketExists } from './buckets.js';
import { deleteObject, headObject, MAX_PARTS } from './objects.js';
import { type CopiedSource, deleteMovedSource } from './safe-delete.js';
import type { ObjectDetails, ObjectLocation } from './types.js';
import { assertBucketName, assertObjectKey } from './validation.js';

/**
 * Copies between two stores: no store copies to another, so the bytes stream through the gateway, GetObject into
 * lib-storage's Upload (one PUT up to a part, parts in parallel above), with memory bounded by queueSize × partSize.
 * What was sent is verified before a move deletes its source: the size, and the MD5 the stores' ETags are made of.
 */

const PART_BYTES = 5 * 1024 * 1024;

/** What a copy between stores wrote, and the version of the source it read: what a move may delete, and nothing newer. */
export interface StreamedCopy {
  written: ObjectDetails;
  source: CopiedSource;
}

export interface StreamCopyOptions {
  /** Parts uploaded at once for one object: a prefix job runs several objects at once, each with 1. */
  queueSize: number;
  /** Aborted, the copy stops: its multipart upload is aborted, a copy already written is removed, a move keeps its source. */
  signal?: AbortSignal;
  /** Called as bytes flow and parts land, so that a deadline counting time without progress spares a copy that moves. */
  onProgress?: () => void;
}

/**
 * MD5 of each part and, only where the source's ETag needs it, of the whole stream, as S3 derives an ETag: MD5 of one
 * PUT, MD5 of the parts' MD5s then -N for a multipart upload. Up to one part, the whole is that part: each byte is hashed once.
 */
class PartDigests extends Transform {
  bytes = 0;
  private readonly whole: Hash | undefined;
  private readonly partDigests: Buffer[] = [];
  private part: Hash = createHash('md5');
  private partBytes = 0;

  /** `hashWhole`: the whole stream's MD5 is wanted beyond one part (a single PUT's ETag at the source to check). */
  constructor(
    private readonly partSize: number,
    hashWhole: boolean,
    private readonly onProgress: () => void,
  ) {
    super();
    this.whole = hashWhole ? createHash('md5') : undefined;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    this.whole?.update(chunk);
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(this.partSize - this.partBytes, chunk.length - offset);
      this.part.update(chunk.subarray(offset, offset + take));
      this.partBytes += take;
      offset += take;
      if (this.partBytes === this.partSize) this.closePart();
    }
    this.onProgress();
    callback(null, chunk);
  }

  private closePart(): void {
    this.partDigests.push(this.part.digest());
    this.part = createHash('md5');
    this.partBytes = 0;
  }

  /**
   * The ETags a store that follows S3 gives what passed: one PUT's (undefined beyond one part unless the whole was hashed)
   * and the multipart upload's; call once the stream ended.
   */
  expectedETags(): { single: string | undefined; multipart: string | undefined } {
    if (this.partBytes > 0 || this.partDigests.length === 0) this.closePart();
    const [first] = this.partDigests;
    const wholeDigest = this.whole?.digest() ?? (this.partDigests.length === 1 ? first : undefined);
    const single = wholeDigest === undefined ? undefined : `"${wholeDigest.toString('hex')}"`;
    if (this.bytes <= this.partSize) return { single, multipart: undefined };
    const combined = createHash('md5').update(Buffer.concat(this.partDigests)).digest('hex');
    return { single, multipart: `"${combined}-${this.partDigests.length}"` };
  }
}

const PLAIN_MD5 = /^"[0-9a-f]{32}"$/;
const MULTIPART_MD5 = /^"[0-9a-f]{32}-\d+"$/;

/**
 * True unless an ETag shaped as S3 makes them differs from what was sent. Other shapes (SSE-KMS, SSE-C) say nothing of the
 * content, and only the size is checked; so does a plain MD5 for a multipart upload, which S3 never gives.
 */
function eTagAgrees(eTag: string | undefined, expected: { single: string | undefined; multipart: string | undefined }): boolean {
  if (eTag === undefined) return true;
  if (PLAIN_MD5.test(eTag)) return expected.single === undefined || eTag === expected.single;
  if (MULTIPART_MD5.test(eTag)) return eTag === expected.multipart;
  return true;
}

function assertLocations(...locations: ObjectLocation[]): void {
  for (const { bucket, key } of locations) {
    assertBucketName(bucket);
    assertObjectKey(key);
  }
}

/**
 * Streams `source` (the version HeadObject finds) from one store into `destination` on another,
 * keeping content type, metadata, Cache-Control and Content-Disposition, then confirms the destination holds what was
 * read: its size and, where its ETag is S3's MD5, its content. A copy that fails or is aborted leaves nothing at the
 * destination (a single PUT lands or not; a multipart upload is aborted); one that cannot be confirmed is removed.
 */
export async function streamCopy(
  from: S3Access,
  to: S3Access,
  source: ObjectLocation,
  destination: ObjectLocation,
  { queueSize, signal, onProgress = () => undefined }: StreamCopyOptions,
): Promise<StreamedCopy> {
  assertLocations(source, destination);
  const version = await headObject(from, source);
  if (version === null) throw new NoSuchKeyError(source.bucket, source.key);
  if (!(await bucketExists(to, destination.bucket))) throw new NoSuchBucketError(destination.bucket);
  signal?.throwIfAborted();
  const partSize = Math.max(PART_BYTES, Math.ceil(version.size / MAX_PARTS));
  const sourceIsOnePut = version.eTag !== undefined && PLAIN_MD5.test(version.eTag);
  const digests = new PartDigests(partSize, sourceIsOnePut && version.size > partSize, onProgress);
  const abort = new AbortController();
  // Ending what the upload reads fails it, and lib-storage then aborts the multipart upload before done() settles.
  const stop = () => {
    abort.abort(signal?.reason);
    digests.destroy(signal?.reason instanceof Error ? signal.reason : new Error('The copy was aborted.'));
  };
  signal?.addEventListener('abort', stop, { once: true });
  let body: Readable | undefined;
  try {
    body = await withS3Errors(from, source, async () => {
      const response = await from.client.send(new GetObjectCommand({ Bucket: source.bucket, Key: source.key, IfMatch: version.eTag }), {
        abortSignal: abort.signal,
      });
      return response.Body as Readable;
    });
    let sourceFailure: Error | undefined;
    // pipe() does not forward errors: a source that fails half-way must fail the upload, which then aborts.
    body.once('error', (error) => {
      sourceFailure = error;
      digests.destroy(error);
    });
    const upload = new Upload({
      client: to.client,
      params: {
        Bucket: destination.bucket,
        Key: destination.key,
        Body: body.pipe(digests),
        ContentType: version.contentType ?? 'application/octet-stream',
        Metadata: version.metadata,
        CacheControl: version.cacheControl,
        ContentDisposition: version.contentDisposition,
      },
      partSize,
      queueSize,
    });
    upload.on('httpUploadProgress', onProgress);
    await withS3Errors(to, destination, () => upload.done()).catch((error: unknown) => {
      signal?.throwIfAborted();
      // The upload fails with the source's error when the source broke off: that store, not this one, is to blame.
      if (sourceFailure === undefined) throw error;
      const failure = sourceFailure;
      return withS3Errors(from, source, () => Promise.reject(failure));
    });
    onProgress();
    const written = await headObject(to, destination);
    const expected = digests.expectedETags();
    const sourceIntact = !sourceIsOnePut || version.eTag === expected.single;
    const verified = written?.size === version.size && digests.bytes === version.size && sourceIntact && eTagAgrees(written.eTag, expected);
    // Aborted once written (its deadline passed while it was being confirmed): the caller was told it failed, so it did.
    if (!verified || signal?.aborted === true) {
      await deleteObject(to, destination).catch(() => undefined);
      signal?.throwIfAborted();
      throw new PreconditionFailedError(
        `The copy of "${source.key}" could not be verified (size or checksum differ from the source's); it was removed and the source kept.`,
      );
    }
    return { written, source: { ...source, eTag: version.eTag, versionId: version.versionId } };
  } finally {
    signal?.removeEventListener('abort', stop);
    // Ends the source's response when the upload failed before reading all of it.
    abort.abort();
    body?.destroy();
  }
}

/**
 * Streams to the other store, verifies, then deletes the source as it was read (deleteMovedSource): a failure at any
 * step leaves the source in place, and so does a write to it that landed while it was copied.
 */
export async function streamMove(
  from: S3Access,
  to: S3Access,
  source: ObjectLocation,
  destination: ObjectLocation,
  options: StreamCopyOptions,
): Promise<StreamedCopy> {
  const copy = await streamCopy(from, to, source, destination, options);
  // The copy was verified under its deadline, which starts afresh for the delete: its requests cannot outlive it unseen
  // unless they take the whole deadline themselves.
  options.onProgress?.();
  await deleteMovedSource(from, copy.source);
  return copy;
}
