import type { S3Client } from '@aws-sdk/client-s3';
import type { GatewayError } from '../errors.js';
import type { S3Access, S3Logger } from './access.js';
import * as buckets from './buckets.js';
import * as listing from './listing.js';
import * as multipart from './multipart.js';
import * as objects from './objects.js';
import * as presign from './presign.js';
import * as transfer from './transfer.js';
import type {
  BucketInfo,
  CreatedUpload,
  CreateMultipartUploadRequest,
  DescribedVersion,
  ListingEntry,
  ListingPage,
  ListingRequest,
  ObjectDetails,
  ObjectLocation,
  ObjectSummary,
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
  WriteResult,
} from './types.js';

/**
 * The gateway's storage: every operation it makes on one S3 store, bound to one client. Each operation lives in the
 * file of its concern (buckets, listing, objects, transfer, presign); this class only hands them the same S3Access.
 */
export class S3Storage {
  private readonly access: S3Access;

  /** `signer` signs presigned URLs: a client configured with the store's public endpoint, when browsers reach it elsewhere. */
  constructor(client: S3Client, limits: S3StorageLimits, logger: S3Logger, signer: S3Client = client) {
    this.access = { client, signer, limits, knownBuckets: new buckets.BucketCache(limits.bucketCacheSeconds), logger };
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

  createBucket(bucket: string, region: string | undefined): Promise<void> {
    return buckets.createBucket(this.access, bucket, region);
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

  objectPages(bucket: string, prefix: string): AsyncGenerator<ObjectSummary[]> {
    return listing.objectPages(this.access, bucket, prefix);
  }

  headObject(location: ObjectLocation): Promise<ObjectDetails | null> {
    return objects.headObject(this.access, location);
  }

  openObject(location: ObjectLocation, request: OpenObjectRequest, signal: AbortSignal): Promise<OpenedObject> {
    return objects.openObject(this.access, location, request, signal);
  }

  readObject(location: ObjectLocation, options: { maxBytes: number; eTag: string | undefined }): Promise<Buffer> {
    return objects.readObject(this.access, location, options);
  }

  putObject(request: PutObjectRequest): Promise<WriteResult> {
    return objects.putObject(this.access, request);
  }

  deleteObject(location: ObjectLocation): Promise<void> {
    return objects.deleteObject(this.access, location);
  }

  deleteBatch(bucket: string, keys: string[]): Promise<Map<string, GatewayError>> {
    return objects.deleteBatch(this.access, bucket, keys);
  }

  copyObject(source: ObjectLocation, destination: ObjectLocation, described?: DescribedVersion): Promise<WriteResult> {
    return transfer.copyObject(this.access, source, destination, described);
  }

  copyConfirmed(source: ObjectLocation & { size: number; eTag: string | undefined }, destination: ObjectLocation): Promise<ObjectDetails> {
    return transfer.copyConfirmed(this.access, source, destination);
  }

  moveObject(source: ObjectLocation, destination: ObjectLocation): Promise<ObjectDetails> {
    return transfer.moveObject(this.access, source, destination);
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

  presignDownload(location: ObjectLocation, expiresInSeconds: number): Promise<string> {
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

  completeMultipartUpload(upload: UploadLocation, parts: { partNumber: number; eTag: string }[]): Promise<WriteResult> {
    return multipart.completeMultipartUpload(this.access, upload, parts);
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
