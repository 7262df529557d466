import type { Context } from '../context.js';
import { AccessDeniedError, BucketNotEmptyError, ResourceExhaustedError } from '../errors.js';
import { runDeletePrefix } from './bulk.js';
import { attempt, type Payload } from './payload.js';
import type { BucketModel } from './models.js';
import { storeOf } from './object-mutations.js';

export async function listBuckets(context: Context, store?: string | null): Promise<BucketModel[]> {
  const { access } = context.principal;
  const storage = context.stores.get(store);
  if (!access.listsAnywhere(store)) return [];
  const buckets = (await storage.listBuckets()).filter(({ name }) => access.listsIn(name, store));
  return buckets.map(({ name, creationDate }) => ({ name, creationDate: creationDate ?? null, ...storeOf({ store }) }));
}

export async function findBucket(context: Context, name: string, store?: string | null): Promise<BucketModel | null> {
  return (await context.stores.get(store).bucketExists(name)) ? { name, ...storeOf({ store }) } : null;
}

/** Only ListBuckets knows creation dates; a caller without that permission gets null rather than an error. */
export async function bucketCreationDate(context: Context, bucket: BucketModel): Promise<Date | null> {
  if (bucket.creationDate !== undefined) return bucket.creationDate;
  try {
    const listed = await context.bucketList(bucket.store);
    return listed.find(({ name }) => name === bucket.name)?.creationDate ?? null;
  } catch (error) {
    context.logger.debug('creationDate unavailable: ListBuckets failed', error);
    return null;
  }
}

export function bucketRegion(context: Context, bucket: BucketModel): Promise<string> {
  return context.stores.get(bucket.store).bucketRegion(bucket.name);
}

export interface CreateBucketArgs {
  store?: string | null;
  name: string;
  region?: string | null;
  objectLock?: boolean | null;
}

export function createBucket(context: Context, args: CreateBucketArgs): Promise<Payload<BucketModel>> {
  return attempt(context, async () => {
    await context.stores.get(args.store).createBucket(args.name, args.region ?? undefined, args.objectLock ?? false);
    return { name: args.name, ...storeOf(args) };
  });
}

export interface DeleteBucketArgs {
  store?: string | null;
  name: string;
  emptyFirst?: boolean | null;
}

/**
 * Whether emptying the bucket must also delete versions for good; refused up front without deleteVersion (old grants lack
 * it), before anything is deleted.
 */
async function mustDeleteVersions(context: Context, { store, name }: DeleteBucketArgs): Promise<boolean> {
  if (!(await context.stores.get(store).keepsVersions(name))) return false;
  if (!context.principal.access.allows('deleteVersion', name, '', store))
    throw new AccessDeniedError(`Bucket "${name}" keeps object versions; deleting them for good needs deleteVersion on the bucket.`);
  return true;
}

/** With emptyFirst, every object goes first (as a job one can follow); without, a bucket that holds any is refused. */
export function deleteBucket(context: Context, args: DeleteBucketArgs): Promise<Payload<null>> {
  return attempt(context, async () => {
    if (args.emptyFirst === true) {
      const withVersions = await mustDeleteVersions(context, args);
      const emptied = await runDeletePrefix(context, { store: args.store, bucket: args.name, prefix: '', wait: true });
      // A deletion the job bounds refused never started: that, not the objects, is why.
      if (emptied.error?.code === 'RESOURCE_EXHAUSTED') throw new ResourceExhaustedError(emptied.error.message);
      if (!emptied.success) throw new BucketNotEmptyError(args.name);
      if (withVersions) await context.stores.get(args.store).deleteEveryVersion(args.name);
    }
    await context.stores.get(args.store).deleteBucket(args.name);
    return null;
  });
}
