import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketVersioningCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { NotSupportedError } from '../errors.js';
import { type S3Access, withS3Errors } from './access.js';
import { httpStatusOf } from './errors.js';
import { compareKeys } from './keys.js';
import { assertPageSize, MAX_LISTING_PAGE } from './listing.js';
import { normalizeETag } from './objects.js';
import type { BucketVersioning, ObjectLocation, ObjectVersionSummary, VersionsPage } from './types.js';
import { assertBucketName, assertKeyPrefix, assertObjectKey, assertVersionId } from './validation.js';

/** Object versions: a bucket's versioning, ListObjectVersions, and deleting one version for good. */

/** Whether a store keeps versions, learned once per client. */
const versionSupport = new WeakMap<S3Client, boolean>();

/**
 * Refuses with NOT_SUPPORTED, naming `operation`, on a store that keeps no versions. Asked once per client with a
 * ListObjectVersions of one key: a store without versions answers NotImplemented, or (the embedded one) MethodNotAllowed;
 * GetBucketVersioning cannot tell, as the embedded store answers it with a bucket listing.
 */
export async function assertVersionsSupported(access: S3Access, bucket: string, operation: string): Promise<void> {
  assertBucketName(bucket);
  const known = versionSupport.get(access.client);
  if (known === true) return;
  if (known === false) throw new NotSupportedError(operation);
  await withS3Errors(access, { bucket, operation }, async () => {
    try {
      await access.client.send(new ListObjectVersionsCommand({ Bucket: bucket, MaxKeys: 1 }));
    } catch (error) {
      const status = httpStatusOf(error);
      if (status !== 501 && status !== 405) throw error;
      versionSupport.set(access.client, false);
      throw new NotSupportedError(operation, { cause: error });
    }
  });
  versionSupport.set(access.client, true);
}

/** Whether the store keeps versions at all (the embedded one does not). */
export async function supportsVersions(access: S3Access, bucket: string): Promise<boolean> {
  try {
    await assertVersionsSupported(access, bucket, 'object versions');
    return true;
  } catch (error) {
    if (error instanceof NotSupportedError) return false;
    throw error;
  }
}

/** GetBucketVersioning; NOT_SUPPORTED on a store that keeps no versions. */
export async function bucketVersioning(access: S3Access, bucket: string): Promise<BucketVersioning> {
  assertBucketName(bucket);
  const operation = 'bucket versioning';
  await assertVersionsSupported(access, bucket, operation);
  const { Status } = await withS3Errors(access, { bucket, operation }, () =>
    access.client.send(new GetBucketVersioningCommand({ Bucket: bucket })),
  );
  if (Status === 'Enabled') return 'ENABLED';
  return Status === 'Suspended' ? 'SUSPENDED' : 'NEVER_ENABLED';
}

/** Whether the bucket keeps (or once kept) versions; a store without versions has none. */
export async function keepsVersions(access: S3Access, bucket: string): Promise<boolean> {
  return (await supportsVersions(access, bucket)) && (await bucketVersioning(access, bucket)) !== 'NEVER_ENABLED';
}

export async function setBucketVersioning(access: S3Access, bucket: string, enabled: boolean): Promise<BucketVersioning> {
  const operation = 'bucket versioning';
  await assertVersionsSupported(access, bucket, operation);
  await withS3Errors(access, { bucket, operation }, () =>
    access.client.send(
      new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: enabled ? 'Enabled' : 'Suspended' } }),
    ),
  );
  return enabled ? 'ENABLED' : 'SUSPENDED';
}

export interface VersionListingRequest {
  bucket: string;
  prefix: string;
  /** Only the versions of this exact key (a prefix lists the keys that start with it too). */
  exactKey: boolean;
  limit: number;
  /** Resume after this version (exclusive), as S3's KeyMarker and VersionIdMarker. */
  after: { key: string; versionId: string } | undefined;
}

/** One ListObjectVersions call: versions and delete markers merged back into S3's order (by key, the newest first). */
async function listVersionsOnce(
  access: S3Access,
  bucket: string,
  prefix: string,
  after: { key: string; versionId: string } | undefined,
  maxKeys: number,
): Promise<{ versions: ObjectVersionSummary[]; isTruncated: boolean }> {
  const response = await withS3Errors(access, { bucket, operation: 'object versions' }, () =>
    access.client.send(
      new ListObjectVersionsCommand({
        Bucket: bucket,
        Prefix: prefix,
        KeyMarker: after?.key,
        VersionIdMarker: after?.versionId,
        MaxKeys: maxKeys,
      }),
    ),
  );
  const versions: ObjectVersionSummary[] = (response.Versions ?? []).map((version) => ({
    bucket,
    key: version.Key ?? '',
    versionId: version.VersionId ?? 'null',
    isLatest: version.IsLatest === true,
    isDeleteMarker: false,
    size: version.Size ?? 0,
    eTag: normalizeETag(version.ETag),
    lastModified: version.LastModified,
  }));
  const markers: ObjectVersionSummary[] = (response.DeleteMarkers ?? []).map((marker) => ({
    bucket,
    key: marker.Key ?? '',
    versionId: marker.VersionId ?? 'null',
    isLatest: marker.IsLatest === true,
    isDeleteMarker: true,
    size: undefined,
    eTag: undefined,
    lastModified: marker.LastModified,
  }));
  // The SDK hands versions and delete markers in two lists; S3 sent them interleaved, each key's newest first.
  const merged = [...versions, ...markers].sort(
    (left, right) =>
      compareKeys(left.key, right.key) ||
      Number(right.isLatest) - Number(left.isLatest) ||
      (right.lastModified?.getTime() ?? 0) - (left.lastModified?.getTime() ?? 0),
  );
  return { versions: merged, isTruncated: response.IsTruncated === true };
}

