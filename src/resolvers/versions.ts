import type { Context } from '../context.js';
import type { JobSnapshot } from '../jobs.js';
import type { BucketVersioning, ObjectLocation, ObjectVersionSummary } from '../s3/types.js';
import { runJob } from './bulk.js';
import { decodeVersionCursor, encodeVersionCursor } from './cursor.js';
import { DEFAULT_PAGE_SIZE, type Connection, type PageArgs } from './listing.js';
import type { BucketModel, ObjectModel } from './models.js';
import { attempt, type Payload } from './payload.js';

/** Object versions: the bucket's versioning, version listings, restoring a version, and a prefix as it was at a moment. */

export function bucketVersioning(context: Context, bucket: BucketModel): Promise<BucketVersioning> {
  return context.s3.bucketVersioning(bucket.name);
}

export function setBucketVersioning(context: Context, args: { bucket: string; enabled: boolean }): Promise<Payload<BucketModel>> {
  return attempt(context, async () => {
    await context.s3.setBucketVersioning(args.bucket, args.enabled);
    return { name: args.bucket };
  });
}

type VersionPageArgs = Pick<PageArgs, 'first' | 'after'>;

async function versionConnection(
  context: Context,
  request: { bucket: string; prefix: string; exactKey: boolean },
  args: VersionPageArgs,
): Promise<Connection<ObjectVersionSummary>> {
  const after = decodeVersionCursor(args.after);
  const page = await context.s3.listObjectVersions({ ...request, limit: args.first ?? DEFAULT_PAGE_SIZE, after });
  const edges = page.versions.map((version) => ({ cursor: encodeVersionCursor(version), node: version }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasMore,
      hasPreviousPage: after !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

export function listObjectVersions(
  context: Context,
  bucket: BucketModel,
  args: VersionPageArgs & { prefix?: string | null },
): Promise<Connection<ObjectVersionSummary>> {
  return versionConnection(context, { bucket: bucket.name, prefix: args.prefix ?? '', exactKey: false }, args);
}

export function objectVersions(context: Context, object: ObjectModel, args: VersionPageArgs): Promise<Connection<ObjectVersionSummary>> {
  return versionConnection(context, { bucket: object.bucket, prefix: object.key, exactKey: true }, args);
}

/** A version as an S3Object, whose content fields and URLs read that version; a delete marker has none. */
export function versionObject(version: ObjectVersionSummary): ObjectModel | null {
  if (version.isDeleteMarker) return null;
  const { bucket, key, versionId, size, eTag, lastModified } = version;
  return { bucket, key, versionId, size, eTag, lastModified };
}

export function restoreObjectVersion(context: Context, args: ObjectLocation & { versionId: string }): Promise<Payload<ObjectModel>> {
  return attempt(context, async (): Promise<ObjectModel> => {
    const restored = await context.s3.restoreObjectVersion({ bucket: args.bucket, key: args.key }, args.versionId);
    return { bucket: restored.bucket, key: restored.key, eTag: restored.eTag, size: restored.size };
  });
}

export interface RestorePrefixArgs {
  bucket: string;
  prefix: string;
  at: Date;
  wait?: boolean | null;
}

export function runRestorePrefix(context: Context, args: RestorePrefixArgs): Promise<Payload<JobSnapshot>> {
  return runJob(
    context,
    { kind: 'RESTORE_PREFIX', bucket: args.bucket, prefix: args.prefix, atMs: args.at.getTime() },
    { wait: args.wait ?? true },
  );
}
