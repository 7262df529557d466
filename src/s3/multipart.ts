import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { EntityTooLargeError, InvalidInputError, NoSuchKeyError, NoSuchUploadError } from '../errors.js';
import { type S3Access, withS3Errors } from './access.js';
import { MAX_PARTS, normalizeETag } from './objects.js';
import { assertPresignable, presignUploadParts } from './presign.js';
import type {
  CreatedUpload,
  CreateMultipartUploadRequest,
  PartsPage,
  PendingUploadsPage,
  SignedPart,
  UploadedPart,
  UploadLocation,
  WriteResult,
} from './types.js';
import { assertBucketName, assertContentType, assertKeyPrefix, assertMetadata, assertObjectKey } from './validation.js';
import { writeHeaders } from './write-options.js';

/** Uploads whose parts a client sends straight to the store: the gateway creates, signs, lists, completes and aborts. */

const MIB = 1024 * 1024;
/** S3's smallest part, except the last one. */
export const MIN_PART_BYTES = 5 * MIB;
/** S3's largest part. */
export const MAX_PART_BYTES = 5 * 1024 * MIB;
/** S3's largest object made by a multipart upload (5 TiB). */
export const MAX_MULTIPART_OBJECT_BYTES = 5 * 1024 * 1024 * MIB;
/** Parts are at least this large: fewer requests per GiB, still small enough to resume cheaply. */
const PREFERRED_PART_BYTES = 8 * MIB;
/** Parts grow with the object up to this size, so a large file costs the gateway about 16 signatures per GiB. */
const LARGE_PART_BYTES = 64 * MIB;
const TARGET_PARTS = 16;
/** Most part URLs signed by one signUploadParts call, all in one turn of the event loop: about 0.1 ms of CPU each. */
export const MAX_SIGNED_PARTS = 100;
/** S3's page size for ListParts and ListMultipartUploads. */
export const MAX_MULTIPART_PAGE = 1000;

/** The part size for an object of `size` bytes: about a sixteenth of it within 8 to 64 MiB, larger only as 10,000 parts need. */
export function partSizeFor(size: number): number {
  const wholeMiB = (bytes: number) => Math.ceil(bytes / MIB) * MIB;
  const grown = Math.min(LARGE_PART_BYTES, Math.max(PREFERRED_PART_BYTES, wholeMiB(size / TARGET_PARTS)));
  return Math.min(MAX_PART_BYTES, Math.max(grown, wholeMiB(size / MAX_PARTS)));
}

function assertUpload({ bucket, key, uploadId }: UploadLocation): void {
  assertBucketName(bucket);
  assertObjectKey(key);
  if (uploadId.length === 0 || uploadId.length > 1024) throw new InvalidInputError('uploadId must be 1 to 1024 characters.');
}

/** Requests naming an uploadId: a store that says NoSuchKey or a bare 404 (Ceph RGW does) means the upload is gone. */
async function withUploadErrors<T>(access: S3Access, upload: UploadLocation, call: () => Promise<T>): Promise<T> {
  try {
    return await withS3Errors(access, upload, call);
  } catch (error) {
    throw error instanceof NoSuchKeyError ? new NoSuchUploadError(upload.key, { cause: error }) : error;
  }
}

function assertPartNumber(partNumber: number): void {
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PARTS) {
    throw new InvalidInputError(`Part numbers are 1 to ${MAX_PARTS}; ${partNumber} is not.`);
  }
}

