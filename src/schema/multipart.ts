import {
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  inferredPartSize,
  listMultipartUploads,
  runAbortMultipartUploads,
  signUploadParts,
  uploadParts,
  type MultipartUploadModel,
  type SignedParts,
} from '../resolvers/multipart.js';
import { MAX_MULTIPART_PAGE, MAX_SIGNED_PARTS } from '../s3/multipart.js';
import type { CreatedUpload, SignedPart, UploadedPart } from '../s3/types.js';
import { may } from './auth.js';
import { BucketRef } from './bucket.js';
import { storeInputField } from './store-field.js';
import { builder, type GatewayTypes } from './builder.js';
import { BatchPayloadRef } from './job.js';
import { mutationField, payloadType } from './mutation.js';
import { DEFAULT_PRESIGN_EXPIRES_SECONDS, MetadataEntryInput, objectPayloadType, writeOptionFields } from './object.js';
import { listingCost } from './page-args.js';

/** Multipart uploads whose parts a client PUTs straight to the store: the gateway creates, signs, lists, completes and aborts. */

const UploadPartRef = builder.objectRef<UploadedPart>('UploadPart').implement({
  description: 'A part the store holds for an incomplete upload (ListParts).',
  fields: (t) => ({
    partNumber: t.exposeInt('partNumber'),
    size: t.field({ type: 'SafeInt', resolve: (part) => part.size }),
    eTag: t.exposeString('eTag', { nullable: true }),
    lastModified: t.field({ type: 'DateTime', nullable: true, resolve: (part) => part.lastModified ?? null }),
  }),
});

export const MultipartUploadRef = builder.objectRef<MultipartUploadModel>('MultipartUpload').implement({
  description: 'An incomplete multipart upload. Its uploadId is only good for its own bucket and key.',
  fields: (t) => ({
    bucket: t.exposeString('bucket'),
    key: t.exposeString('key'),
    uploadId: t.exposeString('uploadId'),
    partSize: t.field({
      type: 'SafeInt',
      nullable: true,
      description:
        'The size of every part but the last. Chosen by createMultipartUpload; for an upload named by its uploadId, read from its parts (one ListParts), null until two parts are in.',
      complexity: 1,
      authScopes: (upload) => may(['write', upload.bucket, upload.key, upload.store]),
      resolve: (upload, _args, context) => inferredPartSize(context, upload),
    }),
    initiated: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the upload was created; known from Bucket.multipartUploads.',
      resolve: (upload) => upload.initiated ?? null,
    }),
    parts: t.field({
      type: [UploadPartRef],
      description: `The parts uploaded so far, as S3 pages them (ListParts): up to \`first\` (1 to ${MAX_MULTIPART_PAGE}) after part number \`after\`; a full page means ask again after its last part. NO_SUCH_UPLOAD when the upload is unknown, finished or another key's.`,
      args: {
        first: t.arg.int({ defaultValue: MAX_MULTIPART_PAGE, required: false }),
        after: t.arg.int({ defaultValue: 0, required: false, description: 'A part number: the page starts after it.' }),
      },
      complexity: 1,
      authScopes: (upload) => may(['write', upload.bucket, upload.key, upload.store]),
      resolve: (upload, args, context) => uploadParts(context, upload, args),
    }),
  }),
});

const MultipartUploadConnection = builder.connectionObject(
  { type: MultipartUploadRef, name: 'MultipartUploadConnection' },
  { name: 'MultipartUploadEdge' },
);

builder.objectFields(BucketRef, (t) => ({
  multipartUpload: t.field({
    type: MultipartUploadRef,
    description: 'One multipart upload by its uploadId, for a client to resume it (select parts); makes no S3 request by itself.',
    args: { key: t.arg.string({ required: true }), uploadId: t.arg.string({ required: true }) },
    authScopes: (bucket, { key }) => may(['write', bucket.name, key, bucket.store]),
    resolve: (bucket, { key, uploadId }): MultipartUploadModel => ({ store: bucket.store, bucket: bucket.name, key, uploadId }),
  }),
  multipartUploads: t.field({
    type: MultipartUploadConnection,
    description: 'The incomplete multipart uploads whose keys start with `prefix` (ListMultipartUploads), by key then by upload.',
    args: {
      prefix: t.arg.string({ defaultValue: '', required: false }),
      first: t.arg.int({ required: false, description: `How many uploads, 1 to ${MAX_MULTIPART_PAGE} (100 when omitted).` }),
      after: t.arg.string({ required: false, description: 'Resume after this cursor, e.g. pageInfo.endCursor of the previous page.' }),
    },
    complexity: listingCost,
    authScopes: (bucket, args) =>
      may(['list', bucket.name, args.prefix ?? '', bucket.store], ['write', bucket.name, args.prefix ?? '', bucket.store]),
    resolve: (bucket, args, context) =>
      listMultipartUploads(context, { store: bucket.store, bucket: bucket.name, prefix: args.prefix ?? '' }, args),
  }),
}));

const CreateMultipartUploadInput = builder.inputType('CreateMultipartUploadInput', {
  fields: (t) => ({
    ...storeInputField(t),
    bucket: t.string({ required: true }),
    key: t.string({ required: true }),
    size: t.field({
      type: 'SafeInt',
      required: true,
      description: "The whole file in bytes: chooses partSize and is checked against MAX_UPLOAD_BYTES (and S3's 5 TiB) first.",
    }),
    contentType: t.string({ description: 'application/octet-stream when omitted.' }),
    metadata: t.field({ type: [MetadataEntryInput], description: 'User-defined metadata; keys are stored in lower case.' }),
    ...writeOptionFields(t),
  }),
});

