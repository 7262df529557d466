import type { ArgBuilder } from '@pothos/core';
import { runDeleteObjects } from '../resolvers/bulk.js';
import type { ObjectModel } from '../resolvers/models.js';
import { copyObject, deleteObject, moveObject, putObject } from '../resolvers/object-mutations.js';
import { presignPost, presignUpload, type PresignedUpload } from '../resolvers/presign.js';
import { downloadUrl, gatewayUrl, findObject, objectDocument, objectField, objectMetadata } from '../resolvers/object.js';
import { BucketRef } from './bucket.js';
import { may } from './auth.js';
import { builder, type GatewayTypes } from './builder.js';
import { DocumentRef } from './document.js';
import { BatchPayloadRef } from './job.js';
import { mutationField, payloadType } from './mutation.js';
import { destinationStoreInputField, storeArgs, storeInputField } from './store-field.js';
import { ObjectTagInput } from './tag.js';

export const DEFAULT_PRESIGN_EXPIRES_SECONDS = 900;

export const ServerSideEncryptionEnum = builder.enumType('ServerSideEncryption', {
  description: 'Server-side encryption: SSE-S3 (keys managed by the store) or SSE-KMS (a KMS key, sseKmsKeyId or the default one).',
  values: { AES256: { value: 'AES256' }, AWS_KMS: { value: 'aws:kms' } } as const,
});

/** The optional headers of a write, the same on putObject and createMultipartUpload. */
export function writeOptionFields(t: PothosSchemaTypes.InputFieldBuilder<GatewayTypes, 'InputObject'>) {
  return {
    cacheControl: t.string({ description: 'Cache-Control sent with the object on every download, e.g. max-age=3600.' }),
    contentDisposition: t.string({
      description:
        'Content-Disposition sent on download, e.g. attachment; filename="report.pdf" (the name a browser saves). Printable ASCII: non-ASCII names as filename*=UTF-8\'\'...',
    }),
    storageClass: t.string({ description: "The store's storage class, e.g. STANDARD_IA; the bucket's default when omitted." }),
    serverSideEncryption: t.field({ type: ServerSideEncryptionEnum, description: "The bucket's default encryption when omitted." }),
    sseKmsKeyId: t.string({ description: 'The KMS key (id or ARN) for AWS_KMS; the account default key when omitted.' }),
    tags: t.field({ type: [ObjectTagInput], description: "The object's tags (at most 10, unique keys); none when omitted." }),
  };
}

const MetadataEntryRef = builder.objectRef<{ key: string; value: string }>('MetadataEntry').implement({
  fields: (t) => ({ key: t.exposeString('key'), value: t.exposeString('value') }),
});

export const S3ObjectRef = builder.objectRef<ObjectModel>('S3Object');

S3ObjectRef.implement({
  description: 'An object in a bucket. Fields a listing does not carry (contentType, metadata) cost one HeadObject per object.',
  fields: (t) => ({
    bucket: t.field({ type: BucketRef, resolve: (object) => ({ name: object.bucket, store: object.store }) }),
    key: t.exposeString('key'),
    size: t.field({ type: 'SafeInt', resolve: (object, _args, context) => objectField(context, object, 'size') }),
    eTag: t.string({ nullable: true, resolve: (object, _args, context) => objectField(context, object, 'eTag') }),
    lastModified: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (object, _args, context) => objectField(context, object, 'lastModified'),
    }),
    storageClass: t.string({ nullable: true, resolve: (object, _args, context) => objectField(context, object, 'storageClass') }),
    cacheControl: t.string({
      nullable: true,
      complexity: 1,
      authScopes: (object) => may(['read', object.bucket, object.key, object.store]),
      resolve: (object, _args, context) => objectField(context, object, 'cacheControl'),
    }),
    contentDisposition: t.string({
      nullable: true,
      complexity: 1,
      authScopes: (object) => may(['read', object.bucket, object.key, object.store]),
      resolve: (object, _args, context) => objectField(context, object, 'contentDisposition'),
    }),
    serverSideEncryption: t.field({
      type: ServerSideEncryptionEnum,
      nullable: true,
      description: 'How the store encrypts the object at rest; null when it does not say (or uses another kind).',
      complexity: 1,
      authScopes: (object) => may(['read', object.bucket, object.key, object.store]),
      resolve: (object, _args, context) => objectField(context, object, 'serverSideEncryption'),
    }),
    sseKmsKeyId: t.string({
      nullable: true,
      description: 'The KMS key of an AWS_KMS object.',
      complexity: 1,
      authScopes: (object) => may(['read', object.bucket, object.key, object.store]),
      resolve: (object, _args, context) => objectField(context, object, 'sseKmsKeyId'),
    }),
    contentType: t.string({
      nullable: true,
      complexity: 1,
      authScopes: (object) => may(['read', object.bucket, object.key, object.store]),
      resolve: (object, _args, context) => objectField(context, object, 'contentType'),
    }),
    metadata: t.field({
      type: [MetadataEntryRef],
      nullable: true,
      description: 'User-defined metadata (x-amz-meta-*), keys in lower case.',
      complexity: 1,
      authScopes: (object) => may(['read', object.bucket, object.key, object.store]),
      resolve: (object, _args, context) => objectMetadata(context, object),
    }),
    document: t.field({
      type: DocumentRef,
      description: 'The content of this object, or of the version `versionId` of it.',
      args: { versionId: versionIdArg(t) },
      authScopes: (object) => may(['read', object.bucket, object.key, object.store]),
      resolve: (object, { versionId }) => objectDocument(object, versionId ?? undefined),
    }),
    ...contentUrlFields(t),
  }),
});