/** Checks the size against MAX_UPLOAD_BYTES and S3's limits before anything reaches S3, then starts the upload. */
export async function createMultipartUpload(access: S3Access, request: CreateMultipartUploadRequest): Promise<CreatedUpload> {
  const { bucket, key, size, contentType, metadata } = request;
  assertBucketName(bucket);
  assertObjectKey(key);
  assertMetadata(metadata);
  if (contentType !== undefined) assertContentType(contentType);
  if (!Number.isSafeInteger(size) || size < 0) throw new InvalidInputError('size must be a whole number of bytes, 0 or more.');
  const limit = Math.min(access.limits.maxUploadBytes, MAX_MULTIPART_OBJECT_BYTES);
  if (size > limit) throw new EntityTooLargeError(`The upload is larger than the limit of ${limit} bytes.`);
  const partSize = partSizeFor(size);
  const { UploadId } = await withS3Errors(access, { bucket, key }, () =>
    access.client.send(
      new CreateMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        ContentType: contentType ?? 'application/octet-stream',
        Metadata: metadata,
        ...writeHeaders(request.options),
      }),
    ),
  );
  if (UploadId === undefined) throw new InvalidInputError('The S3 store answered CreateMultipartUpload without an uploadId.');
  return { bucket, key, uploadId: UploadId, partSize };
}

/** Presigned UploadPart URLs, signed for the public endpoint; signing makes no S3 request. */
export async function signUploadParts(
  access: S3Access,
  upload: UploadLocation,
  partNumbers: number[],
  expiresInSeconds: number,
): Promise<SignedPart[]> {
  assertUpload(upload);
  assertPresignable(access, upload, expiresInSeconds);
  if (partNumbers.length === 0 || partNumbers.length > MAX_SIGNED_PARTS) {
    throw new InvalidInputError(`Sign 1 to ${MAX_SIGNED_PARTS} parts per call.`);
  }
  partNumbers.forEach(assertPartNumber);
  if (new Set(partNumbers).size !== partNumbers.length) throw new InvalidInputError('A part number is given twice.');
  const command = new UploadPartCommand({ Bucket: upload.bucket, Key: upload.key, UploadId: upload.uploadId, PartNumber: partNumbers[0] });
  return withS3Errors(access, upload, () => presignUploadParts(access.signer, command, partNumbers, expiresInSeconds));
}

/** One ListParts page: up to `limit` parts after part number `after`, in part order. */
export async function listParts(access: S3Access, upload: UploadLocation, after: number, limit: number): Promise<PartsPage> {
  assertUpload(upload);
  if (!Number.isInteger(after) || after < 0 || after > MAX_PARTS) throw new InvalidInputError(`after must be 0 to ${MAX_PARTS}.`);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_MULTIPART_PAGE) {
    throw new InvalidInputError(`first must be 1 to ${MAX_MULTIPART_PAGE}.`);
  }
  const page = await withUploadErrors(access, upload, () =>
    access.client.send(
      new ListPartsCommand({
        Bucket: upload.bucket,
        Key: upload.key,
        UploadId: upload.uploadId,
        PartNumberMarker: after === 0 ? undefined : String(after),
        MaxParts: limit,
      }),
    ),
  );
  const parts = (page.Parts ?? []).map(({ PartNumber = 0, Size = 0, ETag, LastModified }): UploadedPart => ({
    partNumber: PartNumber,
    size: Size,
    eTag: normalizeETag(ETag),
    lastModified: LastModified,
  }));
  return { parts, hasMore: page.IsTruncated === true };
}

async function allParts(access: S3Access, upload: UploadLocation): Promise<Map<number, UploadedPart>> {
  const parts = new Map<number, UploadedPart>();
  let after = 0;
  for (;;) {
    const page = await listParts(access, upload, after, MAX_MULTIPART_PAGE);
    for (const part of page.parts) parts.set(part.partNumber, part);
    const last = page.parts.at(-1);
    if (!page.hasMore || last === undefined) return parts;
    after = last.partNumber;
  }
}

/** Quotes are optional in the ETags clients send back (browsers read them from the PUT's answer). */
const sameETag = (given: string, uploaded: string | undefined) => normalizeETag(given) === uploaded;

/**
 * Checks the parts against what was uploaded (numbers ascending, ETags, sizes, MAX_UPLOAD_BYTES) before completing:
 * an upload too large is aborted, so nothing the caller may not write becomes reachable.
 */
