import type { BucketModel } from '../resolvers/models.js';
import {
  bucketVersioning,
  listObjectVersions,
  objectVersions,
  restoreObjectVersion,
  runRestorePrefix,
  setBucketVersioning,
  versionObject,
} from '../resolvers/versions.js';
import type { ObjectVersionSummary } from '../s3/types.js';
import { may } from './auth.js';
import { BucketRef } from './bucket.js';
import { storeInputField } from './store-field.js';
import { builder } from './builder.js';
import { BatchPayloadRef } from './job.js';
import { mutationField, payloadType } from './mutation.js';
import { objectPayloadType, S3ObjectRef } from './object.js';
import { listingCost } from './page-args.js';

const BucketVersioningEnum = builder.enumType('BucketVersioning', {
  description: "A bucket's versioning. A store that keeps no versions (the embedded one) answers NOT_SUPPORTED instead.",
  values: {
    ENABLED: { description: 'Every write and delete keeps the previous version.' },
    SUSPENDED: { description: 'Versioning was on and is paused: versions kept so far remain; new writes replace the "null" version.' },
    NEVER_ENABLED: { description: 'Versioning was never turned on: a write replaces the object.' },
  } as const,
});

export const ObjectVersionRef = builder.objectRef<ObjectVersionSummary>('ObjectVersion').implement({
  description: 'One version of an object, or a delete marker (what a delete leaves in a versioned bucket).',
  fields: (t) => ({
    key: t.exposeString('key'),
    versionId: t.exposeString('versionId', { description: '"null" for what was written while versioning was off.' }),
    isLatest: t.exposeBoolean('isLatest'),
    isDeleteMarker: t.exposeBoolean('isDeleteMarker', {
      description: 'A delete marker: the object reads as deleted while it is the latest; deleting it brings the object back.',
    }),
    size: t.field({ type: 'SafeInt', nullable: true, description: 'null for a delete marker.', resolve: (version) => version.size }),
    eTag: t.exposeString('eTag', { nullable: true }),
    lastModified: t.field({ type: 'DateTime', nullable: true, resolve: (version) => version.lastModified }),
    object: t.field({
      type: S3ObjectRef,
      nullable: true,
      description: 'This version as an object: its document, downloadUrl and gatewayUrl read this version. null for a delete marker.',
      resolve: (version) => versionObject(version),
    }),
  }),
});

const ObjectVersionConnection = builder.connectionObject(
  { type: ObjectVersionRef, name: 'ObjectVersionConnection' },
  { name: 'ObjectVersionEdge' },
);

const versionPageArgs = builder.args((t) => ({
  first: t.int({ required: false, description: 'How many versions, 1 to 1000 (100 when omitted).' }),
  after: t.string({ required: false, description: 'Resume after this cursor, e.g. pageInfo.endCursor of the previous page.' }),
}));

builder.objectFields(BucketRef, (t) => ({
  versioning: t.field({
    type: BucketVersioningEnum,
    nullable: true,
    description: "The bucket's versioning (GetBucketVersioning).",
    complexity: 1,
    resolve: (bucket, _args, context) => bucketVersioning(context, bucket),
  }),
  objectVersions: t.field({
    type: ObjectVersionConnection,
    nullable: true,
    description: 'The versions and delete markers of the objects whose keys start with `prefix`: by key, the newest version first.',
    args: { prefix: t.arg.string({ defaultValue: '', required: false }), ...versionPageArgs },
    complexity: listingCost,
    authScopes: (bucket, args) =>
      may(['list', bucket.name, args.prefix ?? '', bucket.store], ['read', bucket.name, args.prefix ?? '', bucket.store]),
    resolve: (bucket, args, context) => listObjectVersions(context, bucket, args),
  }),
}));

builder.objectField(S3ObjectRef, 'versions', (t) =>
  t.field({
    type: ObjectVersionConnection,
    nullable: true,
    description: "This object's versions and delete markers, the newest first.",
    args: versionPageArgs,
    complexity: listingCost,
    authScopes: (object) => may(['read', object.bucket, object.key, object.store]),
    resolve: (object, args, context) => objectVersions(context, object, args),
  }),
);

const SetBucketVersioningInput = builder.inputType('SetBucketVersioningInput', {
  fields: (t) => ({
    ...storeInputField(t),
    bucket: t.string({ required: true }),
    enabled: t.boolean({ required: true, description: 'true: ENABLED; false: SUSPENDED (S3 cannot turn versioning off once on).' }),
  }),
});

mutationField('setBucketVersioning', {
  description: "Turn a bucket's versioning on, or suspend it. The versions kept so far remain either way.",
  input: SetBucketVersioningInput,
  payload: payloadType<BucketModel>('SetBucketVersioningPayload', {
    fields: (t) => ({ bucket: t.field({ type: BucketRef, nullable: true, resolve: (payload) => payload.result }) }),
  }),
  needs: (input) => [['manageBuckets', input.bucket, '']],
  resolve: setBucketVersioning,
});

const RestoreObjectVersionInput = builder.inputType('RestoreObjectVersionInput', {
  fields: (t) => ({
    ...storeInputField(t),
    bucket: t.string({ required: true }),
    key: t.string({ required: true }),
    versionId: t.string({ required: true }),
  }),
});

mutationField('restoreObjectVersion', {
  description:
    'Make an older version the latest again: a server-side copy of it onto its key (multipart above MULTIPART_COPY_THRESHOLD_BYTES), so the versions between stay.',
  input: RestoreObjectVersionInput,
  payload: objectPayloadType('RestoreObjectVersionPayload'),
  needs: (input) => [
    ['read', input.bucket, input.key],
    ['write', input.bucket, input.key],
  ],
  resolve: restoreObjectVersion,
});

const RestorePrefixInput = builder.inputType('RestorePrefixInput', {
  fields: (t) => ({
    ...storeInputField(t),
    bucket: t.string({ required: true }),
    prefix: t.string({ required: true, description: 'Every object whose key starts with this ("" is the whole bucket).' }),
    at: t.field({ type: 'DateTime', required: true, description: 'The moment to go back to; a moment in the future is INVALID_INPUT.' }),
    wait: t.boolean({ defaultValue: true, description: 'Answer when done; false answers at once with the job to follow.' }),
  }),
});

mutationField('restorePrefix', {
  description:
    'Put every object below a prefix back as it was at `at`: the version current then becomes the latest again, and what did not exist then is deleted (a delete marker, so nothing is lost). Safe to run twice, and to run again after an interruption.',
  input: RestorePrefixInput,
  payload: BatchPayloadRef,
  needs: (input) => [
    ['list', input.bucket, input.prefix],
    ['read', input.bucket, input.prefix],
    ['write', input.bucket, input.prefix],
    ['delete', input.bucket, input.prefix],
  ],
  resolve: runRestorePrefix,
});
