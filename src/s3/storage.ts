import type { S3Client } from '@aws-sdk/client-s3';
import type { GatewayError } from '../errors.js';
import type { S3Access, S3Logger } from './access.js';
import * as buckets from './buckets.js';
import * as crossStore from './cross-store.js';
import * as listing from './listing.js';
import * as multipart from './multipart.js';
import * as objectLock from './object-lock.js';
import * as objects from './objects.js';
import * as presign from './presign.js';
import * as safeDelete from './safe-delete.js';
import * as search from './search.js';
import * as tags from './tags.js';
import * as transfer from './transfer.js';
import * as update from './update-object.js';
import * as versions from './versions.js';
import type {
  BucketInfo,
  BucketVersioning,
  ConfirmedCopy,
  CopyResult,
  CreatedUpload,
  CreateMultipartUploadRequest,
  DescribedVersion,
  ListingEntry,
  ListingPage,
  ListingRequest,
  ObjectDetails,
  ObjectChangeObserver,
  ObjectHeadersUpdate,
  ObjectLocation,
  ObjectSummary,
  ObjectVersionSummary,
  ObjectTag,
  OpenedObject,
  OpenObjectRequest,
  PartsPage,
  PendingUpload,
  PendingUploadsPage,
  PresignedPost,
  PutObjectRequest,
  S3StorageLimits,
  SignedPart,
  UploadLocation,
  StoredObjectChange,
  VersionLocation,
  VersionsPage,
  WriteResult,
} from './types.js';
import type { VersionListingRequest } from './versions.js';

const created = ({
  bucket,
  key,
  size,
  eTag,
}: ObjectLocation & { size: number | undefined; eTag: string | undefined }): StoredObjectChange => ({
  kind: 'created',
  bucket,
  key,
  size,
  eTag,
});

const deleted = ({ bucket, key }: ObjectLocation): StoredObjectChange => ({
  kind: 'deleted',
  bucket,
  key,
  size: undefined,
  eTag: undefined,
});

/**
 * The gateway's storage: every operation it makes on one S3 store, bound to one client. Each operation lives in the
 * file of its concern (buckets, listing, objects, transfer, presign); this class only hands them the same S3Access, and
 * tells `changes` of every object written or deleted: whatever calls it (a mutation, a job's step), it is reported once, here.
 */
export interface S3StorageOptions {
  signer?: S3Client;
  changes?: ObjectChangeObserver;
  /** The store's name where the gateway has several: errors saying it is unavailable name it. */
  storeName?: string;
}

export class S3Storage {
  private readonly access: S3Access;
  private readonly changes: ObjectChangeObserver;

  /**
   * `signer` signs presigned URLs: a client configured with the store's public endpoint, when browsers reach it elsewhere.
   * `changes` hears of every object this storage changes, once S3 confirmed it.
   */
  constructor(client: S3Client, limits: S3StorageLimits, logger: S3Logger, options: S3StorageOptions = {}) {
    const { signer = client, changes = { objectChanged: () => undefined }, storeName } = options;
    this.access = { client, signer, limits, knownBuckets: new buckets.BucketCache(limits.bucketCacheSeconds), logger, storeName };
    this.changes = changes;
  }

  listBuckets(): Promise<BucketInfo[]> {
    return buckets.listBuckets(this.access);
  }

  checkStore(timeoutMs: number): Promise<GatewayError | undefined> {
    return buckets.checkStore(this.access, timeoutMs);
  }

  bucketExists(bucket: string): Promise<boolean> {
    return buckets.bucketExists(this.access, bucket);
  }

  bucketRegion(bucket: string): Promise<string> {
    return buckets.bucketRegion(this.access, bucket);
  }

  createBucket(bucket: string, region: string | undefined, objectLock = false): Promise<void> {
    return buckets.createBucket(this.access, bucket, region, objectLock);
  }

  deleteBucket(bucket: string): Promise<void> {
    return buckets.deleteBucket(this.access, bucket);
  }

  listObjects(request: ListingRequest): Promise<ListingPage<ObjectSummary>> {
    return listing.listObjects(this.access, request);
  }

  listPrefixes(request: ListingRequest): Promise<ListingPage<string>> {
    return listing.listPrefixes(this.access, request);
  }

