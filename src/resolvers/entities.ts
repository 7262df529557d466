import { describePermission, type Permission } from '../auth/policy.js';
import type { Context } from '../context.js';
import { PolicyDeniedError } from '../errors.js';
import { findBucket } from './bucket.js';
import type { BucketModel, ObjectModel, PrefixModel } from './models.js';
import { findObject } from './object.js';

/** How another subgraph names an object, a bucket or a prefix: the fields of their @key (`store` only in the key that names it). */
export interface BucketReference {
  name: string;
  store?: { name: string };
}
export interface ObjectReference {
  bucket: BucketReference;
  key: string;
}
export interface PrefixReference {
  bucket: BucketReference;
  prefix: string;
}

/**
 * An entity is refused as the field that would reach it is: with the same ACCESS_DENIED, before any S3 request.
 * The refusal is a rejected promise so that it nulls its own entity, not the whole _entities list.
 */
function allowed(context: Context, permission: Permission): Promise<void> {
  return context.principal.access.firstDenied([permission]) === undefined
    ? Promise.resolve()
    : Promise.reject(new PolicyDeniedError(describePermission(permission)));
}

/** One HeadObject per object, batched with every other reference of the request by the context's DataLoader. */
export async function resolveObjectReference(context: Context, { bucket, key }: ObjectReference): Promise<ObjectModel | null> {
  const store = bucket.store?.name;
  await allowed(context, { action: 'read', bucket: bucket.name, key, store });
  return findObject(context, { bucket: bucket.name, key, store });
}

export async function resolveBucketReference(context: Context, { name, store }: BucketReference): Promise<BucketModel | null> {
  if (!context.principal.access.touches(name, store?.name))
    throw new PolicyDeniedError(store === undefined ? `use bucket "${name}"` : `use bucket "${name}" of store "${store.name}"`);
  return findBucket(context, name, store?.name);
}

/** A prefix is a name, not something S3 stores: it resolves without a request, to the caller who may list below it. */
export async function resolvePrefixReference(context: Context, { bucket, prefix }: PrefixReference): Promise<PrefixModel> {
  const store = bucket.store?.name;
  await allowed(context, { action: 'list', bucket: bucket.name, key: prefix, store });
  return { store, bucket: bucket.name, prefix, delimiter: '/' };
}
