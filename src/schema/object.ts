import { runDeleteObjects } from '../resolvers/bulk.js';
import type { ObjectModel } from '../resolvers/models.js';
import { copyObject, deleteObject, moveObject, putObject, type Payload } from '../resolvers/object-mutations.js';
import { presignPost, presignUpload, type PresignedUpload } from '../resolvers/presign.js';
import { downloadUrl, gatewayUrl, findObject, objectField, objectMetadata } from '../resolvers/object.js';
import { BucketRef } from './bucket.js';
import { may, refusedPayload } from './auth.js';
import { builder } from './builder.js';
import { DocumentRef } from './document.js';
import { BatchPayloadRef } from './job.js';
import { OperationErrorRef } from './errors.js';

export const DEFAULT_PRESIGN_EXPIRES_SECONDS = 900;

const MetadataEntryRef = builder.objectRef<{ key: string; value: string }>('MetadataEntry').implement({
  fields: (t) => ({ key: t.exposeString('key'), value: t.exposeString('value') }),
});

export const S3ObjectRef = builder.objectRef<ObjectModel>('S3Object');

S3ObjectRef.implement({
  description: 'An object in a bucket. Fields a listing does not carry (contentType, metadata) cost one HeadObject per object.',
  fields: (t) => ({
    bucket: t.field({ type: BucketRef, resolve: (object) => ({ name: object.bucket }) }),
    key: t.exposeString('key'),
    size: t.field({ type: 'SafeInt', resolve: (object, _args, context) => objectField(context, object, 'size') }),
    eTag: t.string({ nullable: true, resolve: (object, _args, context) => objectField(context, object, 'eTag') }),
    lastModified: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (object, _args, context) => objectField(context, object, 'lastModified'),
    }),
    storageClass: t.string({ nullable: true, resolve: (object, _args, context) => objectField(context, object, 'storageClass') }),
    contentType: t.string({
      nullable: true,
      complexity: 1,
      authScopes: (object) => may(['read', object.bucket, object.key]),
      resolve: (object, _args, context) => objectField(context, object, 'contentType'),
    }),
    metadata: t.field({
      type: [MetadataEntryRef],
      nullable: true,
      description: 'User-defined metadata (x-amz-meta-*), keys in lower case.',
      complexity: 1,
      authScopes: (object) => may(['read', object.bucket, object.key]),
      resolve: (object, _args, context) => objectMetadata(context, object),
    }),
    document: t.field({
      type: DocumentRef,
      description: 'The content of this object.',
      authScopes: (object) => may(['read', object.bucket, object.key]),
      resolve: (object) => object,
    }),
    gatewayUrl: t.string({
      description:
        "The content through the gateway's own route (GET, with Range and conditional requests), for clients that cannot reach S3.",
      authScopes: (object) => may(['read', object.bucket, object.key]),
      resolve: (object, _args, context) => gatewayUrl(context, object),
    }),
    downloadUrl: t.string({
      description: 'A presigned GET URL, valid for `expiresIn` seconds.',
      // Signing makes no S3 request but takes CPU time (about a millisecond): it counts as one.
      complexity: 1,
      args: { expiresIn: t.arg.int({ defaultValue: DEFAULT_PRESIGN_EXPIRES_SECONDS, required: false }) },
      authScopes: (object) => may(['read', object.bucket, object.key]),
      resolve: (object, { expiresIn }, context) => downloadUrl(context, object, expiresIn ?? DEFAULT_PRESIGN_EXPIRES_SECONDS),
    }),
  }),
});

export const S3ObjectConnection = builder.connectionObject({ type: S3ObjectRef, name: 'S3ObjectConnection' }, { name: 'S3ObjectEdge' });

builder.queryField('object', (t) =>
  t.field({
    type: S3ObjectRef,
    nullable: true,
    description: "One object's metadata; null when the key does not exist. A missing bucket is an error (NO_SUCH_BUCKET).",
    complexity: 1,
    args: { bucket: t.arg.string({ required: true }), key: t.arg.string({ required: true }) },
    authScopes: (_root, { bucket, key }) => may(['read', bucket, key]),
    resolve: (_root, location, context) => findObject(context, location),
  }),
);