/** The versionId argument of the fields that read content: an older version of the object (see Bucket.objectVersions). */
export const versionIdArg = (t: { arg: ArgBuilder<GatewayTypes> }) =>
  t.arg.string({ required: false, description: 'One version of the object (ObjectVersion.versionId); its latest when omitted.' });

/** The URLs that reach an object's content, on S3Object and on Document alike. */
export function contentUrlFields(t: PothosSchemaTypes.ObjectFieldBuilder<GatewayTypes, ObjectModel>) {
  return {
    gatewayUrl: t.string({
      description:
        "The content through the gateway's own route (GET, with Range and conditional requests), for clients that cannot reach S3.",
      args: { versionId: versionIdArg(t) },
      authScopes: (object) => may(['read', object.bucket, object.key, object.store]),
      resolve: (object, { versionId }, context) => gatewayUrl(context, object, versionId ?? undefined),
    }),
    downloadUrl: t.string({
      description: 'A presigned GET URL, valid for `expiresIn` seconds.',
      // Signing makes no S3 request but takes CPU time (about a millisecond): it counts as one.
      complexity: 1,
      args: { expiresIn: t.arg.int({ defaultValue: DEFAULT_PRESIGN_EXPIRES_SECONDS, required: false }), versionId: versionIdArg(t) },
      authScopes: (object) => may(['read', object.bucket, object.key, object.store]),
      resolve: (object, { expiresIn, versionId }, context) =>
        downloadUrl(context, object, expiresIn ?? DEFAULT_PRESIGN_EXPIRES_SECONDS, versionId ?? undefined),
    }),
  };
}

export const S3ObjectConnection = builder.connectionObject({ type: S3ObjectRef, name: 'S3ObjectConnection' }, { name: 'S3ObjectEdge' });

builder.queryField('object', (t) =>
  t.field({
    type: S3ObjectRef,
    nullable: true,
    description:
      "One object's metadata (of its version `versionId`, when given); null when the key does not exist. A missing bucket is an error (NO_SUCH_BUCKET), an unknown version too (NO_SUCH_VERSION).",
    complexity: 1,
    args: { bucket: t.arg.string({ required: true }), key: t.arg.string({ required: true }), versionId: versionIdArg(t), ...storeArgs },
    authScopes: (_root, { bucket, key, store }) => may(['read', bucket, key, store]),
    resolve: (_root, { bucket, key, versionId, store }, context) =>
      findObject(context, { bucket, key, versionId: versionId ?? undefined, store: store ?? undefined }),
  }),
);

export const MetadataEntryInput = builder.inputType('MetadataEntryInput', {
  fields: (t) => ({ key: t.string({ required: true }), value: t.string({ required: true }) }),
});

const PutObjectInput = builder.inputType('PutObjectInput', {
  fields: (t) => ({
    ...storeInputField(t),
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
    overwrite: t.boolean({
      defaultValue: true,
      description:
        'false: refuse with PRECONDITION_FAILED when the key exists (If-None-Match: *, atomic on stores with conditional writes; see the API guide).',
    }),
    ...writeOptionFields(t),
  }),
});

const DeleteObjectInput = builder.inputType('DeleteObjectInput', {
  fields: (t) => ({
    ...storeInputField(t),
    bucket: t.string({ required: true }),
    key: t.string({ required: true }),
    versionId: t.string({
      description:
        'Delete this version (or delete marker) for good, which needs the deleteVersion action; removing the latest delete marker brings the object back.',
    }),
  }),
});

const transferFields = (verb: string) =>
  builder.inputType(`${verb}ObjectInput`, {
    fields: (t) => ({
      ...storeInputField(t),
      ...destinationStoreInputField(t),
      bucket: t.string({ required: true }),
      key: t.string({ required: true }),
      destinationBucket: t.string({ description: 'Defaults to bucket.' }),
      destinationKey: t.string({ description: 'Defaults to key.' }),
    }),
  });
const CopyObjectInput = transferFields('Copy');
const MoveObjectInput = transferFields('Move');

/** The payload of a mutation that makes one object: the object, as far as the mutation knows it. */
export const objectPayloadType = (name: string) =>
  payloadType<ObjectModel>(name, {
    fields: (t) => ({ object: t.field({ type: S3ObjectRef, nullable: true, resolve: (payload) => payload.result }) }),
  });