  listEntries(request: ListingRequest): Promise<ListingPage<ListingEntry>> {
    return listing.listEntries(this.access, request);
  }

  scanObjects(request: search.ScanRequest): Promise<search.ScanPage> {
    return search.scanObjects(this.access, request);
  }

  objectPages(bucket: string, prefix: string): AsyncGenerator<ObjectSummary[]> {
    return listing.objectPages(this.access, bucket, prefix);
  }

  headObject(location: VersionLocation): Promise<ObjectDetails | null> {
    return objects.headObject(this.access, location);
  }

  openObject(location: VersionLocation, request: OpenObjectRequest, signal: AbortSignal): Promise<OpenedObject> {
    return objects.openObject(this.access, location, request, signal);
  }

  readObject(location: VersionLocation, options: { maxBytes: number; eTag: string | undefined }): Promise<Buffer> {
    return objects.readObject(this.access, location, options);
  }

  async putObject(request: PutObjectRequest): Promise<WriteResult> {
    const written = await objects.putObject(this.access, request);
    this.changes.objectChanged(created(written));
    return written;
  }

  async deleteObject(location: ObjectLocation): Promise<void> {
    await objects.deleteObject(this.access, location);
    this.changes.objectChanged(deleted(location));
  }

  async deleteBatch(bucket: string, keys: string[]): Promise<Map<string, GatewayError>> {
    const failed = await objects.deleteBatch(this.access, bucket, keys);
    for (const key of keys) if (!failed.has(key)) this.changes.objectChanged(deleted({ bucket, key }));
    return failed;
  }

  async copyObject(source: VersionLocation, destination: ObjectLocation, described?: DescribedVersion): Promise<CopyResult> {
    const written = await transfer.copyObject(this.access, source, destination, described);
    this.changes.objectChanged(created(written));
    return written;
  }

  async copyConfirmed(
    source: VersionLocation & { size: number; eTag: string | undefined },
    destination: ObjectLocation,
  ): Promise<ConfirmedCopy> {
    const written = await transfer.copyConfirmed(this.access, source, destination);
    this.changes.objectChanged(created(written));
    return written;
  }

  async moveObject(source: ObjectLocation, destination: ObjectLocation): Promise<ObjectDetails> {
    const written = await transfer.moveObject(this.access, source, destination);
    this.changes.objectChanged(created(written));
    this.changes.objectChanged(deleted(source));
    return written;
  }

  /** Copies `source` from this store to `destination` in `target`, another store, streaming through the gateway and verified. */
  async copyAcross(
    target: S3Storage,
    source: ObjectLocation,
    destination: ObjectLocation,
    options: crossStore.StreamCopyOptions,
  ): Promise<crossStore.StreamedCopy> {
    const copy = await crossStore.streamCopy(this.access, target.access, source, destination, options);
    target.changes.objectChanged(created(copy.written));
    return copy;
  }

  /** copyAcross, then the source is deleted as it was read. */
  async moveAcross(
    target: S3Storage,
    source: ObjectLocation,
    destination: ObjectLocation,
    options: crossStore.StreamCopyOptions,
  ): Promise<ObjectDetails> {
    const { written } = await crossStore.streamMove(this.access, target.access, source, destination, options);
    target.changes.objectChanged(created(written));
    this.changes.objectChanged(deleted(source));
    return written;
  }

  /** Ends a move: deletes its source as it was copied, never a write that landed since. */
  async deleteMovedSource(source: safeDelete.CopiedSource): Promise<void> {
    await safeDelete.deleteMovedSource(this.access, source);
    this.changes.objectChanged(deleted(source));
  }

  /** Whether the store honours If-Match on DeleteObject; asked once per store, only of a bucket that never had versioning. */
  honoursConditionalDelete(bucket: string): Promise<boolean> {
    return safeDelete.honoursConditionalDelete(this.access, bucket);
  }

  bucketVersioning(bucket: string): Promise<BucketVersioning> {
    return versions.bucketVersioning(this.access, bucket);
  }

  /** Whether the bucket keeps (or once kept) versions; a store without versions has none. */
  keepsVersions(bucket: string): Promise<boolean> {
    return versions.keepsVersions(this.access, bucket);
  }

