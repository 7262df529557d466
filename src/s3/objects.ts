import type { Readable } from 'node:stream';
import { DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, type _Object } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import {
  EntityTooLargeError,
  type GatewayError,
  InvalidInputError,
  NoSuchBucketError,
  NoSuchVersionError,
  PreconditionFailedError,
} from '../errors.js';
import { type S3Access, withS3Errors } from './access.js';
import { bucketExists } from './buckets.js';
import { ByteLimit } from './byte-limit.js';
import { fromS3ErrorCode, httpStatusOf, isNotFound } from './errors.js';
import type {
  ObjectDetails,
  ObjectLocation,
  ObjectRetention,
  ObjectSummary,
  OpenedObject,
  OpenObjectRequest,
  PutObjectRequest,
  ServerSideEncryption,
  VersionLocation,
  WriteResult,
} from './types.js';
import { assertBucketName, assertContentType, assertMetadata, assertObjectKey, assertVersionId } from './validation.js';
import { assertVersionsSupported } from './versions.js';
import { writeHeaders } from './write-options.js';

/** S3's limit of keys in one DeleteObjects request. */
export const MAX_DELETE_BATCH = 1000;
// S3's limit on the parts of one multipart upload.
export const MAX_PARTS = 10_000;
const UPLOAD_PART_BYTES = 5 * 1024 * 1024;
const UPLOAD_QUEUE_SIZE = 4;

/** ETags are quoted in S3's headers; some stores (Ceph's CopyObject) send them bare, and an empty one says nothing. */
export function normalizeETag(eTag: string | undefined): string | undefined {
  if (eTag === undefined || eTag === '') return undefined;
  return eTag.startsWith('"') || eTag.startsWith('W/') ? eTag : `"${eTag}"`;
}

export function toObjectSummary(bucket: string, { Key = '', Size, ETag, LastModified, StorageClass }: _Object): ObjectSummary {
  return {
    bucket,
    key: Key,
    size: Size ?? 0,
    eTag: normalizeETag(ETag),
    lastModified: LastModified,
    storageClass: StorageClass ?? 'STANDARD',
  };
}

/** SSE-S3 and SSE-KMS as the API names them; other kinds (DSSE, customer keys) are not shown. */
function knownEncryption(encryption: string | undefined): ServerSideEncryption | undefined {
  return encryption === 'AES256' || encryption === 'aws:kms' ? encryption : undefined;
}

/** HeadObject tells a version's retention (with s3:GetObjectRetention): no extra request to show it. */
function objectRetention(mode: string | undefined, retainUntil: Date | undefined): ObjectRetention | null {
  if ((mode !== 'GOVERNANCE' && mode !== 'COMPLIANCE') || retainUntil === undefined) return null;
  return { mode, retainUntil };
}

function assertLocation({ bucket, key }: ObjectLocation): void {
  assertBucketName(bucket);
  assertObjectKey(key);
}

/** Checks a location; one at a given version is refused with NOT_SUPPORTED where the store keeps no versions. */
async function assertVersionLocation(access: S3Access, location: VersionLocation, operation: string): Promise<void> {
  assertLocation(location);
  if (location.versionId === undefined) return;
  assertVersionId(location.versionId);
  await assertVersionsSupported(access, location.bucket, operation);
}

