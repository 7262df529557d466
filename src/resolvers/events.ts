import type { Repeater } from 'graphql-yoga';
import type { Context } from '../context.js';
import type { ObjectChange } from '../events.js';
import { assertBucketName, assertKeyPrefix } from '../s3/validation.js';

export interface ObjectChangedArgs {
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
  return context.objectEvents.watch(
    bucket,
    ({ key }) => key.startsWith(prefix) && (access.allows('list', bucket, key) || access.allows('read', bucket, key)),
  );
}