const DeleteObjectsInput = builder.inputType('DeleteObjectsInput', {
  fields: (t) => ({
    ...storeInputField(t),
    bucket: t.string({ required: true }),
    keys: t.stringList({ required: true, description: 'Up to 10,000 keys; S3 is asked 1000 at a time.' }),
    wait: t.boolean({ defaultValue: true, description: 'Answer when done; false answers at once with the job to follow.' }),
  }),
});

const PresignUploadInput = builder.inputType('PresignUploadInput', {
  fields: (t) => ({
    ...storeInputField(t),
    bucket: t.string({ required: true }),
    key: t.string({ required: true }),
    contentType: t.string({ required: true, description: 'Signed into the URL: the PUT must send exactly this Content-Type.' }),
    expiresIn: t.int({ defaultValue: DEFAULT_PRESIGN_EXPIRES_SECONDS, description: 'Seconds, at most PRESIGN_MAX_EXPIRES_SECONDS.' }),
  }),
});

const PresignPostInput = builder.inputType('PresignPostInput', {
  fields: (t) => ({
    ...storeInputField(t),
    bucket: t.string({ required: true }),
    key: t.string({ required: true }),
    contentType: t.string({ description: 'When given, the form must upload exactly this Content-Type.' }),
    maxBytes: t.field({ type: 'SafeInt', description: 'Largest upload the policy allows; MAX_UPLOAD_BYTES when omitted.' }),
    expiresIn: t.int({ defaultValue: DEFAULT_PRESIGN_EXPIRES_SECONDS, description: 'Seconds, at most PRESIGN_MAX_EXPIRES_SECONDS.' }),
  }),
});

const presignedPayloadType = (name: string, fieldsDescription: string) =>
  payloadType<PresignedUpload>(name, {
    fields: (t) => ({
      url: t.string({ nullable: true, resolve: (payload) => payload.result?.url ?? null }),
      fields: t.field({ type: [MetadataEntryRef], description: fieldsDescription, resolve: (payload) => payload.result?.fields ?? [] }),
      expiresAt: t.field({ type: 'DateTime', nullable: true, resolve: (payload) => payload.result?.expiresAt ?? null }),
    }),
  });

mutationField('presignUpload', {
  description: 'A presigned PUT URL, for a browser to upload one object straight to S3.',
  input: PresignUploadInput,
  payload: presignedPayloadType('PresignedUploadPayload', 'Headers the PUT must send (Content-Type).'),
  needs: (input) => [['write', input.bucket, input.key]],
  resolve: (context, input) => presignUpload(context, input, DEFAULT_PRESIGN_EXPIRES_SECONDS),
});

mutationField('presignPost', {
  description: 'A presigned POST form (multipart/form-data to url), whose policy bounds the size (content-length-range).',
  input: PresignPostInput,
  payload: presignedPayloadType('PresignedPostPayload', 'Form fields to send before the file field, as given.'),
  needs: (input) => [['write', input.bucket, input.key]],
  resolve: (context, input) => presignPost(context, input, DEFAULT_PRESIGN_EXPIRES_SECONDS),
});

mutationField('deleteObjects', {
  description: 'Delete many objects. Keys that do not exist count as deleted, as in S3; each key that fails is listed with why.',
  input: DeleteObjectsInput,
  payload: BatchPayloadRef,
  needs: (input) => input.keys.map((key) => ['delete', input.bucket, key] as const),
  resolve: runDeleteObjects,
});

mutationField('putObject', {
  description: 'Put Object: create or replace one object from exactly one of file, text or base64.',
  input: PutObjectInput,
  payload: objectPayloadType('PutObjectPayload'),
  needs: (input) => [['write', input.bucket, input.key]],
  resolve: putObject,
});

mutationField('deleteObject', {
  description:
    'Delete Object. Deleting a key that does not exist succeeds, as in S3; in a versioned bucket it leaves a delete marker, unless versionId is given.',
  input: DeleteObjectInput,
  payload: payloadType<null>('DeleteObjectPayload'),
  needs: (input) => [[input.versionId === null || input.versionId === undefined ? 'delete' : 'deleteVersion', input.bucket, input.key]],
  resolve: deleteObject,
});

mutationField('copyObject', {
  description: 'Copy Object, server-side. destinationBucket defaults to bucket, destinationKey to key; at least one must differ.',
  input: CopyObjectInput,
  payload: objectPayloadType('CopyObjectPayload'),
  needs: (input) => [
    ['read', input.bucket, input.key],
    ['write', input.destinationBucket ?? input.bucket, input.destinationKey ?? input.key, input.destinationStore ?? input.store],
  ],
  resolve: copyObject,
});

mutationField('moveObject', {
  description: 'Move Object: copy, then delete the source only once the copy is confirmed.',
  input: MoveObjectInput,
  payload: objectPayloadType('MoveObjectPayload'),
  needs: (input) => [
    ['read', input.bucket, input.key],
    ['delete', input.bucket, input.key],
    ['write', input.destinationBucket ?? input.bucket, input.destinationKey ?? input.key, input.destinationStore ?? input.store],
  ],
  resolve: moveObject,
});
