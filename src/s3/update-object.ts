import { CopyObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { NoSuchKeyError } from '../errors.js';
import { type S3Access, withS3Errors } from './access.js';
import { isNotFound } from './errors.js';
import { normalizeETag } from './objects.js';
import { encodeCopySource, multipartCopy, type ReplacedHeaders } from './transfer.js';
import type { ObjectHeadersUpdate, ObjectLocation, WriteResult } from './types.js';
import { assertBucketName, assertContentType, assertMetadata, assertObjectKey } from './validation.js';
import { writeHeaders } from './write-options.js';

/** An object's headers changed without sending its content again: S3 has no such call, only a copy onto itself. */

function assertUpdate(location: ObjectLocation, update: ObjectHeadersUpdate): void {
  assertBucketName(location.bucket);
  assertObjectKey(location.key);
  if (update.contentType !== undefined) assertContentType(update.contentType);
  if (update.metadata !== undefined) assertMetadata(update.metadata);
  const removable = (value: string | undefined) => (value === '' ? undefined : value);
  writeHeaders({
    cacheControl: removable(update.cacheControl),
    contentDisposition: removable(update.contentDisposition),
    storageClass: undefined,
    serverSideEncryption: undefined,
    sseKmsKeyId: undefined,
  });
}

/** A header given replaces the current one ("" removes it); one not given is kept. */
const replacedValue = (given: string | undefined, current: string | undefined): string | undefined =>
  given === undefined ? current : given === '' ? undefined : given;

/**
 * CopyObject of the object onto itself with MetadataDirective REPLACE (UploadPartCopy above the multipart threshold),
 * pinned with CopySourceIfMatch to the ETag HeadObject read: a write that lands in between makes the copy fail with
 * PRECONDITION_FAILED instead of being overwritten by the older content. Everything a REPLACE would reset and was not
 * asked to change (content encoding and language, storage class, encryption, object lock) is carried over; tags stay.
 */
export async function updateObject(access: S3Access, location: ObjectLocation, update: ObjectHeadersUpdate): Promise<WriteResult> {
  assertUpdate(location, update);
  const { bucket, key } = location;
  return withS3Errors(access, location, async () => {
    const head = await access.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).catch((error: unknown) => {
      throw isNotFound(error) ? new NoSuchKeyError(bucket, key, { cause: error }) : error;
    });
    const eTag = normalizeETag(head.ETag);
    const size = head.ContentLength ?? 0;
    const headers: ReplacedHeaders = {
      ContentType: update.contentType ?? head.ContentType,
      Metadata: update.metadata ?? head.Metadata,
      CacheControl: replacedValue(update.cacheControl, head.CacheControl),
      ContentDisposition: replacedValue(update.contentDisposition, head.ContentDisposition),
      ContentEncoding: head.ContentEncoding,
      ContentLanguage: head.ContentLanguage,
      WebsiteRedirectLocation: head.WebsiteRedirectLocation,
      // Without it the copy would be STANDARD: an archived or infrequent-access object would silently change class.
      StorageClass: head.StorageClass,
      ServerSideEncryption: head.ServerSideEncryption,
      SSEKMSKeyId: head.SSEKMSKeyId,
      ObjectLockMode: head.ObjectLockMode,
      ObjectLockRetainUntilDate: head.ObjectLockRetainUntilDate,
      ObjectLockLegalHoldStatus: head.ObjectLockLegalHoldStatus,
    };
    if (size > access.limits.multipartCopyThresholdBytes) return multipartCopy(access, location, location, { size, eTag }, headers);
    const { CopyObjectResult } = await access.client.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: key,
        CopySource: encodeCopySource(location),
        CopySourceIfMatch: eTag,
        MetadataDirective: 'REPLACE',
        ...headers,
      }),
    );
    return { bucket, key, eTag: normalizeETag(CopyObjectResult?.ETag), lastModified: CopyObjectResult?.LastModified, size };
  });
}