/** A page of versions below a prefix (or of one key), the newest of each key first. */
export async function listObjectVersions(access: S3Access, request: VersionListingRequest): Promise<VersionsPage> {
  const { bucket, prefix, exactKey, limit, after } = request;
  assertBucketName(bucket);
  if (exactKey) assertObjectKey(prefix);
  else assertKeyPrefix(prefix);
  assertPageSize(limit);
  await assertVersionsSupported(access, bucket, 'object versions');
  // One more than needed tells whether a further page exists.
  const { versions, isTruncated } = await listVersionsOnce(access, bucket, prefix, after, Math.min(MAX_LISTING_PAGE, limit + 1));
  const matching = exactKey ? versions.filter((version) => version.key === prefix) : versions;
  const otherKeyFollows = exactKey && matching.length < versions.length;
  return {
    versions: matching.slice(0, limit),
    hasMore: matching.length > limit || (isTruncated && !otherKeyFollows),
  };
}

/** Every version below a prefix, one key at a time (its versions the newest first), for operations that walk a whole prefix. */
export async function* keyHistories(access: S3Access, bucket: string, prefix: string): AsyncGenerator<ObjectVersionSummary[]> {
  assertBucketName(bucket);
  assertKeyPrefix(prefix);
  await assertVersionsSupported(access, bucket, 'object versions');
  let after: { key: string; versionId: string } | undefined;
  let history: ObjectVersionSummary[] = [];
  for (;;) {
    const { versions, isTruncated } = await listVersionsOnce(access, bucket, prefix, after, MAX_LISTING_PAGE);
    for (const version of versions) {
      // A key's versions may run over two pages: it is handed on once the next key starts.
      if (history[0] !== undefined && history[0].key !== version.key) {
        yield history;
        history = [];
      }
      history.push(version);
    }
    const last = versions.at(-1);
    if (!isTruncated || last === undefined) break;
    after = { key: last.key, versionId: last.versionId };
  }
  if (history.length > 0) yield history;
}

/** The ids of the versions of `key` older than `versionId` (delete markers included), the newest first. */
export async function olderVersionIds(access: S3Access, { bucket, key }: ObjectLocation, versionId: string): Promise<string[]> {
  const older: string[] = [];
  let passed = false;
  for await (const history of keyHistories(access, bucket, key)) {
    if (history[0]?.key !== key) continue;
    for (const version of history) {
      if (passed) older.push(version.versionId);
      passed ||= version.versionId === versionId;
    }
    break;
  }
  return older;
}

/** Deletes one version (or one delete marker) for good; removing the delete marker that is the latest brings the object back. */
export async function deleteVersion(access: S3Access, location: ObjectLocation, versionId: string): Promise<void> {
  assertBucketName(location.bucket);
  assertObjectKey(location.key);
  assertVersionId(versionId);
  await assertVersionsSupported(access, location.bucket, 'deleting an object version');
  await withS3Errors(access, { ...location, versionId, operation: 'deleting an object version' }, () =>
    access.client.send(new DeleteObjectCommand({ Bucket: location.bucket, Key: location.key, VersionId: versionId })),
  );
}

/**
 * Deletes every version and delete marker of `bucket`, a page at a time. Stops at the first page S3 could not wholly delete
 * (a version an object lock keeps): the bucket then stays, and DeleteBucket says it is not empty.
 */
export async function deleteEveryVersion(access: S3Access, bucket: string): Promise<void> {
  assertBucketName(bucket);
  await assertVersionsSupported(access, bucket, 'object versions');
  for (;;) {
    const { versions, isTruncated } = await listVersionsOnce(access, bucket, '', undefined, MAX_LISTING_PAGE);
    if (versions.length === 0) return;
    const { Errors = [] } = await withS3Errors(access, { bucket, operation: 'deleting object versions' }, () =>
      access.client.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: { Objects: versions.map(({ key, versionId }) => ({ Key: key, VersionId: versionId })), Quiet: true },
        }),
      ),
    );
    if (Errors.length > 0 || !isTruncated) return;
  }
}
