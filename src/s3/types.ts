import type { Readable } from 'node:stream';

/** The shapes the S3 layer hands to the rest of the gateway, free of SDK types. */

export interface BucketInfo {
  name: string;
  creationDate: Date | undefined;
}

export interface ObjectLocation {
  bucket: string;
  key: string;
}

/** An object at one of its versions: the latest when versionId is undefined. */
export interface VersionLocation extends ObjectLocation {
  versionId?: string | undefined;
}

/** A bucket's versioning as S3 reports it; NEVER_ENABLED until versioning is first turned on. */
export type BucketVersioning = 'ENABLED' | 'SUSPENDED' | 'NEVER_ENABLED';

/** One version of an object, or one delete marker, as ListObjectVersions lists it. */
export interface ObjectVersionSummary extends ObjectLocation {
  versionId: string;
  isLatest: boolean;
  isDeleteMarker: boolean;
  /** undefined for a delete marker, which has no content. */
  size: number | undefined;
  eTag: string | undefined;
  lastModified: Date | undefined;
}

export interface VersionsPage {
  versions: ObjectVersionSummary[];
  hasMore: boolean;
}

/** What a listing says of an object. */
export interface ObjectSummary extends ObjectLocation {
  size: number;
  eTag: string | undefined;
  lastModified: Date | undefined;
  storageClass: string | undefined;
}

/** Server-side encryption as S3 names it: SSE-S3 (AES256) or SSE-KMS (aws:kms, with a key id or the account's default key). */
export type ServerSideEncryption = 'AES256' | 'aws:kms';

/** The headers a write may set beyond content type and metadata; undefined leaves the store's default. */
export interface ObjectWriteOptions {
  cacheControl: string | undefined;
  contentDisposition: string | undefined;
  storageClass: string | undefined;
  serverSideEncryption: ServerSideEncryption | undefined;
  sseKmsKeyId: string | undefined;
  /** The new object's tags (x-amz-tagging); none when undefined. */
  tags?: ObjectTag[] | undefined;
}

/** What HeadObject says of an object: the summary plus its headers. */
export interface ObjectDetails extends ObjectSummary {
  contentType: string | undefined;
  metadata: Record<string, string>;
  cacheControl: string | undefined;
  contentDisposition: string | undefined;
  serverSideEncryption: ServerSideEncryption | undefined;
  sseKmsKeyId: string | undefined;
  /** The version HeadObject described; undefined in a bucket that never had versioning. */
  versionId: string | undefined;
  /** Object lock: null when the version has no retention (or the store has no object lock). */
  retention: ObjectRetention | null;
  legalHold: boolean;
}

/** One of an object's tags (at most 10). */
export interface ObjectTag {
  key: string;
  value: string;
}

/** GOVERNANCE: users with s3:BypassGovernanceRetention may shorten it; COMPLIANCE: nobody may, until it ends. */
export type RetentionMode = 'GOVERNANCE' | 'COMPLIANCE';

export interface ObjectRetention {
  mode: RetentionMode;
  retainUntil: Date;
}

/** A version of an object as it was described: a copy is pinned to it. */
export type DescribedVersion = { size: number; eTag: string | undefined } | ObjectDetails;

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

/** One entry of a listing with a delimiter: an object, or a common prefix ('folder'). */
export type ListingEntry =
  { kind: 'object'; object: ObjectSummary; position: string } | { kind: 'prefix'; prefix: string; position: string };

export interface PutObjectRequest extends ObjectLocation {
  body: Buffer | Readable;
  /** The size the client declared for a streamed body: it sizes the parts, and the body must match it. */
  declaredSize?: number | undefined;
  contentType: string | undefined;
  metadata: Record<string, string>;
  options: ObjectWriteOptions;
  /** false: refuse with PRECONDITION_FAILED when the key exists (If-None-Match: *, atomic where the store honours it). */
  overwrite: boolean;
}

export interface WriteResult extends ObjectLocation {
  eTag: string | undefined;
  size: number | undefined;
  lastModified: Date | undefined;
}

export interface CopyResult extends WriteResult {
  /** The version of the source that was copied; undefined in a bucket that never had versioning. */
  sourceVersionId: string | undefined;
}

/** The destination of a copy as HeadObject confirmed it, and the version of the source it holds. */
export interface ConfirmedCopy extends ObjectDetails {
  sourceVersionId: string | undefined;
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

export interface PresignedPost {
  url: string;
  fields: Record<string, string>;
}

export interface S3StorageLimits {
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

/** One multipart upload, named by S3's uploadId: only good for its own bucket and key. */
export interface UploadLocation extends ObjectLocation {
  uploadId: string;
}

export interface CreateMultipartUploadRequest extends ObjectLocation {
  /** The whole object's size in bytes: it chooses the part size and is checked against the limits. */
  size: number;
  contentType: string | undefined;
  metadata: Record<string, string>;
  options: ObjectWriteOptions;
}

/** updateObject: the headers to replace; undefined keeps the current value, "" removes cacheControl or contentDisposition. */
export interface ObjectHeadersUpdate {
  contentType: string | undefined;
  metadata: Record<string, string> | undefined;
  cacheControl: string | undefined;
  contentDisposition: string | undefined;
}

export interface CreatedUpload extends UploadLocation {
  /** Every part but the last must be exactly this size. */
  partSize: number;
}

export interface UploadedPart {
  partNumber: number;
  size: number;
  eTag: string | undefined;
  lastModified: Date | undefined;
}

export interface PartsPage {
  parts: UploadedPart[];
  hasMore: boolean;
}

export interface PendingUpload extends UploadLocation {
  initiated: Date | undefined;
}

export interface PendingUploadsPage {
  uploads: PendingUpload[];
  hasMore: boolean;
}

export interface SignedPart {
  partNumber: number;
  url: string;
}

/** A change to an object made through this storage, reported once S3 confirmed it. */
export interface StoredObjectChange extends ObjectLocation {
  /** metadataChanged: headers or tags changed, the content did not (updateObject, setObjectTags). */
  kind: 'created' | 'deleted' | 'metadataChanged';
  /** The store, where it is not the default one. */
  store?: string;
  /** Of the object written; undefined for a deletion, or when S3 did not say. */
  size: number | undefined;
  eTag: string | undefined;
}

/** Told of every change this storage makes to an object, so that others (subscribers on any instance) can learn of it. */
export interface ObjectChangeObserver {
  objectChanged(change: StoredObjectChange): void;
}