export async function completeMultipartUpload(
  access: S3Access,
  upload: UploadLocation,
  parts: { partNumber: number; eTag: string }[],
): Promise<WriteResult> {
  assertUpload(upload);
  if (parts.length === 0) throw new InvalidInputError('Give at least one part.');
  parts.forEach(({ partNumber }, index) => {
    assertPartNumber(partNumber);
    const previous = parts[index - 1];
    if (previous !== undefined && partNumber <= previous.partNumber) {
      throw new InvalidInputError('Parts must be listed in ascending part number order, each once.');
    }
  });
  const uploaded = await allParts(access, upload);
  let size = 0;
  parts.forEach(({ partNumber, eTag }, index) => {
    const part = uploaded.get(partNumber);
    if (part === undefined) throw new InvalidInputError(`Part ${partNumber} has not been uploaded.`);
    if (!sameETag(eTag, part.eTag)) throw new InvalidInputError(`Part ${partNumber}'s ETag is not the uploaded part's (${part.eTag}).`);
    if (index < parts.length - 1 && part.size < MIN_PART_BYTES) {
      throw new InvalidInputError(`Part ${partNumber} is ${part.size} bytes: every part but the last must be at least ${MIN_PART_BYTES}.`);
    }
    size += part.size;
  });
  if (size > access.limits.maxUploadBytes) {
    await abortMultipartUpload(access, upload);
    throw new EntityTooLargeError(
      `The parts add up to ${size} bytes, over the limit of ${access.limits.maxUploadBytes}: the upload is aborted.`,
    );
  }
  const completed = await withUploadErrors(access, upload, () =>
    access.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: upload.bucket,
        Key: upload.key,
        UploadId: upload.uploadId,
        MultipartUpload: { Parts: parts.map(({ partNumber, eTag }) => ({ PartNumber: partNumber, ETag: normalizeETag(eTag) })) },
      }),
    ),
  );
  return { bucket: upload.bucket, key: upload.key, eTag: normalizeETag(completed.ETag), size, lastModified: undefined };
}

/** Aborts an upload and frees its parts; an unknown (or already finished) uploadId is NO_SUCH_UPLOAD. */
export async function abortMultipartUpload(access: S3Access, upload: UploadLocation): Promise<void> {
  assertUpload(upload);
  await withUploadErrors(access, upload, () =>
    access.client.send(new AbortMultipartUploadCommand({ Bucket: upload.bucket, Key: upload.key, UploadId: upload.uploadId })),
  );
}

/** One ListMultipartUploads page of the incomplete uploads below `prefix`, after (key, uploadId) when given. */
export async function listMultipartUploads(
  access: S3Access,
  request: { bucket: string; prefix: string; limit: number; after: { key: string; uploadId: string } | undefined },
): Promise<PendingUploadsPage> {
  const { bucket, prefix, limit, after } = request;
  assertBucketName(bucket);
  assertKeyPrefix(prefix);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_MULTIPART_PAGE) {
    throw new InvalidInputError(`first must be 1 to ${MAX_MULTIPART_PAGE}.`);
  }
  const page = await withS3Errors(access, { bucket }, () =>
    access.client.send(
      new ListMultipartUploadsCommand({
        Bucket: bucket,
        Prefix: prefix === '' ? undefined : prefix,
        MaxUploads: limit,
        KeyMarker: after?.key,
        UploadIdMarker: after?.uploadId,
      }),
    ),
  );
  const uploads = (page.Uploads ?? []).map(({ Key = '', UploadId = '', Initiated }) => ({
    bucket,
    key: Key,
    uploadId: UploadId,
    initiated: Initiated,
  }));
  return { uploads, hasMore: page.IsTruncated === true };
}

/** Every incomplete upload below `prefix`, a page at a time, so that memory stays flat. */
export async function* multipartUploadPages(
  access: S3Access,
  bucket: string,
  prefix: string,
): AsyncGenerator<PendingUploadsPage['uploads']> {
  let after: { key: string; uploadId: string } | undefined;
  for (;;) {
    const page = await listMultipartUploads(access, { bucket, prefix, limit: MAX_MULTIPART_PAGE, after });
    yield page.uploads;
    const last = page.uploads.at(-1);
    if (!page.hasMore || last === undefined) return;
    after = { key: last.key, uploadId: last.uploadId };
  }
}
