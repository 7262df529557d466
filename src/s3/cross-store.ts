import { createHash, type Hash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type PutObjectCommandInput,
} from '@aws-sdk/client-s3';
import { NoSuchBucketError, NoSuchKeyError, PreconditionFailedError } from '../errors.js';
import { type S3Access, withS3Errors } from './access.js';
import { bucketExists } from './buckets.js';
import { deleteObject, headObject, MAX_PARTS } from './objects.js';
import { type CopiedSource, deleteMovedSource } from './safe-delete.js';
import type { ObjectDetails, ObjectLocation } from './types.js';
import { assertBucketName, assertObjectKey } from './validation.js';

/**
 * Copies between two stores: no store copies to another, so the bytes stream through the gateway, GetObject read into
 * parts (one PUT up to a part, a multipart upload with parts in parallel above), with memory bounded by queueSize + 1 parts.
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

interface Part {
  bytes: Buffer;
  md5: Buffer;
}

/**
 * The source read into parts of `partSize` (the last one shorter, an empty source one empty part), each copied once into a
 * buffer used again once its part is uploaded, and hashed once: the MD5 of each part and, only where the source's ETag
 * needs it, of the whole, as S3 derives an ETag (MD5 of one PUT; MD5 of the parts' MD5s then -N for a multipart upload).
 */
class SourceParts {
  bytes = 0;
  private readonly whole: Hash | undefined;
  private readonly partDigests: Buffer[] = [];
  /** Buffers of uploaded parts: a copy allocates queueSize and one more, not a new one for every part. */
  private readonly spare: Buffer[] = [];

  /** `hashWhole`: the whole stream's MD5 is wanted beyond one part (a single PUT's ETag at the source to check). */
  constructor(
    private readonly partSize: number,
    hashWhole: boolean,
  ) {
    this.whole = hashWhole ? createHash('md5') : undefined;
  }

  /**
   * Yields each part with its MD5 once a byte beyond it arrives, and returns the last one (all of a source up to a part,
   * empty for an empty source), so that the last part is known as such; `onChunk` as each chunk arrives.
   */
  async *read(body: AsyncIterable<Buffer>, onChunk: () => void): AsyncGenerator<Part, Part> {
    let buffer = this.buffer();
    let filled = 0;
    for await (const chunk of body) {
      onChunk();
      for (let offset = 0; offset < chunk.length;) {
        if (filled === this.partSize) {
          yield this.part(buffer.subarray(0, filled));
          buffer = this.buffer();
          filled = 0;
        }
        const copied = chunk.copy(buffer, filled, offset);
        offset += copied;
        filled += copied;
      }
    }
    return this.part(buffer.subarray(0, filled));
  }

  /** Takes back the buffer of a part the store has stored, for a part still to be read. */
  release({ bytes }: Part): void {
    this.spare.push(Buffer.from(bytes.buffer, bytes.byteOffset, this.partSize));
  }

  // Not from Node's shared pool: a part's buffer is its own, to be used again.
  private buffer(): Buffer {
    return this.spare.pop() ?? Buffer.allocUnsafeSlow(this.partSize);
  }

  private part(bytes: Buffer): Part {
    this.bytes += bytes.length;
    this.whole?.update(bytes);
    const md5 = createHash('md5').update(bytes).digest();
    this.partDigests.push(md5);
    return { bytes, md5 };
  }

