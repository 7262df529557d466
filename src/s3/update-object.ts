import {
  CopyObjectCommand,
  HeadObjectCommand,
  type HeadObjectCommandOutput,
  PutObjectLegalHoldCommand,
  PutObjectRetentionCommand,
} from '@aws-sdk/client-s3';
import { NoSuchKeyError, NotSupportedError } from '../errors.js';
import { type S3Access, withS3Errors } from './access.js';
import { isNotFound } from './errors.js';
import { normalizeETag } from './objects.js';
import { objectTags, setObjectTags } from './tags.js';
import { encodeCopySource, multipartCopy, type ReplacedHeaders } from './transfer.js';
import type { ObjectHeadersUpdate, ObjectLocation, ObjectTag, WriteResult } from './types.js';
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

/** The tags, or none where the store keeps none (NOT_SUPPORTED): the copy has nothing to lose then. */
async function tagsOf(access: S3Access, location: ObjectLocation): Promise<ObjectTag[]> {
  try {
    return await objectTags(access, location);
  } catch (error) {
    if (error instanceof NotSupportedError) return [];
    throw error;
  }
}

function replacedHeaders(head: HeadObjectCommandOutput, update: ObjectHeadersUpdate): ReplacedHeaders {
  return {
    ContentType: update.contentType ?? head.ContentType,
    Metadata: update.metadata ?? head.Metadata,
    CacheControl: replacedValue(update.cacheControl, head.CacheControl),
    ContentDisposition: replacedValue(update.contentDisposition, head.ContentDisposition),
    ContentEncoding: head.ContentEncoding,
    ContentLanguage: head.ContentLanguage,
    WebsiteRedirectLocation: head.WebsiteRedirectLocation,
    // Without it the copy would be STANDARD: an infrequent-access object would silently change class.
    StorageClass: head.StorageClass,
    ServerSideEncryption: head.ServerSideEncryption,
    SSEKMSKeyId: head.SSEKMSKeyId,
  };
}

/**
 * A copy of the object onto itself with MetadataDirective REPLACE, pinned to the ETag HeadObject read. Ceph RGW 16
 * reads the condition only under its older name, x-amz-copy-if-match: it is sent under both, or Ceph would copy anyway.
 */
async function copyOntoItself(access: S3Access, location: ObjectLocation, eTag: string | undefined, headers: ReplacedHeaders) {
  const command = new CopyObjectCommand({
    Bucket: location.bucket,
    Key: location.key,
    CopySource: encodeCopySource(location),
    CopySourceIfMatch: eTag,
    MetadataDirective: 'REPLACE',
    ...headers,
  });
  if (eTag !== undefined) {
    command.middlewareStack.add(
      (next) => (args) => {
        (args.request as { headers: Record<string, string> }).headers['x-amz-copy-if-match'] = eTag;
        return next(args);
      },
      { step: 'build', name: 'cephCopyIfMatch' },
    );
  }
  return access.client.send(command);
}

/**
 * CopyObject of the object onto itself (UploadPartCopy above the multipart threshold), pinned to the ETag HeadObject
 * read: a write that lands in between makes the copy fail with PRECONDITION_FAILED instead of being overwritten by the
 * older content. What a REPLACE would reset and was not asked to change (content encoding and language, storage class,
 * encryption) is sent again; tags, retention and legal hold are set again on the new version where the store dropped
 * them (Ceph RGW 16 drops all three on a copy).
 */
export async function updateObject(access: S3Access, location: ObjectLocation, update: ObjectHeadersUpdate): Promise<WriteResult> {
  assertUpdate(location, update);
  const { bucket, key } = location;
  const head = await withS3Errors(access, location, () =>
    access.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).catch((error: unknown) => {
      throw isNotFound(error) ? new NoSuchKeyError(bucket, key, { cause: error }) : error;
    }),
  );
  const tags = await tagsOf(access, location);
  const eTag = normalizeETag(head.ETag);
  const size = head.ContentLength ?? 0;
  const headers = replacedHeaders(head, update);
  // The version the copy wrote, in a versioned bucket (every locked one is): what is set again goes to it, never to a newer one.
  let versionId: string | undefined;
  const written =
    size > access.limits.multipartCopyThresholdBytes
      ? await multipartCopy(access, location, location, { size, eTag }, headers)
      : await withS3Errors(access, location, async () => {
          const copied = await copyOntoItself(access, location, eTag, headers);
          versionId = copied.VersionId;
          const { CopyObjectResult } = copied;
          return { bucket, key, eTag: normalizeETag(CopyObjectResult?.ETag), lastModified: CopyObjectResult?.LastModified, size };
        });
  if (tags.length > 0) await setObjectTags(access, location, tags, versionId);
  await withS3Errors(access, { ...location, operation: 'object lock' }, async () => {
    if (head.ObjectLockMode !== undefined && head.ObjectLockRetainUntilDate !== undefined) {
      await access.client.send(
        new PutObjectRetentionCommand({
          Bucket: bucket,
          Key: key,
          VersionId: versionId,
          Retention: { Mode: head.ObjectLockMode, RetainUntilDate: head.ObjectLockRetainUntilDate },
        }),
      );
    }
    if (head.ObjectLockLegalHoldStatus === 'ON') {
      await access.client.send(
        new PutObjectLegalHoldCommand({ Bucket: bucket, Key: key, VersionId: versionId, LegalHold: { Status: 'ON' } }),
      );
    }
  });
  return written;
}
