import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createPresignedPost, type PresignedPostOptions } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { InvalidInputError } from '../errors.js';
import { type S3Access, withS3Errors } from './access.js';
import type { ObjectLocation, PresignedPost, VersionLocation } from './types.js';
import { assertBucketName, assertContentType, assertObjectKey, assertVersionId } from './validation.js';
import { assertVersionsSupported } from './versions.js';

type Condition = NonNullable<PresignedPostOptions['Conditions']>[number];

export function assertPresignable(access: S3Access, location: ObjectLocation, expiresInSeconds: number): void {
  assertBucketName(location.bucket);
  assertObjectKey(location.key);
  const maxExpires = access.limits.presignMaxExpiresSeconds;
  if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > maxExpires) {
    throw new InvalidInputError(`expiresIn must be between 1 and ${maxExpires} seconds.`);
  }
}

/** A presigned PUT for a browser to upload straight to S3; the content type is signed, so the upload must declare it. */
export async function presignUpload(
  access: S3Access,
  location: ObjectLocation,
  contentType: string,
  expiresInSeconds: number,
): Promise<string> {
  assertPresignable(access, location, expiresInSeconds);
  assertContentType(contentType);
  return withS3Errors(access, location, () =>
    getSignedUrl(access.signer, new PutObjectCommand({ Bucket: location.bucket, Key: location.key, ContentType: contentType }), {
      expiresIn: expiresInSeconds,
      signableHeaders: new Set(['content-type']),
    }),
  );
}

/** A presigned POST form (HTML form upload) whose policy bounds the size and, when given, the content type. */
export async function presignPost(
  access: S3Access,
  location: ObjectLocation,
  options: { contentType: string | undefined; maxBytes: number; expiresInSeconds: number },
): Promise<PresignedPost> {
  const { maxUploadBytes } = access.limits;
  assertPresignable(access, location, options.expiresInSeconds);
  if (options.contentType !== undefined) assertContentType(options.contentType);
  if (!Number.isInteger(options.maxBytes) || options.maxBytes < 1 || options.maxBytes > maxUploadBytes) {
    throw new InvalidInputError(`maxBytes must be between 1 and ${maxUploadBytes}.`);
  }
  const conditions: Condition[] = [['content-length-range', 0, options.maxBytes]];
  if (options.contentType !== undefined) conditions.push({ 'Content-Type': options.contentType });
  return withS3Errors(access, location, () =>
    createPresignedPost(access.signer, {
      Bucket: location.bucket,
      Key: location.key,
      Conditions: conditions,
      Fields: options.contentType === undefined ? {} : { 'Content-Type': options.contentType },
      Expires: options.expiresInSeconds,
    }),
  );
}

export async function presignDownload(access: S3Access, location: VersionLocation, expiresInSeconds: number): Promise<string> {
  assertPresignable(access, location, expiresInSeconds);
  // A store without versions would sign a URL that silently serves the latest content.
  if (location.versionId !== undefined) {
    assertVersionId(location.versionId);
    await assertVersionsSupported(access, location.bucket, 'reading an object version');
  }
  return withS3Errors(access, location, () =>
    getSignedUrl(access.signer, new GetObjectCommand({ Bucket: location.bucket, Key: location.key, VersionId: location.versionId }), {
      expiresIn: expiresInSeconds,
    }),
  );
}
