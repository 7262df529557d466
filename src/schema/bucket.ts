import { bucketCreationDate, bucketRegion, createBucket, deleteBucket, findBucket, listBuckets } from '../resolvers/bucket.js';
import { listEntries, listObjects, listPrefixes, type ListingScope } from '../resolvers/listing.js';
import type { BucketModel } from '../resolvers/models.js';
import { findObject } from '../resolvers/object.js';
import { may, selectedBelowBucket } from './auth.js';
import { builder } from './builder.js';
import { mutationField, payloadType } from './mutation.js';
import { S3ObjectConnection, S3ObjectRef, versionIdArg } from './object.js';
import { listingCost, pageArgs } from './page-args.js';
import { storeArgs, storeInputField } from './store-field.js';
import { EntryConnection, PrefixConnection } from './prefix.js';

export const BucketRef = builder.objectRef<BucketModel>('Bucket');

/** What a bucket-level listing lists: the folder `prefix`, split at `delimiter`. */
function folderOf(bucket: BucketModel, args: { prefix?: string | null; delimiter?: string | null }): ListingScope {
  return { store: bucket.store, bucket: bucket.name, prefix: args.prefix ?? '', delimiter: args.delimiter ?? undefined };
}

BucketRef.implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    creationDate: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the bucket was created, as ListBuckets reports it; null where the credentials may not list buckets.',
      complexity: 1,
      resolve: (bucket, _args, context) => bucketCreationDate(context, bucket),
    }),
    region: t.string({
      description: "The bucket's region (GetBucketLocation).",
      complexity: 1,
      resolve: (bucket, _args, context) => bucketRegion(context, bucket),
    }),
    prefixes: t.field({
      type: PrefixConnection,
      description: "List Prefix: the common prefixes ('folders') directly below `prefix`.",
      args: {
        prefix: t.arg.string({ defaultValue: '', required: false }),
        delimiter: t.arg.string({ defaultValue: '/', required: false }),
        ...pageArgs,
      },
      complexity: listingCost,
      authScopes: (bucket, args) => may(['list', bucket.name, args.prefix ?? '', bucket.store]),
      resolve: (bucket, args, context) => listPrefixes(context, folderOf(bucket, args), args),
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
      complexity: listingCost,
      authScopes: (bucket, args) => may(['list', bucket.name, args.prefix ?? '', bucket.store]),
      resolve: (bucket, args, context) => listObjects(context, folderOf(bucket, args), args),
    }),
    entries: t.field({
      type: EntryConnection,
      description:
        "A file browser's view: the folders (Prefix) and objects (S3Object) directly below `prefix`, in one connection, in S3 order.",
      args: {
        prefix: t.arg.string({ defaultValue: '', required: false }),
        delimiter: t.arg.string({ defaultValue: '/', required: false }),
        ...pageArgs,
      },
      complexity: listingCost,
      authScopes: (bucket, args) => may(['list', bucket.name, args.prefix ?? '', bucket.store]),
      resolve: (bucket, args, context) => listEntries(context, folderOf(bucket, args), args),
    }),
    object: t.field({
      type: S3ObjectRef,
      nullable: true,
      description: 'One object of this bucket (its version `versionId`, when given); null when the key does not exist.',
      args: {
        key: t.arg.string({ required: true }),
        versionId: versionIdArg(t),
      },
      complexity: 1,
      authScopes: (bucket, { key }) => may(['read', bucket.name, key, bucket.store]),
      resolve: (bucket, { key, versionId }, context) =>
        findObject(context, { store: bucket.store, bucket: bucket.name, key, versionId: versionId ?? undefined }),
    }),
  }),
});

builder.queryFields((t) => ({
  buckets: t.field({
    type: [BucketRef],
    description: "List Bucket: every bucket the gateway's credentials can see, and of these those the caller may list.",
    // Whatever is asked of each bucket is asked of every one of them.
    complexity: { field: 1, multiplier: 100 },
    args: storeArgs,
    resolve: (_root, { store }, context) => listBuckets(context, store),
  }),
  bucket: t.field({
    type: BucketRef,
    nullable: true,
    description: 'One bucket; null when no bucket has that name.',
    args: { name: t.arg.string({ required: true }), ...storeArgs },
    complexity: 1,
    // Checked with what is selected below it, so that a refused listing does not even cost the bucket's HeadBucket.
    authScopes: (_root, { name, store }, _context, info) => ({
      $all: { useBucket: { name, store }, ...may(...selectedBelowBucket(info, name, store)) },
    }),
    resolve: (_root, { name, store }, context) => findBucket(context, name, store),
  }),
}));

const CreateBucketInput = builder.inputType('CreateBucketInput', {
  fields: (t) => ({
    ...storeInputField(t),
    name: t.string({ required: true }),
    region: t.string({ description: 'Where to create it; the gateway default region (AWS_REGION) when omitted.' }),
    objectLock: t.boolean({
      defaultValue: false,
      description:
        'Create it with object lock (retention, legal holds), which also enables versioning; NOT_SUPPORTED where the store has none.',
    }),
  }),
});

const DeleteBucketInput = builder.inputType('DeleteBucketInput', {
  fields: (t) => ({
    ...storeInputField(t),
    name: t.string({ required: true }),
    emptyFirst: t.boolean({
      defaultValue: false,
      description: 'Delete every object first; otherwise a bucket with objects is refused (BUCKET_NOT_EMPTY).',
    }),
  }),
});

const BucketPayloadRef = payloadType<BucketModel>('BucketPayload', {
  fields: (t) => ({ bucket: t.field({ type: BucketRef, nullable: true, resolve: (payload) => payload.result }) }),
});

mutationField('createBucket', {
  description:
    'Create a bucket. Creating one the credentials already own succeeds; a name taken by another account is BUCKET_ALREADY_EXISTS.',
  input: CreateBucketInput,
  payload: BucketPayloadRef,
  needs: (input) => [['manageBuckets', input.name, '']],
  resolve: createBucket,
});

mutationField('deleteBucket', {
  description: 'Delete a bucket: refused with BUCKET_NOT_EMPTY while it holds objects, unless emptyFirst is true.',
  input: DeleteBucketInput,
  payload: BucketPayloadRef,
  needs: (input) => [
    ['manageBuckets', input.name, ''],
    ...(input.emptyFirst === true
      ? ([
          ['list', input.name, ''],
          ['delete', input.name, ''],
        ] as const)
      : []),
  ],
  resolve: deleteBucket,
});