const uploadLocationFields = (t: PothosSchemaTypes.InputFieldBuilder<GatewayTypes, 'InputObject'>) => ({
  ...storeInputField(t),
  bucket: t.string({ required: true }),
  key: t.string({ required: true }),
  uploadId: t.string({ required: true }),
});

const SignUploadPartsInput = builder.inputType('SignUploadPartsInput', {
  fields: (t) => ({
    ...uploadLocationFields(t),
    partNumbers: t.intList({ required: true, description: `1 to ${MAX_SIGNED_PARTS} part numbers (each 1 to 10,000).` }),
    expiresIn: t.int({ defaultValue: DEFAULT_PRESIGN_EXPIRES_SECONDS, description: 'Seconds, at most PRESIGN_MAX_EXPIRES_SECONDS.' }),
  }),
});

const CompletedPartInput = builder.inputType('CompletedPartInput', {
  fields: (t) => ({
    partNumber: t.int({ required: true }),
    eTag: t.string({ required: true, description: "The ETag header of the part's PUT answer (quotes optional)." }),
  }),
});

const CompleteMultipartUploadInput = builder.inputType('CompleteMultipartUploadInput', {
  fields: (t) => ({
    ...uploadLocationFields(t),
    parts: t.field({
      type: [CompletedPartInput],
      required: true,
      description: 'The parts that make the object, in ascending part number order.',
    }),
  }),
});

const AbortMultipartUploadInput = builder.inputType('AbortMultipartUploadInput', {
  fields: (t) => uploadLocationFields(t),
});

const AbortMultipartUploadsInput = builder.inputType('AbortMultipartUploadsInput', {
  fields: (t) => ({
    ...storeInputField(t),
    bucket: t.string({ required: true }),
    prefix: t.string({ required: true, description: 'Every incomplete upload whose key starts with this ("" is the whole bucket).' }),
    initiatedBefore: t.field({ type: 'DateTime', description: 'Only uploads created before this time; all when omitted.' }),
    wait: t.boolean({ defaultValue: true, description: 'Answer when done; false answers at once with the job to follow.' }),
  }),
});

const SignedUploadPartRef = builder.objectRef<SignedPart>('SignedUploadPart').implement({
  description: "A presigned UploadPart URL: PUT the part's bytes to it, and keep the answer's ETag header for completeMultipartUpload.",
  fields: (t) => ({ partNumber: t.exposeInt('partNumber'), url: t.exposeString('url') }),
});

mutationField('createMultipartUpload', {
  description:
    'Start a multipart upload whose parts the client PUTs straight to the store (signUploadParts), then completeMultipartUpload. The gateway chooses partSize from size.',
  input: CreateMultipartUploadInput,
  payload: payloadType<CreatedUpload>('CreateMultipartUploadPayload', {
    fields: (t) => ({ upload: t.field({ type: MultipartUploadRef, nullable: true, resolve: (payload) => payload.result }) }),
  }),
  needs: (input) => [['write', input.bucket, input.key]],
  resolve: createMultipartUpload,
});

mutationField('signUploadParts', {
  description: 'Presigned UploadPart URLs for parts of an upload, signed for S3_PUBLIC_ENDPOINT; makes no S3 request.',
  input: SignUploadPartsInput,
  payload: payloadType<SignedParts>('SignUploadPartsPayload', {
    fields: (t) => ({
      parts: t.field({ type: [SignedUploadPartRef], nullable: true, resolve: (payload) => payload.result?.parts ?? null }),
      expiresAt: t.field({ type: 'DateTime', nullable: true, resolve: (payload) => payload.result?.expiresAt ?? null }),
    }),
  }),
  needs: (input) => [['write', input.bucket, input.key]],
  resolve: (context, input) => signUploadParts(context, input, DEFAULT_PRESIGN_EXPIRES_SECONDS),
});

mutationField('completeMultipartUpload', {
  description:
    'Make the object from the uploaded parts. Checks them first (order, ETags, 5 MiB for all but the last); parts adding up to more than MAX_UPLOAD_BYTES abort the upload (ENTITY_TOO_LARGE).',
  input: CompleteMultipartUploadInput,
  payload: objectPayloadType('CompleteMultipartUploadPayload'),
  needs: (input) => [['write', input.bucket, input.key]],
  resolve: completeMultipartUpload,
});

mutationField('abortMultipartUpload', {
  description: 'Abort a multipart upload: the store frees its parts. NO_SUCH_UPLOAD when it is unknown or already finished.',
  input: AbortMultipartUploadInput,
  payload: payloadType<null>('AbortMultipartUploadPayload'),
  needs: (input) => [['write', input.bucket, input.key]],
  resolve: abortMultipartUpload,
});

mutationField('abortMultipartUploads', {
  description: 'Abort every incomplete upload below a prefix (created before initiatedBefore), as a job: what a lifecycle rule would do.',
  input: AbortMultipartUploadsInput,
  payload: BatchPayloadRef,
  needs: (input) => [
    ['list', input.bucket, input.prefix],
    ['write', input.bucket, input.prefix],
  ],
  resolve: runAbortMultipartUploads,
});