const MetadataEntryInput = builder.inputType('MetadataEntryInput', {
  fields: (t) => ({ key: t.string({ required: true }), value: t.string({ required: true }) }),
});

const PutObjectInput = builder.inputType('PutObjectInput', {
  fields: (t) => ({
    bucket: t.string({ required: true }),
    key: t.string({ required: true }),
    file: t.field({ type: 'Upload', description: 'A file part of a GraphQL multipart request; streamed to S3.' }),
    text: t.string({ description: 'The content as text, stored as UTF-8 (content type text/plain; charset=utf-8 unless given).' }),
    base64: t.string({ description: 'The content as base64.' }),
    contentType: t.string({ description: "Defaults to the file's type, text/plain for text, application/octet-stream for base64." }),
    metadata: t.field({ type: [MetadataEntryInput], description: 'User-defined metadata; keys are stored in lower case.' }),
    size: t.field({
      type: 'SafeInt',
      description: 'The size of `file` in bytes, when known: sizes the upload parts, refuses an oversized file at once, and must match.',
    }),
  }),
});

const DeleteObjectInput = builder.inputType('DeleteObjectInput', {
  fields: (t) => ({ bucket: t.string({ required: true }), key: t.string({ required: true }) }),
});

const transferFields = (verb: string) =>
  builder.inputType(`${verb}ObjectInput`, {
    fields: (t) => ({
      bucket: t.string({ required: true }),
      key: t.string({ required: true }),
      destinationBucket: t.string({ description: 'Defaults to bucket.' }),
      destinationKey: t.string({ description: 'Defaults to key.' }),
    }),
  });
const CopyObjectInput = transferFields('Copy');
const MoveObjectInput = transferFields('Move');

const payloadType = (name: string, withObject: boolean) =>
  builder.objectRef<Payload>(name).implement({
    fields: (t) => ({
      success: t.exposeBoolean('success'),
      error: t.field({ type: OperationErrorRef, nullable: true, resolve: (payload) => payload.error }),
      ...(withObject ? { object: t.field({ type: S3ObjectRef, nullable: true, resolve: (payload) => payload.object ?? null }) } : {}),
    }),
  });

const DeleteObjectsInput = builder.inputType('DeleteObjectsInput', {
  fields: (t) => ({
    bucket: t.string({ required: true }),
    keys: t.stringList({ required: true, description: 'Up to 10,000 keys; S3 is asked 1000 at a time.' }),
    wait: t.boolean({ defaultValue: true, description: 'Answer when done; false answers at once with the job to follow.' }),
  }),
});

const PresignUploadInput = builder.inputType('PresignUploadInput', {
  fields: (t) => ({
    bucket: t.string({ required: true }),
    key: t.string({ required: true }),
    contentType: t.string({ required: true, description: 'Signed into the URL: the PUT must send exactly this Content-Type.' }),
    expiresIn: t.int({ defaultValue: DEFAULT_PRESIGN_EXPIRES_SECONDS, description: 'Seconds, at most PRESIGN_MAX_EXPIRES_SECONDS.' }),
  }),
});

const PresignPostInput = builder.inputType('PresignPostInput', {
  fields: (t) => ({
    bucket: t.string({ required: true }),
    key: t.string({ required: true }),
    contentType: t.string({ description: 'When given, the form must upload exactly this Content-Type.' }),
    maxBytes: t.field({ type: 'SafeInt', description: 'Largest upload the policy allows; MAX_UPLOAD_BYTES when omitted.' }),
    expiresIn: t.int({ defaultValue: DEFAULT_PRESIGN_EXPIRES_SECONDS, description: 'Seconds, at most PRESIGN_MAX_EXPIRES_SECONDS.' }),
  }),
});

const presignedPayload = (name: string, fieldsDescription: string) =>
  builder.objectRef<PresignedUpload>(name).implement({
    fields: (t) => ({
      success: t.exposeBoolean('success'),
      error: t.field({ type: OperationErrorRef, nullable: true, resolve: (payload) => payload.error }),
      url: t.exposeString('url', { nullable: true }),
      fields: t.field({ type: [MetadataEntryRef], description: fieldsDescription, resolve: (payload) => payload.fields }),
      expiresAt: t.field({ type: 'DateTime', nullable: true, resolve: (payload) => payload.expiresAt }),
    }),
  });

