import { Readable, Transform, type TransformCallback } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  type BucketLocationConstraint,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  paginateListObjectsV2,
  PutObjectCommand,
  type S3Client,
  UploadPartCopyCommand,
  type _Object,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import pLimit from 'p-limit';
import { createPresignedPost, type PresignedPostOptions } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  EntityTooLargeError,
  type GatewayError,
  InvalidInputError,
  NoSuchBucketError,
  NoSuchKeyError,
  PreconditionFailedError,
  S3UnavailableError,
} from '../errors.js';
import { isNoSuchBucket, isNotFound, isPermissionRefusal, toGatewayError, type S3ErrorTarget } from './errors.js';
import { assertBucketName, assertContentType, assertKeyPrefix, assertMetadata, assertObjectKey } from './validation.js';

type Conditions = NonNullable<PresignedPostOptions['Conditions']>[number];

export interface BucketInfo {
  name: string;
  creationDate: Date | undefined;
}

export interface ObjectLocation {
  bucket: string;
  key: string;
}

/** What a listing says of an object. */
export interface ObjectSummary extends ObjectLocation {
  size: number;
  eTag: string | undefined;
  lastModified: Date | undefined;
  storageClass: string | undefined;
}

/** What HeadObject says of an object: the summary plus its headers. */
export interface ObjectDetails extends ObjectSummary {
  contentType: string | undefined;
  metadata: Record<string, string>;
}

export interface ListingRequest {
  bucket: string;
  prefix: string;
  delimiter: string | undefined;
  /** Most items to return, 1 to 1000. */
  limit: number;
  /** Resume after this key or common prefix (exclusive), as S3's StartAfter. */
  startAfter: string | undefined;
}

export interface ListingPage<T> {
  items: T[];
  hasMore: boolean;
  /** Where the next page starts after: the last item, or further when other entries were skipped. */
  resumeAfter: string | undefined;
}

export interface PutObjectRequest extends ObjectLocation {
  body: Buffer | Readable;
  /** The size the client declared for a streamed body: it sizes the parts, and the body must match it. */
  declaredSize?: number | undefined;
  contentType: string | undefined;
  metadata: Record<string, string>;
}

export interface WriteResult extends ObjectLocation {
  eTag: string | undefined;
  size: number | undefined;
  lastModified: Date | undefined;
}

export interface OpenObjectRequest {
  range: string | undefined;
  ifNoneMatch: string | undefined;
  ifModifiedSince: Date | undefined;
}

export type OpenedObject =
  | {
      status: 200 | 206;
      body: Readable;
      contentType: string | undefined;
      contentLength: number | undefined;
      contentRange: string | undefined;
      eTag: string | undefined;
      lastModified: Date | undefined;
    }
  | { status: 304 | 416 };

export interface S3ServiceLimits {
  /** Largest upload accepted by putObject. */
  maxUploadBytes: number;
  /** Longest validity of a presigned URL, in seconds. */
  presignMaxExpiresSeconds: number;
  /** S3 requests one bulk operation runs at once. */
  maxConcurrency: number;
  /** How long a bucket known to exist is not asked again (0: always ask). */
  bucketCacheSeconds: number;
  /** Copies above this size use UploadPartCopy. */
  multipartCopyThresholdBytes: number;
  multipartCopyPartBytes: number;
}

export const MAX_LISTING_PAGE = 1000;
// S3's limit on the parts of one multipart upload.
const MAX_PARTS = 10_000;
// A page of one kind (objects or prefixes) may sit behind many entries of the other kind: bound the S3 calls one page makes.
const MAX_LIST_CALLS_PER_PAGE = 10;
const UPLOAD_PART_BYTES = 8 * 1024 * 1024;
const UPLOAD_QUEUE_SIZE = 4;

/** One entry of a listing with a delimiter: an object, or a common prefix ('folder'). */
export type ListingEntry =
  { kind: 'object'; object: ObjectSummary; position: string } | { kind: 'prefix'; prefix: string; position: string };

