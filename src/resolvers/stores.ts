import type { Context } from '../context.js';
import type { NamedStore } from '../s3/stores.js';
import type { BucketModel } from './models.js';

/** A store as the graph shows it: its name and whether it is the default one; the rest is asked of it on demand. */
export interface StoreModel {
  name: string;
  isDefault: boolean;
}

const modelOf = ({ name, isDefault }: NamedStore): StoreModel => ({ name, isDefault });

/** Every store; a caller sees them all (their names are configuration, not data), and what each holds as its policy allows. */
export function listStores(context: Context): StoreModel[] {
  return context.stores.all.map(modelOf);
}

/** The store a bucket is in. */
export function storeOfBucket(context: Context, bucket: BucketModel): StoreModel {
  return modelOf(context.stores.named(bucket.store));
}

// A store that has not answered by then counts as unreachable.
const REACHABLE_TIMEOUT_MS = 2000;

/** Whether the store answers and accepts the gateway's credentials now (one ListBuckets of one bucket, shared with /ready for a second). */
export async function storeReachable(context: Context, store: StoreModel): Promise<boolean> {
  return (await context.stores.check(context.stores.named(store.name), REACHABLE_TIMEOUT_MS)) === undefined;
}
