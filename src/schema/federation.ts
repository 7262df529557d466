import {
  resolveBucketReference,
  resolveObjectReference,
  resolvePrefixReference,
  type BucketReference,
  type ObjectReference,
  type PrefixReference,
} from '../resolvers/entities.js';
import { BucketRef } from './bucket.js';
import { builder } from './builder.js';
import { S3ObjectRef } from './object.js';
import { PrefixRef } from './prefix.js';

// S3Object.bucket and Prefix.bucket are Bucket objects (the public API), so their keys select the bucket's name.
builder.asEntity(S3ObjectRef, {
  key: builder.selection<ObjectReference>('bucket { name } key'),
  resolveReference: (reference, context) => resolveObjectReference(context, reference),
});

builder.asEntity(BucketRef, {
  key: builder.selection<BucketReference>('name'),
  resolveReference: (reference, context) => resolveBucketReference(context, reference),
});

builder.asEntity(PrefixRef, {
  key: builder.selection<PrefixReference>('bucket { name } prefix'),
  resolveReference: (reference, context) => resolvePrefixReference(context, reference),
});