/** S3 orders keys by their UTF-8 bytes, which is not JavaScript's UTF-16 order. */
export function compareKeys(left: string, right: string): number {
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index += 1) {
    const leftUnit = left.charCodeAt(index);
    const rightUnit = right.charCodeAt(index);
    if (leftUnit === rightUnit) continue;
    // UTF-8 follows code points: a surrogate (half of a code point above U+FFFF) sorts after every other UTF-16 unit.
    const leftSurrogate = leftUnit >= 0xd800 && leftUnit <= 0xdfff;
    const rightSurrogate = rightUnit >= 0xd800 && rightUnit <= 0xdfff;
    if (leftSurrogate !== rightSurrogate) return leftSurrogate ? 1 : -1;
    return leftUnit - rightUnit;
  }
  return left.length - right.length;
}

/** Merges S3's two sorted lists (objects and common prefixes) into one, in S3 order. */
function mergeSorted(objects: ListingEntry[], prefixes: ListingEntry[]): ListingEntry[] {
  if (prefixes.length === 0) return objects;
  if (objects.length === 0) return prefixes;
  const merged: ListingEntry[] = [];
  let objectIndex = 0;
  let prefixIndex = 0;
  while (objectIndex < objects.length || prefixIndex < prefixes.length) {
    const object = objects[objectIndex];
    const prefix = prefixes[prefixIndex];
    if (prefix === undefined || (object !== undefined && compareKeys(object.position, prefix.position) < 0)) {
      merged.push(object as ListingEntry);
      objectIndex += 1;
    } else {
      merged.push(prefix);
      prefixIndex += 1;
    }
  }
  return merged;
}

/** ETags are quoted in S3's headers; some stores (Ceph's CopyObject) send them bare, and an empty one says nothing. */
function normalizeETag(eTag: string | undefined): string | undefined {
  if (eTag === undefined || eTag === '') return undefined;
  return eTag.startsWith('"') || eTag.startsWith('W/') ? eTag : `"${eTag}"`;
}

function toObjectSummary(bucket: string, { Key = '', Size, ETag, LastModified, StorageClass }: _Object): ObjectSummary {
  return {
    bucket,
    key: Key,
    size: Size ?? 0,
    eTag: normalizeETag(ETag),
    lastModified: LastModified,
    storageClass: StorageClass ?? 'STANDARD',
  };
}

