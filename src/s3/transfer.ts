import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  type CreateMultipartUploadCommandInput,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { InvalidInputError, NoSuchBucketError, NoSuchKeyError, NoSuchVersionError, PreconditionFailedError } from '../errors.js';
import { type S3Access, withS3Errors } from './access.js';
import { bucketExists } from './buckets.js';
import { isNoSuchBucket } from './errors.js';
import { headObject, MAX_PARTS, normalizeETag } from './objects.js';
import { deleteMovedSource } from './safe-delete.js';
import type { ConfirmedCopy, CopyResult, DescribedVersion, ObjectDetails, ObjectLocation, VersionLocation } from './types.js';
import { assertBucketName, assertObjectKey } from './validation.js';

/** S3's CopySource is "bucket/key" with each key segment URI-encoded, as AWS documents, and "?versionId=" for one version. */
export function encodeCopySource({ bucket, key, versionId }: VersionLocation): string {
  const path = `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
  return versionId === undefined ? path : `${path}?versionId=${encodeURIComponent(versionId)}`;
}

function assertDistinctLocations(source: VersionLocation, destination: ObjectLocation): void {
  for (const location of [source, destination]) {
    assertBucketName(location.bucket);
    assertObjectKey(location.key);
  }
  // An older version copied onto its own key is how a version is restored.
  if (source.bucket === destination.bucket && source.key === destination.key && source.versionId === undefined) {
    throw new InvalidInputError('The destination must differ from the source (another bucket, another key, or both).');
  }
}

/**
 * Server-side copy that keeps content type and metadata, of the version of the source described by `source`
 * (HeadObject when not given): CopyObject up to the multipart threshold, UploadPartCopy above it.
 */
export async function copyObject(
  access: S3Access,
  source: VersionLocation,
  destination: ObjectLocation,
  described?: DescribedVersion,
): Promise<CopyResult> {
  assertDistinctLocations(source, destination);
  const version = described ?? (await headObject(access, source));
  if (version === null) throw new NoSuchKeyError(source.bucket, source.key);
  return withS3Errors(access, source, async () => {
    try {
      if (version.size > access.limits.multipartCopyThresholdBytes) return await multipartCopy(access, source, destination, version);
      const { CopyObjectResult, CopySourceVersionId } = await access.client.send(
        new CopyObjectCommand({
          Bucket: destination.bucket,
          Key: destination.key,
          CopySource: encodeCopySource(source),
          CopySourceIfMatch: version.eTag,
          MetadataDirective: 'COPY',
        }),
      );
      return {
        bucket: destination.bucket,
        key: destination.key,
        eTag: normalizeETag(CopyObjectResult?.ETag),
        lastModified: CopyObjectResult?.LastModified,
        size: version.size,
        sourceVersionId: CopySourceVersionId,
      };
    } catch (error) {
      if (!isNoSuchBucket(error)) throw error;
      // S3 names the bucket that is missing only by its code; say which one it is.
      const missing = (await bucketExists(access, source.bucket)) ? destination.bucket : source.bucket;
      throw new NoSuchBucketError(missing, { cause: error });
    }
  });
}

/** The headers an in-place copy (updateObject) writes instead of the source's. */
export type ReplacedHeaders = Omit<CreateMultipartUploadCommandInput, 'Bucket' | 'Key'>;

/**
 * UploadPartCopy in parallel parts; the upload is aborted if any part fails, so nothing half-written remains.
 * With `replaced` headers it rewrites the object in place, its completion pinned (If-Match) to the version copied.
 */
export async function multipartCopy(
  access: S3Access,
  source: VersionLocation,
  destination: ObjectLocation,
  version: DescribedVersion,
  replaced?: ReplacedHeaders,
): Promise<CopyResult> {
  const { client, limits } = access;
  // Content type and metadata are not copied by UploadPartCopy: they come from the source's headers, read once.
  const details = 'metadata' in version ? version : await headObject(access, source);
  if (details === null || (version.eTag !== undefined && details.eTag !== version.eTag)) {
    throw new PreconditionFailedError('The source changed while it was being copied; try again.');
  }
  const partBytes = Math.max(limits.multipartCopyPartBytes, Math.ceil(version.size / MAX_PARTS));
  const { UploadId } = await client.send(
    new CreateMultipartUploadCommand({
      Bucket: destination.bucket,
      Key: destination.key,
      ...(replaced ?? { ContentType: details.contentType, Metadata: details.metadata }),
    }),
  );
  try {
    const limit = pLimit(limits.maxConcurrency);
    const parts = await Promise.all(
      Array.from({ length: Math.ceil(version.size / partBytes) }, (_, index) =>
        limit(async () => {
          const first = index * partBytes;
          const last = Math.min(version.size, first + partBytes) - 1;
          const { CopyPartResult, CopySourceVersionId } = await client.send(
            new UploadPartCopyCommand({
              Bucket: destination.bucket,
              Key: destination.key,
              UploadId,
              PartNumber: index + 1,
              CopySource: encodeCopySource(source),
              CopySourceRange: `bytes=${first}-${last}`,
              CopySourceIfMatch: version.eTag,
            }),
          );
          return { PartNumber: index + 1, ETag: CopyPartResult?.ETag, sourceVersionId: CopySourceVersionId };
        }),
      ),
    );
    const completed = await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: destination.bucket,
        Key: destination.key,
        UploadId,
        MultipartUpload: { Parts: parts.map(({ PartNumber, ETag }) => ({ PartNumber, ETag })) },
        IfMatch: replaced === undefined ? undefined : version.eTag,
      }),
    );
    return {
      bucket: destination.bucket,
      key: destination.key,
      eTag: normalizeETag(completed.ETag),
      lastModified: undefined,
      size: version.size,
      sourceVersionId: parts[0]?.sourceVersionId,
    };
  } catch (error) {
    await client
      .send(new AbortMultipartUploadCommand({ Bucket: destination.bucket, Key: destination.key, UploadId }))
      .catch((abortError: unknown) => {
        // The copy's own failure is what the caller hears; the parts left behind cost storage until a lifecycle rule removes them.
        access.logger.warn('AbortMultipartUpload failed after a multipart copy failed; its parts stay in the store', {
          bucket: destination.bucket,
          key: destination.key,
          uploadId: UploadId,
          error: abortError instanceof Error ? abortError.message : String(abortError),
        });
      });
    throw error;
  }
}

/** Copies the version of `source` that was described, then confirms the destination holds it (size, ETag). */
export async function copyConfirmed(
  access: S3Access,
  source: VersionLocation & { size: number; eTag: string | undefined },
  destination: ObjectLocation,
): Promise<ConfirmedCopy> {
  const copy = await copyObject(access, source, destination, source);
  const confirmed = await headObject(access, destination);
  if (confirmed?.size !== source.size || (copy.eTag !== undefined && confirmed.eTag !== copy.eTag)) {
    throw new PreconditionFailedError('The copy could not be confirmed (the destination changed meanwhile); the source was kept.');
  }
  return { ...confirmed, sourceVersionId: copy.sourceVersionId ?? source.versionId };
}

/**
 * Copy, confirm the copy, then delete the source as it was copied: a failure at any step leaves the source in place,
 * and a write to the source that lands meanwhile stays (deleteMovedSource).
 */
export async function moveObject(access: S3Access, source: ObjectLocation, destination: ObjectLocation): Promise<ObjectDetails> {
  assertDistinctLocations(source, destination);
  const original = await headObject(access, source);
  if (original === null) throw new NoSuchKeyError(source.bucket, source.key);
  const { sourceVersionId, ...confirmed } = await copyConfirmed(access, original, destination);
  await deleteMovedSource(access, { bucket: source.bucket, key: source.key, eTag: original.eTag, versionId: sourceVersionId });
  return confirmed;
}

/** Makes an older version the latest again: a server-side copy of it onto its own key (multipart above the threshold). */
export async function restoreObjectVersion(access: S3Access, location: ObjectLocation, versionId: string): Promise<CopyResult> {
  const version = await headObject(access, { ...location, versionId });
  if (version === null) throw new NoSuchVersionError(location.bucket, location.key, versionId);
  return copyObject(access, { ...location, versionId }, location, version);
}