builder.mutationFields((t) => ({
  presignUpload: t.field({
    type: presignedPayload('PresignedUploadPayload', 'Headers the PUT must send (Content-Type).'),
    description: 'A presigned PUT URL, for a browser to upload one object straight to S3.',
    args: { input: t.arg({ type: PresignUploadInput, required: true }) },
    complexity: 1,
    authScopes: (_root, { input }) => may(['write', input.bucket, input.key]),
    unauthorizedResolver: (_root, _args, _context, _info, error) => refusedPayload(error),
    resolve: (_root, { input }, context) => presignUpload(context, input, DEFAULT_PRESIGN_EXPIRES_SECONDS),
  }),
  presignPost: t.field({
    type: presignedPayload('PresignedPostPayload', 'Form fields to send before the file field, as given.'),
    description: 'A presigned POST form (multipart/form-data to url), whose policy bounds the size (content-length-range).',
    args: { input: t.arg({ type: PresignPostInput, required: true }) },
    complexity: 1,
    authScopes: (_root, { input }) => may(['write', input.bucket, input.key]),
    unauthorizedResolver: (_root, _args, _context, _info, error) => refusedPayload(error),
    resolve: (_root, { input }, context) => presignPost(context, input, DEFAULT_PRESIGN_EXPIRES_SECONDS),
  }),
  deleteObjects: t.field({
    type: BatchPayloadRef,
    description: 'Delete many objects. Keys that do not exist count as deleted, as in S3; each key that fails is listed with why.',
    args: { input: t.arg({ type: DeleteObjectsInput, required: true }) },
    complexity: 1,
    authScopes: (_root, { input }) => may(...input.keys.map((key) => ['delete', input.bucket, key] as const)),
    unauthorizedResolver: (_root, _args, _context, _info, error) => refusedPayload(error),
    resolve: (_root, { input }, context) => runDeleteObjects(context, input),
  }),
  putObject: t.field({
    complexity: 1,
    type: payloadType('PutObjectPayload', true),
    description: 'Put Object: create or replace one object from exactly one of file, text or base64.',
    args: { input: t.arg({ type: PutObjectInput, required: true }) },
    authScopes: (_root, { input }) => may(['write', input.bucket, input.key]),
    unauthorizedResolver: (_root, _args, _context, _info, error) => refusedPayload(error),
    resolve: (_root, { input }, context) => putObject(context, input),
  }),
  deleteObject: t.field({
    complexity: 1,
    type: payloadType('DeleteObjectPayload', false),
    description: 'Delete Object. Deleting a key that does not exist succeeds, as in S3.',
    args: { input: t.arg({ type: DeleteObjectInput, required: true }) },
    authScopes: (_root, { input }) => may(['delete', input.bucket, input.key]),
    unauthorizedResolver: (_root, _args, _context, _info, error) => refusedPayload(error),
    resolve: (_root, { input }, context) => deleteObject(context, input),
  }),
  copyObject: t.field({
    complexity: 1,
    type: payloadType('CopyObjectPayload', true),
    description: 'Copy Object, server-side. destinationBucket defaults to bucket, destinationKey to key; at least one must differ.',
    args: { input: t.arg({ type: CopyObjectInput, required: true }) },
    authScopes: (_root, { input }) =>
      may(['read', input.bucket, input.key], ['write', input.destinationBucket ?? input.bucket, input.destinationKey ?? input.key]),
    unauthorizedResolver: (_root, _args, _context, _info, error) => refusedPayload(error),
    resolve: (_root, { input }, context) => copyObject(context, input),
  }),
  moveObject: t.field({
    complexity: 1,
    type: payloadType('MoveObjectPayload', true),
    description: 'Move Object: copy, then delete the source only once the copy is confirmed.',
    args: { input: t.arg({ type: MoveObjectInput, required: true }) },
    authScopes: (_root, { input }) =>
      may(
        ['read', input.bucket, input.key],
        ['delete', input.bucket, input.key],
        ['write', input.destinationBucket ?? input.bucket, input.destinationKey ?? input.key],
      ),
    unauthorizedResolver: (_root, _args, _context, _info, error) => refusedPayload(error),
    resolve: (_root, { input }, context) => moveObject(context, input),
  }),
}));
