import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  type CreateMultipartUploadCommandInput,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { InvalidInputError, NoSuchBucketError, NoSuchKeyError, PreconditionFailedError } from '../errors.js';
import { type S3Access, withS3Errors } from './access.js';
import { bucketExists } from './buckets.js';
import { isNoSuchBucket } from './errors.js';
import { deleteObject, headObject, MAX_PARTS, normalizeETag } from './objects.js';
import type { DescribedVersion, ObjectDetails, ObjectLocation, WriteResult } from './types.js';
import { assertBucketName, assertObjectKey } from './validation.js';

/** S3's CopySource is "bucket/key" with each key segment URI-encoded, as AWS documents. */
export function encodeCopySource({ bucket, key }: ObjectLocation): string {
  return `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

function assertDistinctLocations(source: ObjectLocation, destination: ObjectLocation): void {
  for (const location of [source, destination]) {
    assertBucketName(location.bucket);
    assertObjectKey(location.key);
  }
  if (source.bucket === destination.bucket && source.key === destination.key) {
    throw new InvalidInputError('The destination must differ from the source (another bucket, another key, or both).');
  }
}

/**
 * Server-side copy that keeps content type and metadata, of the version of the source described by `source`
 * (HeadObject when not given): CopyObject up to the multipart threshold, UploadPartCopy above it.
 */
export async function copyObject(
  access: S3Access,
  source: ObjectLocation,
  destination: ObjectLocation,
  described?: DescribedVersion,
): Promise<WriteResult> {
  assertDistinctLocations(source, destination);
  const version = described ?? (await headObject(access, source));
  if (version === null) throw new NoSuchKeyError(source.bucket, source.key);
  return withS3Errors(access, source, async () => {
    try {
      if (version.size > access.limits.multipartCopyThresholdBytes) return await multipartCopy(access, source, destination, version);
      const { CopyObjectResult } = await access.client.send(
        new CopyObjectCommand({
          Bucket: destination.bucket,
          Key: destination.key,
          CopySource: encodeCopySource(source),
          CopySourceIfMatch: version.eTag,
          MetadataDirective: 'COPY',
        }),
      );
      return {
        ...destination,
        eTag: normalizeETag(CopyObjectResult?.ETag),
        lastModified: CopyObjectResult?.LastModified,
        size: version.size,
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
  source: ObjectLocation,
  destination: ObjectLocation,
  version: DescribedVersion,
  replaced?: ReplacedHeaders,
): Promise<WriteResult> {
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
          const { CopyPartResult } = await client.send(
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
          return { PartNumber: index + 1, ETag: CopyPartResult?.ETag };
        }),
      ),
    );
    const completed = await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: destination.bucket,
        Key: destination.key,
        UploadId,
        MultipartUpload: { Parts: parts },
        IfMatch: replaced === undefined ? undefined : version.eTag,
      }),
    );
    return { ...destination, eTag: normalizeETag(completed.ETag), lastModified: undefined, size: version.size };
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
  source: ObjectLocation & { size: number; eTag: string | undefined },
  destination: ObjectLocation,
): Promise<ObjectDetails> {
  const copy = await copyObject(access, source, destination, source);
  const confirmed = await headObject(access, destination);
  if (confirmed?.size !== source.size || (copy.eTag !== undefined && confirmed.eTag !== copy.eTag)) {
    throw new PreconditionFailedError('The copy could not be confirmed (the destination changed meanwhile); the source was kept.');
  }
  return confirmed;
}

/** Copy, confirm the copy, then delete the source: a failure at any step leaves the source in place. */
export async function moveObject(access: S3Access, source: ObjectLocation, destination: ObjectLocation): Promise<ObjectDetails> {
  assertDistinctLocations(source, destination);
  const original = await headObject(access, source);
  if (original === null) throw new NoSuchKeyError(source.bucket, source.key);
  const confirmed = await copyConfirmed(access, original, destination);
  await deleteObject(access, source);
  return confirmed;
}
