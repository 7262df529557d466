import type { Repeater } from 'graphql-yoga';
import type { Context } from '../context.js';
import type { ObjectChange } from '../events.js';
import { assertBucketName, assertKeyPrefix } from '../s3/validation.js';

export interface ObjectChangedArgs {
  store?: string | null;
  bucket: string;
  prefix?: string | null;
}

/** Changes below the prefix, of the keys the caller may list or read: a change to any other key is not even announced. */
export function watchObjectChanges(context: Context, args: ObjectChangedArgs): Repeater<ObjectChange> {
  const { bucket } = args;
  const prefix = args.prefix ?? '';
  assertBucketName(bucket);
  assertKeyPrefix(prefix);
  const { access } = context.principal;
  const store = context.stores.named(args.store);
  return context.objectEvents.watch(
    bucket,
    ({ key }) =>
      key.startsWith(prefix) && (access.allows('list', bucket, key, store.name) || access.allows('read', bucket, key, store.name)),
    // The default store's changes travel on the channels of a gateway with one store.
    store.isDefault ? undefined : store.name,
  );
}
