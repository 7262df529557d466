import { bucketCreationDate, findBucket, listBuckets } from '../resolvers/bucket.js';
import { listObjects, listPrefixes } from '../resolvers/listing.js';
import type { BucketModel } from '../resolvers/models.js';
import { findObject } from '../resolvers/object.js';
import { builder } from './builder.js';
import { pageArgs } from './page-args.js';
import { S3ObjectConnection, S3ObjectRef } from './object.js';
import { PrefixConnection } from './prefix.js';

export const BucketRef = builder.objectRef<BucketModel>('Bucket');

BucketRef.implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    creationDate: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the bucket was created, as ListBuckets reports it; null where the credentials may not list buckets.',
      resolve: (bucket, _args, context) => bucketCreationDate(context, bucket),
    }),
    prefixes: t.field({
      type: PrefixConnection,
      description: "List Prefix: the common prefixes ('folders') directly below `prefix`.",
      args: {
        prefix: t.arg.string({ defaultValue: '', required: false }),
        delimiter: t.arg.string({ defaultValue: '/', required: false }),
        ...pageArgs,
      },
      resolve: (bucket, args, context) =>
        listPrefixes(context, { bucket: bucket.name, prefix: args.prefix ?? '', delimiter: args.delimiter ?? undefined }, args),
    }),
    objects: t.field({
      type: S3ObjectConnection,
      description:
        'List Object: objects whose keys start with `prefix`; with a `delimiter`, only those directly below it. Keys in S3 order.',
      args: {
        prefix: t.arg.string({ defaultValue: '', required: false }),
        delimiter: t.arg.string({ required: false }),
        ...pageArgs,
      },
      resolve: (bucket, args, context) =>
        listObjects(context, { bucket: bucket.name, prefix: args.prefix ?? '', delimiter: args.delimiter ?? undefined }, args),
    }),
    object: t.field({
      type: S3ObjectRef,
      nullable: true,
      description: 'One object of this bucket; null when the key does not exist.',
      args: { key: t.arg.string({ required: true }) },
      resolve: (bucket, { key }, context) => findObject(context, { bucket: bucket.name, key }),
    }),
  }),
});

builder.queryFields((t) => ({
  buckets: t.field({
    type: [BucketRef],
    description: "List Bucket: every bucket the gateway's credentials can see.",
    resolve: (_root, _args, context) => listBuckets(context),
  }),
  bucket: t.field({
    type: BucketRef,
    nullable: true,
    description: 'One bucket; null when no bucket has that name.',
    args: { name: t.arg.string({ required: true }) },
    resolve: (_root, { name }, context) => findBucket(context, name),
  }),
}));