  /**
   * The ETags a store that follows S3 gives what passed: one PUT's (undefined beyond one part unless the whole was hashed)
   * and the multipart upload's; call once the stream ended.
   */
  expectedETags(): { single: string | undefined; multipart: string | undefined } {
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

/** What the copy keeps of the source: its content type, metadata, Cache-Control and Content-Disposition. */
type KeptHeaders = Pick<PutObjectCommandInput, 'ContentType' | 'Metadata' | 'CacheControl' | 'ContentDisposition'>;

/**
 * A part goes with its MD5 as Content-MD5, which the store checks against what it received: its payload is then left
 * unsigned (UNSIGNED-PAYLOAD), so that SigV4 does not hash every byte a second time (SHA-256) for the same assurance.
 */
function checkedByContentMd5<Command extends PutObjectCommand | UploadPartCommand>(command: Command): Command {
  (command.middlewareStack as PutObjectCommand['middlewareStack']).add(
    (next) => (args) => {
      const { request } = args as { request: { headers?: Record<string, string> } };
      if (request.headers !== undefined) request.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
      return next(args);
    },
    { step: 'build', name: 'gatewayUnsignedCheckedPayload' },
  );
  return command;
}

/**
 * Writes the parts read from the source to `destination`: one PUT when the first part is the last, otherwise a multipart
 * upload with `queueSize` parts in flight, aborted when anything fails, so that nothing is left at the destination.
 */
async function writeParts(
  to: S3Access,
  destination: ObjectLocation,
  headers: KeptHeaders,
  parts: { next: () => Promise<IteratorResult<Part, Part>>; release: (part: Part) => void },
  { queueSize, abortSignal, onProgress }: { queueSize: number; abortSignal: AbortSignal; onProgress: () => void },
): Promise<void> {
  const target = { Bucket: destination.bucket, Key: destination.key };
  const send = <Output>(call: () => Promise<Output>) => withS3Errors(to, destination, call);
  let uploadId: string | undefined;
  const uploaded: CompletedPart[] = [];
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  const startPart = (PartNumber: number, part: Part, UploadId: string) => {
    const { bytes, md5 } = part;
    const uploading = send(() =>
      to.client.send(
        checkedByContentMd5(new UploadPartCommand({ ...target, UploadId, PartNumber, Body: bytes, ContentMD5: md5.toString('base64') })),
        { abortSignal },
      ),
    ).then(({ ETag }) => {
      uploaded.push({ PartNumber, ETag });
      inFlight.delete(uploading);
      parts.release(part);
      onProgress();
    });
    inFlight.add(uploading);
    uploading.catch((error: unknown) => (failure ??= { error }));
  };
  try {
    let partNumber = 0;
    let read = await parts.next();
    while (read.done !== true) {
      uploadId ??=
        (await send(() => to.client.send(new CreateMultipartUploadCommand({ ...target, ...headers }), { abortSignal }))).UploadId ?? '';
      startPart((partNumber += 1), read.value, uploadId);
      // Memory is queueSize parts in flight and the one being read, as in lib-storage.
      if (inFlight.size >= queueSize) await Promise.race(inFlight);
      if (failure !== undefined) throw failure.error;
      read = await parts.next();
    }
    const last = read.value;
    if (uploadId === undefined) {
      await send(() =>
        to.client.send(
          checkedByContentMd5(new PutObjectCommand({ ...target, ...headers, Body: last.bytes, ContentMD5: last.md5.toString('base64') })),
          { abortSignal },
        ),
      );
      return;
    }
    startPart((partNumber += 1), last, uploadId);
    await Promise.all(inFlight);
    uploaded.sort((one, other) => (one.PartNumber ?? 0) - (other.PartNumber ?? 0));
    const UploadId = uploadId;
    await send(() =>
      to.client.send(new CompleteMultipartUploadCommand({ ...target, UploadId, MultipartUpload: { Parts: uploaded } }), { abortSignal }),
    );
  } catch (error) {
    await Promise.allSettled(inFlight);
    const UploadId = uploadId;
    if (UploadId !== undefined) {
      await send(() => to.client.send(new AbortMultipartUploadCommand({ ...target, UploadId }))).catch((abortFailure: unknown) =>
        to.logger.warn('A copy between stores failed and its multipart upload could not be aborted.', {
          ...target,
          UploadId,
          abortFailure,
        }),
      );
    }
    throw error;
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
  const parts = new SourceParts(partSize, sourceIsOnePut && version.size > partSize);
  const abort = new AbortController();
  let body: Readable | undefined;
  // Ends the source's read and the requests in flight: the multipart upload is then aborted.
  const stop = () => {
    abort.abort(signal?.reason);
    body?.destroy(signal?.reason instanceof Error ? signal.reason : new Error('The copy was aborted.'));
  };
  signal?.addEventListener('abort', stop, { once: true });
  try {
    body = await withS3Errors(from, source, async () => {
      const response = await from.client.send(new GetObjectCommand({ Bucket: source.bucket, Key: source.key, IfMatch: version.eTag }), {
        abortSignal: abort.signal,
      });
      return response.Body as Readable;
    });
    const reading = parts.read(body, onProgress);
    // A source that breaks off fails the copy with its own error: that store, not the destination, is to blame.
    const next = () => withS3Errors(from, source, () => reading.next());
    const headers = {
      ContentType: version.contentType ?? 'application/octet-stream',
      Metadata: version.metadata,
      CacheControl: version.cacheControl,
      ContentDisposition: version.contentDisposition,
    };
    await writeParts(
      to,
      destination,
      headers,
      { next, release: (part) => parts.release(part) },
      { queueSize, abortSignal: abort.signal, onProgress },
    ).catch((error: unknown) => {
      signal?.throwIfAborted();
      throw error;
    });
    onProgress();
    const written = await headObject(to, destination);
    const expected = parts.expectedETags();
    const sourceIntact = !sourceIsOnePut || version.eTag === expected.single;
    const verified = written?.size === version.size && parts.bytes === version.size && sourceIntact && eTagAgrees(written.eTag, expected);
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