/** HeadObject; null when the key does not exist, NO_SUCH_BUCKET when the bucket does not, NO_SUCH_VERSION for an unknown version. */
export async function headObject(access: S3Access, location: VersionLocation): Promise<ObjectDetails | null> {
  await assertVersionLocation(access, location, 'reading an object version');
  const { bucket, key, versionId } = location;
  const details = await withS3Errors(access, { bucket, key, versionId }, async () => {
    try {
      const head = await access.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
      return {
        bucket,
        key,
        size: head.ContentLength ?? 0,
        eTag: normalizeETag(head.ETag),
        lastModified: head.LastModified,
        storageClass: head.StorageClass ?? 'STANDARD',
        contentType: head.ContentType,
        metadata: head.Metadata ?? {},
        cacheControl: head.CacheControl,
        contentDisposition: head.ContentDisposition,
        serverSideEncryption: knownEncryption(head.ServerSideEncryption),
        sseKmsKeyId: head.SSEKMSKeyId,
        versionId: head.VersionId,
        retention: objectRetention(head.ObjectLockMode, head.ObjectLockRetainUntilDate),
        legalHold: head.ObjectLockLegalHoldStatus === 'ON',
      };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  });
  if (details !== null) return details;
  // A HeadObject 404 has no body: only HeadBucket tells a missing key from a missing bucket.
  if (!(await bucketExists(access, bucket))) throw new NoSuchBucketError(bucket);
  // A version asked for by id that is not there is the caller's mistake, not an absent object.
  if (versionId !== undefined) throw new NoSuchVersionError(bucket, key, versionId);
  return null;
}

/**
 * Opens an object for streaming to a client, honouring a Range and conditional headers as S3 does.
 * The caller must consume or destroy `body`; aborting `signal` ends the S3 read.
 */
export async function openObject(
  access: S3Access,
  location: VersionLocation,
  request: OpenObjectRequest,
  signal: AbortSignal,
): Promise<OpenedObject> {
  await assertVersionLocation(access, location, 'reading an object version');
  return withS3Errors(access, location, async () => {
    try {
      const response = await access.client.send(
        new GetObjectCommand({
          Bucket: location.bucket,
          Key: location.key,
          VersionId: location.versionId,
          Range: request.range,
          IfNoneMatch: request.ifNoneMatch,
          IfModifiedSince: request.ifModifiedSince,
        }),
        { abortSignal: signal },
      );
      return {
        status: response.ContentRange === undefined ? 200 : 206,
        body: response.Body as Readable,
        contentType: response.ContentType,
        contentLength: response.ContentLength,
        contentRange: response.ContentRange,
        eTag: normalizeETag(response.ETag),
        lastModified: response.LastModified,
      };
    } catch (error) {
      const status = httpStatusOf(error);
      // Conditional and range answers are answers, not failures.
      if (status === 304 || status === 416) return { status };
      throw error;
    }
  });
}

/** The whole content, refused with ENTITY_TOO_LARGE above `maxBytes`; `eTag` pins the version that was described. */
export async function readObject(
  access: S3Access,
  location: VersionLocation,
  options: { maxBytes: number; eTag: string | undefined },
): Promise<Buffer> {
  await assertVersionLocation(access, location, 'reading an object version');
  const tooLarge = () =>
    new EntityTooLargeError(`The object is larger than the inline limit of ${options.maxBytes} bytes; use downloadUrl instead.`);
  const abort = new AbortController();
  try {
    return await withS3Errors(access, location, async () => {
      const response = await access.client.send(
        new GetObjectCommand({ Bucket: location.bucket, Key: location.key, VersionId: location.versionId, IfMatch: options.eTag }),
        {
          abortSignal: abort.signal,
        },
      );
      if ((response.ContentLength ?? 0) > options.maxBytes) throw tooLarge();
      const chunks: Buffer[] = [];
      let bytes = 0;
      for await (const chunk of response.Body as AsyncIterable<Uint8Array>) {
        bytes += chunk.length;
        if (bytes > options.maxBytes) throw tooLarge();
        chunks.push(Buffer.from(chunk));
      }
      return Buffer.concat(chunks);
    });
  } finally {
    // Ends the S3 response when the body was refused or left unread.
    abort.abort();
  }
}

const keyExists = (bucket: string, key: string) =>
  new PreconditionFailedError(`Object "${key}" already exists in bucket "${bucket}" and overwrite is false.`);

export async function putObject(access: S3Access, request: PutObjectRequest): Promise<WriteResult> {
  const { bucket, key, body, contentType, metadata, declaredSize } = request;
  const { maxUploadBytes } = access.limits;
  assertLocation(request);
  assertMetadata(metadata);
  if (contentType !== undefined) assertContentType(contentType);
  const headers = writeHeaders(request.options);
  const knownSize = Buffer.isBuffer(body) ? body.length : declaredSize;
  if (knownSize !== undefined && knownSize > maxUploadBytes) {
    throw new EntityTooLargeError(`The content is larger than the limit of ${maxUploadBytes} bytes.`);
  }
  // Refused before the body is read where the key exists already; If-None-Match then closes the race on stores that honour it.
  if (!request.overwrite && (await headObject(access, request)) !== null) throw keyExists(bucket, key);
  const limiter = new ByteLimit(maxUploadBytes, declaredSize);
  let uploadBody: Buffer | Readable = body;
  if (!Buffer.isBuffer(body)) {
    // pipe() does not forward errors: a client stream that fails must fail the upload.
    body.once('error', (error) => limiter.destroy(error));
    uploadBody = body.pipe(limiter);
  }
  const upload = new Upload({
    client: access.client,
    params: {
      Bucket: bucket,
      Key: key,
      Body: uploadBody,
      ContentType: contentType ?? 'application/octet-stream',
      Metadata: metadata,
      ...headers,
      // Sent with PutObject, or with CompleteMultipartUpload when the body takes several parts.
      IfNoneMatch: request.overwrite ? undefined : '*',
    },
    // Parts grow with the (declared, or largest allowed) size so that no upload needs more than 10,000; memory is queueSize parts.
    partSize: Math.max(UPLOAD_PART_BYTES, Math.ceil((knownSize ?? maxUploadBytes) / MAX_PARTS)),
    queueSize: UPLOAD_QUEUE_SIZE,
  });
  const result = await withS3Errors(access, { bucket, key }, () => upload.done()).catch((error: unknown) => {
    throw error instanceof PreconditionFailedError && !request.overwrite ? keyExists(bucket, key) : error;
  });
  return {
    bucket,
    key,
    eTag: normalizeETag(result.ETag),
    size: Buffer.isBuffer(body) ? body.length : limiter.bytes,
    lastModified: undefined,
  };
}

/** Deleting a missing key succeeds, as in S3. */
export async function deleteObject(access: S3Access, location: ObjectLocation): Promise<void> {
  assertLocation(location);
  await withS3Errors(access, { bucket: location.bucket }, () =>
    access.client.send(new DeleteObjectCommand({ Bucket: location.bucket, Key: location.key })),
  );
}

/** One DeleteObjects request for at most MAX_DELETE_BATCH keys; answers the keys S3 could not delete, with why. */
export async function deleteBatch(access: S3Access, bucket: string, keys: string[]): Promise<Map<string, GatewayError>> {
  if (keys.length > MAX_DELETE_BATCH) throw new InvalidInputError(`At most ${MAX_DELETE_BATCH} keys per DeleteObjects request.`);
  const { Errors = [] } = await withS3Errors(access, { bucket }, () =>
    access.client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.map((key) => ({ Key: key })), Quiet: true } })),
  );
  return new Map(Errors.map(({ Key = '', Code, Message }) => [Key, fromS3ErrorCode(Code, { bucket, key: Key }, Message)]));
}