/** S3's CopySource is "bucket/key" with each key segment URI-encoded, as AWS documents. */
function encodeCopySource({ bucket, key }: ObjectLocation): string {
  return `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

function describeLocation(location: ObjectLocation): S3ErrorTarget {
  return { bucket: location.bucket, key: location.key };
}

/**
 * Counts what passes, and fails the stream before S3 completes the object: with ENTITY_TOO_LARGE past `maxBytes`,
 * with INVALID_INPUT when the body is not the size the client declared.
 */
class ByteLimit extends Transform {
  bytes = 0;
  constructor(
    private readonly maxBytes: number,
    private readonly declaredBytes: number | undefined,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      callback(new EntityTooLargeError(`The upload is larger than the limit of ${this.maxBytes} bytes.`));
      return;
    }
    if (this.declaredBytes !== undefined && this.bytes > this.declaredBytes) {
      callback(new InvalidInputError(`The upload is larger than the ${this.declaredBytes} bytes declared; nothing was stored.`));
      return;
    }
    callback(null, chunk);
  }
  override _flush(callback: TransformCallback): void {
    if (this.declaredBytes !== undefined && this.bytes !== this.declaredBytes) {
      callback(new InvalidInputError(`The upload held ${this.bytes} bytes, not the ${this.declaredBytes} declared; nothing was stored.`));
      return;
    }
    callback();
  }
}

/** The S3 service layer: every operation of the gateway, as calls to one S3 client. */
export class S3Service {
  /** Buckets seen to exist, until when: bucket(name) need not ask HeadBucket before every listing. */
  private readonly knownBuckets = new Map<string, number>();

  constructor(
    private readonly client: S3Client,
    private readonly limits: S3ServiceLimits,
  ) {}

  /** Maps an SDK failure, forgetting a bucket that turned out to be gone. */
  private failure(error: unknown, target: S3ErrorTarget): GatewayError {
    if (isNoSuchBucket(error)) this.knownBuckets.delete(target.bucket);
    return toGatewayError(error, target);
  }

  async listBuckets(): Promise<BucketInfo[]> {
    try {
      const { Buckets = [] } = await this.client.send(new ListBucketsCommand({}));
      return Buckets.flatMap(({ Name, CreationDate }) => (Name === undefined ? [] : [{ name: Name, creationDate: CreationDate }]));
    } catch (error) {
      throw toGatewayError(error, { bucket: '' });
    }
  }

  /**
   * Whether the store answers and accepts the credentials, within `timeoutMs`: one ListBuckets, whose AccessDenied
   * still proves both (credentials limited to some buckets may not list them all). Resolves with the failure, if any.
   */
  async checkStore(timeoutMs: number): Promise<GatewayError | undefined> {
    try {
      await this.client.send(new ListBucketsCommand({ MaxBuckets: 1 }), { abortSignal: AbortSignal.timeout(timeoutMs) });
      return undefined;
    } catch (error) {
      if (isPermissionRefusal(error)) return undefined;
      const failure = toGatewayError(error, { bucket: '' });
      // The SDK names an aborted call AbortError: here it means the store did not answer in time.
      return failure.code === 'INTERNAL' ? new S3UnavailableError({ cause: error }) : failure;
    }
  }

  /** True when the bucket exists and is reachable with these credentials; a positive answer is kept for bucketCacheSeconds. */
  async bucketExists(bucket: string): Promise<boolean> {
    assertBucketName(bucket);
    if ((this.knownBuckets.get(bucket) ?? 0) > Date.now()) return true;
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: bucket }));
      if (this.limits.bucketCacheSeconds > 0) this.knownBuckets.set(bucket, Date.now() + this.limits.bucketCacheSeconds * 1000);
      return true;
    } catch (error) {
      if (isNotFound(error)) {
        this.knownBuckets.delete(bucket);
        return false;
      }
      throw toGatewayError(error, { bucket });
    }
  }

  /** The bucket's region, as GetBucketLocation says it (an empty constraint is us-east-1, "EU" is eu-west-1). */
  async bucketRegion(bucket: string): Promise<string> {
    assertBucketName(bucket);
    try {
      const { LocationConstraint } = await this.client.send(new GetBucketLocationCommand({ Bucket: bucket }));
      const location: string = LocationConstraint ?? '';
      if (location === '') return 'us-east-1';
      return location === 'EU' ? 'eu-west-1' : location;
    } catch (error) {
      throw this.failure(error, { bucket });
    }
  }

  /** Creating a bucket the caller already owns succeeds, as in us-east-1. */
  async createBucket(bucket: string, region: string | undefined): Promise<void> {
    assertBucketName(bucket);
    if (region !== undefined && !/^[a-z0-9-]{2,32}$/.test(region)) throw new InvalidInputError(`Invalid region "${region.slice(0, 40)}".`);
    try {
      // Without a location, S3 creates the bucket in us-east-1, and refuses that from a client of another region.
      const location = region ?? (await this.client.config.region());
      await this.client.send(
        new CreateBucketCommand({
          Bucket: bucket,
          // us-east-1 is S3's default location and must not be named.
          CreateBucketConfiguration: location === 'us-east-1' ? undefined : { LocationConstraint: location as BucketLocationConstraint },
        }),
      );
    } catch (error) {
      if ((error as { name?: string }).name === 'BucketAlreadyOwnedByYou') return;
      throw toGatewayError(error, { bucket });
    }
  }

  /** Refused with BUCKET_NOT_EMPTY while objects remain. */
  async deleteBucket(bucket: string): Promise<void> {
    assertBucketName(bucket);
    this.knownBuckets.delete(bucket);
    try {
      await this.client.send(new DeleteBucketCommand({ Bucket: bucket }));
    } catch (error) {
      throw toGatewayError(error, { bucket });
    }
  }

  async listObjects(request: ListingRequest): Promise<ListingPage<ObjectSummary>> {
    const page = await this.listEntries(request, 'object');
    return { ...page, items: page.items.flatMap((entry) => (entry.kind === 'object' ? [entry.object] : [])) };
  }

  async listPrefixes(request: ListingRequest): Promise<ListingPage<string>> {
    const page = await this.listEntries(request, 'prefix');
    return { ...page, items: page.items.flatMap((entry) => (entry.kind === 'prefix' ? [entry.prefix] : [])) };
  }

  /**
   * Objects and common prefixes together, in S3 order: what a file browser shows of a folder.
   * Pages with StartAfter rather than continuation tokens, so that any key can be a stateless cursor.
   */
  async listEntries(request: ListingRequest, kind: ListingEntry['kind'] | 'any' = 'any'): Promise<ListingPage<ListingEntry>> {
    const { bucket, prefix, delimiter, limit, startAfter } = request;
    assertBucketName(bucket);
    assertKeyPrefix(prefix);
    if (delimiter !== undefined) assertKeyPrefix(delimiter, 'A delimiter');
    if (startAfter !== undefined) assertKeyPrefix(startAfter, 'A cursor');
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LISTING_PAGE) {
      throw new InvalidInputError(`first must be between 1 and ${MAX_LISTING_PAGE}.`);
    }

    const items: ListingEntry[] = [];
    let position = startAfter;
    for (let call = 0; call < MAX_LIST_CALLS_PER_PAGE; call += 1) {
      // One more than needed tells whether a further page exists; it also covers a common prefix that S3 repeats after StartAfter.
      const maxKeys = Math.min(MAX_LISTING_PAGE, limit - items.length + 1);
      const response = await this.sendListObjects(bucket, prefix, delimiter === '' ? undefined : delimiter, position, maxKeys);
      for (const entry of response.entries) {
        // S3 lists a common prefix again when StartAfter lies inside it.
        if (position !== undefined && compareKeys(entry.position, position) <= 0) continue;
        if (kind === 'any' || entry.kind === kind) {
          if (items.length === limit) return { items, hasMore: true, resumeAfter: position };
          items.push(entry);
        }
        position = entry.position;
      }
      if (!response.isTruncated) return { items, hasMore: false, resumeAfter: position };
      // A full page ends here: S3 says more entries follow, and asking which kind they are would cost another request.
      if (items.length === limit) return { items, hasMore: true, resumeAfter: position };
    }
    return { items, hasMore: true, resumeAfter: position };
  }

  private async sendListObjects(
    bucket: string,
    prefix: string,
    delimiter: string | undefined,
    startAfter: string | undefined,
    maxKeys: number,
  ) {
    try {
      const response = await this.client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: delimiter, StartAfter: startAfter, MaxKeys: maxKeys }),
      );
      const objects: ListingEntry[] = (response.Contents ?? []).flatMap((entry) =>
        entry.Key === undefined ? [] : [{ kind: 'object' as const, position: entry.Key, object: toObjectSummary(bucket, entry) }],
      );
      const prefixes: ListingEntry[] = (response.CommonPrefixes ?? []).flatMap(({ Prefix }) =>
        Prefix === undefined ? [] : [{ kind: 'prefix' as const, prefix: Prefix, position: Prefix }],
      );
      const entries = mergeSorted(objects, prefixes);
      return { entries, isTruncated: response.IsTruncated === true };
    } catch (error) {
      throw this.failure(error, { bucket });
    }
  }

  /** Every object below a prefix, a page of up to 1000 at a time, for operations that walk a whole prefix. */
  async *objectPages(bucket: string, prefix: string): AsyncGenerator<ObjectSummary[]> {
    try {
      for await (const page of paginateListObjectsV2(
        { client: this.client, pageSize: MAX_LISTING_PAGE },
        { Bucket: bucket, Prefix: prefix },
      )) {
        yield (page.Contents ?? []).flatMap((entry) => (entry.Key === undefined ? [] : [toObjectSummary(bucket, entry)]));
      }
    } catch (error) {
      throw this.failure(error, { bucket });
    }
  }

  /** One DeleteObjects request for at most 1000 keys; answers the keys S3 could not delete, with why. */
  async deleteBatch(bucket: string, keys: string[]): Promise<Map<string, GatewayError>> {
    if (keys.length > MAX_LISTING_PAGE) throw new InvalidInputError(`At most ${MAX_LISTING_PAGE} keys per DeleteObjects request.`);
    try {
      const { Errors = [] } = await this.client.send(
        new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.map((key) => ({ Key: key })), Quiet: true } }),
      );
      return new Map(Errors.map(({ Key = '', Code = 'InternalError' }) => [Key, toGatewayError({ name: Code }, { bucket, key: Key })]));
    } catch (error) {
      throw this.failure(error, { bucket });
    }
  }

  /** HeadObject; null when the key does not exist, NO_SUCH_BUCKET when the bucket does not. */
  async headObject(location: ObjectLocation): Promise<ObjectDetails | null> {
    assertBucketName(location.bucket);
    assertObjectKey(location.key);
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: location.bucket, Key: location.key }));
      return {
        ...location,
        size: head.ContentLength ?? 0,
        eTag: normalizeETag(head.ETag),
        lastModified: head.LastModified,
        storageClass: head.StorageClass ?? 'STANDARD',
        contentType: head.ContentType,
        metadata: head.Metadata ?? {},
      };
    } catch (error) {
      if (!isNotFound(error)) throw this.failure(error, describeLocation(location));
    }
    // A HeadObject 404 has no body: only HeadBucket tells a missing key from a missing bucket.
    if (await this.bucketExists(location.bucket)) return null;
    throw new NoSuchBucketError(location.bucket);
  }

  /**
   * Opens an object for streaming to a client, honouring a Range and conditional headers as S3 does.
   * The caller must consume or destroy `body`; aborting `signal` ends the S3 read.
   */
  async openObject(location: ObjectLocation, request: OpenObjectRequest, signal: AbortSignal): Promise<OpenedObject> {
    assertBucketName(location.bucket);
    assertObjectKey(location.key);
    try {
      const response = await this.client.send(
        new GetObjectCommand({
          Bucket: location.bucket,
          Key: location.key,
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
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      // Conditional and range answers are answers, not failures.
      if (status === 304) return { status: 304 };
      if (status === 416) return { status: 416 };
      throw this.failure(error, describeLocation(location));
    }
  }

  /** The whole content, refused with ENTITY_TOO_LARGE above `maxBytes`; `eTag` pins the version that was described. */
  async readObject(location: ObjectLocation, options: { maxBytes: number; eTag: string | undefined }): Promise<Buffer> {
    assertBucketName(location.bucket);
    assertObjectKey(location.key);
    const tooLarge = () =>
      new EntityTooLargeError(`The object is larger than the inline limit of ${options.maxBytes} bytes; use downloadUrl instead.`);
    const abort = new AbortController();
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key, IfMatch: options.eTag }), {
        abortSignal: abort.signal,
      });
      if ((response.ContentLength ?? 0) > options.maxBytes) throw tooLarge();
      const chunks: Buffer[] = [];
      let bytes = 0;
      for await (const chunk of response.Body as AsyncIterable<Uint8Array>) {
        bytes += chunk.length;
        if (bytes > options.maxBytes) throw tooLarge();
        chunks.push(Buffer.from(chunk));
      }
      return Buffer.concat(chunks);
    } catch (error) {
      throw this.failure(error, describeLocation(location));
    } finally {
      // Ends the S3 response when the body was refused or left unread.
      abort.abort();
    }
  }

  async putObject(request: PutObjectRequest): Promise<WriteResult> {
    const { bucket, key, body, contentType, metadata, declaredSize } = request;
    assertBucketName(bucket);
    assertObjectKey(key);
    assertMetadata(metadata);
    if (contentType !== undefined) assertContentType(contentType);
    const knownSize = Buffer.isBuffer(body) ? body.length : declaredSize;
    if (knownSize !== undefined && knownSize > this.limits.maxUploadBytes) {
      throw new EntityTooLargeError(`The content is larger than the limit of ${this.limits.maxUploadBytes} bytes.`);
    }
    const limiter = new ByteLimit(this.limits.maxUploadBytes, declaredSize);
    let uploadBody: Buffer | Readable = body;
    if (!Buffer.isBuffer(body)) {
      // pipe() does not forward errors: a client stream that fails must fail the upload.
      body.once('error', (error) => limiter.destroy(error));
      uploadBody = body.pipe(limiter);
    }
    const upload = new Upload({
      client: this.client,
      params: { Bucket: bucket, Key: key, Body: uploadBody, ContentType: contentType ?? 'application/octet-stream', Metadata: metadata },
      // Parts grow with the (declared, or largest allowed) size so that no upload needs more than 10,000; memory is queueSize parts.
      partSize: Math.max(UPLOAD_PART_BYTES, Math.ceil((knownSize ?? this.limits.maxUploadBytes) / MAX_PARTS)),
      queueSize: UPLOAD_QUEUE_SIZE,
    });
    try {
      const result = await upload.done();
      return {
        bucket,
        key,
        eTag: normalizeETag(result.ETag),
        size: Buffer.isBuffer(body) ? body.length : limiter.bytes,
        lastModified: undefined,
      };
    } catch (error) {
      throw this.failure(error, { bucket, key });
    }
  }

  /** Deleting a missing key succeeds, as in S3. */
  async deleteObject(location: ObjectLocation): Promise<void> {
    assertBucketName(location.bucket);
    assertObjectKey(location.key);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: location.bucket, Key: location.key }));
    } catch (error) {
      throw this.failure(error, { bucket: location.bucket });
    }
  }

  /**
   * Server-side copy that keeps content type and metadata, of the version of the source described by `source`
   * (HeadObject when not given): CopyObject up to the multipart threshold, UploadPartCopy above it.
   */
  async copyObject(
    source: ObjectLocation,
    destination: ObjectLocation,
    described?: { size: number; eTag: string | undefined } | ObjectDetails,
  ): Promise<WriteResult> {
    assertDistinctLocations(source, destination);
    const version = described ?? (await this.headObject(source));
    if (version === null) throw new NoSuchKeyError(source.bucket, source.key);
    try {
      if (version.size > this.limits.multipartCopyThresholdBytes) return await this.multipartCopy(source, destination, version);
      const { CopyObjectResult } = await this.client.send(
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
      // S3 names the bucket that is missing only by its code; say which one it is.
      if (isNoSuchBucket(error) && !(await this.bucketExists(source.bucket))) throw this.failure(error, { bucket: source.bucket });
      const target = isNoSuchBucket(error) ? { bucket: destination.bucket } : describeLocation(source);
      throw this.failure(error, target);
    }
  }

  /** UploadPartCopy in parallel parts; the upload is aborted if any part fails, so nothing half-written remains. */
  private async multipartCopy(
    source: ObjectLocation,
    destination: ObjectLocation,
    version: { size: number; eTag: string | undefined } | ObjectDetails,
  ): Promise<WriteResult> {
    // Content type and metadata are not copied by UploadPartCopy: they come from the source's headers, read once.
    const details = 'metadata' in version ? version : await this.headObject(source);
    if (details === null || (version.eTag !== undefined && details.eTag !== version.eTag)) {
      throw new PreconditionFailedError('The source changed while it was being copied; try again.');
    }
    const partBytes = Math.max(this.limits.multipartCopyPartBytes, Math.ceil(version.size / MAX_PARTS));
    const { UploadId } = await this.client.send(
      new CreateMultipartUploadCommand({
        Bucket: destination.bucket,
        Key: destination.key,
        ContentType: details.contentType,
        Metadata: details.metadata,
      }),
    );
    try {
      const limit = pLimit(this.limits.maxConcurrency);
      const parts = await Promise.all(
        Array.from({ length: Math.ceil(version.size / partBytes) }, (_, index) =>
          limit(async () => {
            const first = index * partBytes;
            const last = Math.min(version.size, first + partBytes) - 1;
            const { CopyPartResult } = await this.client.send(
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
      const completed = await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: destination.bucket,
          Key: destination.key,
          UploadId,
          MultipartUpload: { Parts: parts },
        }),
      );
      return { ...destination, eTag: normalizeETag(completed.ETag), lastModified: undefined, size: version.size };
    } catch (error) {
      await this.client
        .send(new AbortMultipartUploadCommand({ Bucket: destination.bucket, Key: destination.key, UploadId }))
        .catch(() => undefined);
      throw error;
    }
  }

  /** Copies the version of `source` that was described, then confirms the destination holds it (size, ETag). */
  async copyConfirmed(
    source: ObjectLocation & { size: number; eTag: string | undefined },
    destination: ObjectLocation,
  ): Promise<ObjectDetails> {
    const copy = await this.copyObject(source, destination, source);
    const confirmed = await this.headObject(destination);
    if (confirmed?.size !== source.size || (copy.eTag !== undefined && confirmed.eTag !== copy.eTag)) {
      throw new PreconditionFailedError('The copy could not be confirmed (the destination changed meanwhile); the source was kept.');
    }
    return confirmed;
  }

  /** Copy, confirm the copy, then delete the source: a failure at any step leaves the source in place. */
  async moveObject(source: ObjectLocation, destination: ObjectLocation): Promise<ObjectDetails> {
    assertDistinctLocations(source, destination);
    const original = await this.headObject(source);
    if (original === null) throw new NoSuchKeyError(source.bucket, source.key);
    const confirmed = await this.copyConfirmed(original, destination);
    await this.deleteObject(source);
    return confirmed;
  }

  private assertPresignable(location: ObjectLocation, expiresInSeconds: number): void {
    assertBucketName(location.bucket);
    assertObjectKey(location.key);
    const maxExpires = this.limits.presignMaxExpiresSeconds;
    if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > maxExpires) {
      throw new InvalidInputError(`expiresIn must be between 1 and ${maxExpires} seconds.`);
    }
  }

  /** A presigned PUT for a browser to upload straight to S3; the content type is signed, so the upload must declare it. */
  async presignUpload(location: ObjectLocation, contentType: string, expiresInSeconds: number): Promise<string> {
    this.assertPresignable(location, expiresInSeconds);
    assertContentType(contentType);
    try {
      return await getSignedUrl(
        this.client,
        new PutObjectCommand({ Bucket: location.bucket, Key: location.key, ContentType: contentType }),
        {
          expiresIn: expiresInSeconds,
          signableHeaders: new Set(['content-type']),
        },
      );
    } catch (error) {
      throw this.failure(error, describeLocation(location));
    }
  }

  /** A presigned POST form (HTML form upload) whose policy bounds the size and, when given, the content type. */
  async presignPost(
    location: ObjectLocation,
    options: { contentType: string | undefined; maxBytes: number; expiresInSeconds: number },
  ): Promise<{ url: string; fields: Record<string, string> }> {
    this.assertPresignable(location, options.expiresInSeconds);
    if (options.contentType !== undefined) assertContentType(options.contentType);
    if (!Number.isInteger(options.maxBytes) || options.maxBytes < 1 || options.maxBytes > this.limits.maxUploadBytes) {
      throw new InvalidInputError(`maxBytes must be between 1 and ${this.limits.maxUploadBytes}.`);
    }
    const conditions: Conditions[] = [['content-length-range', 0, options.maxBytes]];
    if (options.contentType !== undefined) conditions.push({ 'Content-Type': options.contentType });
    try {
      return await createPresignedPost(this.client, {
        Bucket: location.bucket,
        Key: location.key,
        Conditions: conditions,
        Fields: options.contentType === undefined ? {} : { 'Content-Type': options.contentType },
        Expires: options.expiresInSeconds,
      });
    } catch (error) {
      throw this.failure(error, describeLocation(location));
    }
  }

  async presignDownload(location: ObjectLocation, expiresInSeconds: number): Promise<string> {
    this.assertPresignable(location, expiresInSeconds);
    try {
      return await getSignedUrl(this.client, new GetObjectCommand({ Bucket: location.bucket, Key: location.key }), {
        expiresIn: expiresInSeconds,
      });
    } catch (error) {
      throw toGatewayError(error, describeLocation(location));
    }
  }
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
