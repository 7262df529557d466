import type { Context } from '../context.js';
import { BucketNotEmptyError, ResourceExhaustedError } from '../errors.js';
import { runDeletePrefix } from './bulk.js';
import { attempt, type Payload } from './payload.js';
import type { BucketModel } from './models.js';

export async function listBuckets(context: Context): Promise<BucketModel[]> {
  const { access } = context.principal;
  if (!access.listsAnywhere()) return [];
  const buckets = (await context.s3.listBuckets()).filter(({ name }) => access.listsIn(name));
  return buckets.map(({ name, creationDate }) => ({ name, creationDate: creationDate ?? null }));
}

export async function findBucket(context: Context, name: string): Promise<BucketModel | null> {
  return (await context.s3.bucketExists(name)) ? { name } : null;
}

/** Only ListBuckets knows creation dates; a caller without that permission gets null rather than an error. */
export async function bucketCreationDate(context: Context, bucket: BucketModel): Promise<Date | null> {
  if (bucket.creationDate !== undefined) return bucket.creationDate;
  try {
    const listed = await context.bucketList();
    return listed.find(({ name }) => name === bucket.name)?.creationDate ?? null;
  } catch (error) {
    context.logger.debug('creationDate unavailable: ListBuckets failed', error);
    return null;
  }
}

export function bucketRegion(context: Context, bucket: BucketModel): Promise<string> {
  return context.s3.bucketRegion(bucket.name);
}

export interface CreateBucketArgs {
  name: string;
  region?: string | null;
  objectLock?: boolean | null;
}

export function createBucket(context: Context, args: CreateBucketArgs): Promise<Payload<BucketModel>> {
  return attempt(context, async () => {
    await context.s3.createBucket(args.name, args.region ?? undefined, args.objectLock ?? false);
    return { name: args.name };
  });
}

export interface DeleteBucketArgs {
  name: string;
  emptyFirst?: boolean | null;
}

/** With emptyFirst, every object goes first (as a job one can follow); without, a bucket that holds any is refused. */
export function deleteBucket(context: Context, args: DeleteBucketArgs): Promise<Payload<null>> {
  return attempt(context, async () => {
    if (args.emptyFirst === true) {
      const emptied = await runDeletePrefix(context, { bucket: args.name, prefix: '', wait: true });
      // A deletion the job bounds refused never started: that, not the objects, is why.
      if (emptied.error?.code === 'RESOURCE_EXHAUSTED') throw new ResourceExhaustedError(emptied.error.message);
      if (!emptied.success) throw new BucketNotEmptyError(args.name);
    }
    await context.s3.deleteBucket(args.name);
    return null;
  });
}