  setBucketVersioning(bucket: string, enabled: boolean): Promise<BucketVersioning> {
    return versions.setBucketVersioning(this.access, bucket, enabled);
  }

  listObjectVersions(request: VersionListingRequest): Promise<VersionsPage> {
    return versions.listObjectVersions(this.access, request);
  }

  keyHistories(bucket: string, prefix: string): AsyncGenerator<ObjectVersionSummary[]> {
    return versions.keyHistories(this.access, bucket, prefix);
  }

  supportsVersions(bucket: string): Promise<boolean> {
    return versions.supportsVersions(this.access, bucket);
  }

  deleteEveryVersion(bucket: string): Promise<void> {
    return versions.deleteEveryVersion(this.access, bucket);
  }

  /** Deletes one version for good. Not told to `changes`: what is the latest afterwards (if anything) only a HeadObject would say. */
  deleteVersion(location: ObjectLocation, versionId: string): Promise<void> {
    return versions.deleteVersion(this.access, location, versionId);
  }

  async restoreObjectVersion(location: ObjectLocation, versionId: string): Promise<CopyResult> {
    const written = await transfer.restoreObjectVersion(this.access, location, versionId);
    this.changes.objectChanged(created(written));
    return written;
  }

  objectTags(location: ObjectLocation): Promise<ObjectTag[]> {
    return tags.objectTags(this.access, location);
  }

  async setObjectTags(location: ObjectLocation, objectTags: ObjectTag[]): Promise<void> {
    await tags.setObjectTags(this.access, location, objectTags);
    this.changes.objectChanged({ ...location, kind: 'metadataChanged', size: undefined, eTag: undefined });
  }

  async updateObject(location: ObjectLocation, headers: ObjectHeadersUpdate): Promise<WriteResult> {
    const written = await update.updateObject(this.access, location, headers);
    this.changes.objectChanged({ ...created(written), kind: 'metadataChanged' });
    return written;
  }

  setObjectRetention(location: ObjectLocation, retention: objectLock.RetentionRequest): Promise<void> {
    return objectLock.setObjectRetention(this.access, location, retention);
  }

  setObjectLegalHold(location: ObjectLocation, on: boolean): Promise<void> {
    return objectLock.setObjectLegalHold(this.access, location, on);
  }

  presignUpload(location: ObjectLocation, contentType: string, expiresInSeconds: number): Promise<string> {
    return presign.presignUpload(this.access, location, contentType, expiresInSeconds);
  }

  presignPost(
    location: ObjectLocation,
    options: { contentType: string | undefined; maxBytes: number; expiresInSeconds: number },
  ): Promise<PresignedPost> {
    return presign.presignPost(this.access, location, options);
  }

  presignDownload(location: VersionLocation, expiresInSeconds: number): Promise<string> {
    return presign.presignDownload(this.access, location, expiresInSeconds);
  }

  createMultipartUpload(request: CreateMultipartUploadRequest): Promise<CreatedUpload> {
    return multipart.createMultipartUpload(this.access, request);
  }

  signUploadParts(upload: UploadLocation, partNumbers: number[], expiresInSeconds: number): Promise<SignedPart[]> {
    return multipart.signUploadParts(this.access, upload, partNumbers, expiresInSeconds);
  }

  listParts(upload: UploadLocation, after: number, limit: number): Promise<PartsPage> {
    return multipart.listParts(this.access, upload, after, limit);
  }

  async completeMultipartUpload(upload: UploadLocation, parts: { partNumber: number; eTag: string }[]): Promise<WriteResult> {
    const written = await multipart.completeMultipartUpload(this.access, upload, parts);
    this.changes.objectChanged(created(written));
    return written;
  }

  abortMultipartUpload(upload: UploadLocation): Promise<void> {
    return multipart.abortMultipartUpload(this.access, upload);
  }

  listMultipartUploads(request: {
    bucket: string;
    prefix: string;
    limit: number;
    after: { key: string; uploadId: string } | undefined;
  }): Promise<PendingUploadsPage> {
    return multipart.listMultipartUploads(this.access, request);
  }

  multipartUploadPages(bucket: string, prefix: string): AsyncGenerator<PendingUpload[]> {
    return multipart.multipartUploadPages(this.access, bucket, prefix);
  }
}
