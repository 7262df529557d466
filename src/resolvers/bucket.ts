import type { Context } from '../context.js';
import type { BucketModel } from './models.js';

export async function listBuckets(context: Context): Promise<BucketModel[]> {
  const buckets = await context.s3.listBuckets();
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
