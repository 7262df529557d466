import type { Context } from '../context.js';
import type { JobSnapshot } from '../jobs.js';
import type { BucketVersioning, ObjectLocation, ObjectVersionSummary } from '../s3/types.js';
import { runJob } from './bulk.js';
import { decodeVersionCursor, encodeVersionCursor } from './cursor.js';
import { DEFAULT_PAGE_SIZE, type Connection, type PageArgs } from './listing.js';
import type { BucketModel, ObjectModel } from './models.js';
import { storeOf, type StoreArgs } from './object-mutations.js';
import { attempt, type Payload } from './payload.js';

/** Object versions: the bucket's versioning, version listings, restoring a version, and a prefix as it was at a moment. */

export function bucketVersioning(context: Context, bucket: BucketModel): Promise<BucketVersioning> {
  return context.stores.get(bucket.store).bucketVersioning(bucket.name);
}

export function setBucketVersioning(
  context: Context,
  args: StoreArgs & { bucket: string; enabled: boolean },
): Promise<Payload<BucketModel>> {
  return attempt(context, async () => {
    await context.stores.get(args.store).setBucketVersioning(args.bucket, args.enabled);
    return { name: args.bucket, ...storeOf(args) };
  });
}

type VersionPageArgs = Pick<PageArgs, 'first' | 'after'>;

async function versionConnection(
  context: Context,
  request: { store: string | undefined; bucket: string; prefix: string; exactKey: boolean },
  args: VersionPageArgs,
): Promise<Connection<ObjectVersionSummary & { store?: string }>> {
  const after = decodeVersionCursor(args.after);
  const { store, ...listing } = request;
  const page = await context.stores.get(store).listObjectVersions({ ...listing, limit: args.first ?? DEFAULT_PAGE_SIZE, after });
  // A version's object stays in the store it was listed from.
  const edges = page.versions.map((version) => ({
    cursor: encodeVersionCursor(version),
    node: store === undefined ? version : { ...version, store },
  }));
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
): Promise<Connection<ObjectVersionSummary & { store?: string }>> {
  return versionConnection(context, { store: bucket.store, bucket: bucket.name, prefix: args.prefix ?? '', exactKey: false }, args);
}

export function objectVersions(
  context: Context,
  object: ObjectModel,
  args: VersionPageArgs,
): Promise<Connection<ObjectVersionSummary & { store?: string }>> {
  return versionConnection(context, { store: object.store, bucket: object.bucket, prefix: object.key, exactKey: true }, args);
}

/** A version as an S3Object, whose content fields and URLs read that version; a delete marker has none. */
export function versionObject(version: ObjectVersionSummary & { store?: string }): ObjectModel | null {
  if (version.isDeleteMarker) return null;
  const { store, bucket, key, versionId, size, eTag, lastModified } = version;
  return { ...storeOf({ store }), bucket, key, versionId, size, eTag, lastModified };
}

export function restoreObjectVersion(
  context: Context,
  args: ObjectLocation & StoreArgs & { versionId: string },
): Promise<Payload<ObjectModel>> {
  return attempt(context, async (): Promise<ObjectModel> => {
    const restored = await context.stores.get(args.store).restoreObjectVersion({ bucket: args.bucket, key: args.key }, args.versionId);
    return { ...storeOf(args), bucket: restored.bucket, key: restored.key, eTag: restored.eTag, size: restored.size };
  });
}

export interface RestorePrefixArgs extends StoreArgs {
  bucket: string;
  prefix: string;
  at: Date;
  wait?: boolean | null;
}

export function runRestorePrefix(context: Context, args: RestorePrefixArgs): Promise<Payload<JobSnapshot>> {
  return runJob(
    context,
    { kind: 'RESTORE_PREFIX', ...storeOf(args), bucket: args.bucket, prefix: args.prefix, atMs: args.at.getTime() },
    { wait: args.wait ?? true },
  );
}
