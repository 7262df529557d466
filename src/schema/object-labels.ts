import { objectField } from '../resolvers/object.js';
import { objectTags, setObjectLegalHold, setObjectRetention, setObjectTags, updateObject } from '../resolvers/object-labels.js';
import type { ObjectRetention } from '../s3/types.js';
import { may } from './auth.js';
import { builder } from './builder.js';
import { mutationField } from './mutation.js';
import { MetadataEntryInput, objectPayloadType, S3ObjectRef } from './object.js';
import { ObjectTagInput, ObjectTagRef } from './tag.js';
import { storeInputField } from './store-field.js';

/** An object's tags, its headers changed in place, and object lock: retention and legal hold. */

const RetentionModeEnum = builder.enumType('RetentionMode', {
  description:
    'GOVERNANCE: callers allowed to bypass governance (s3:BypassGovernanceRetention) may shorten it; COMPLIANCE: nobody can, until it ends.',
  values: ['GOVERNANCE', 'COMPLIANCE'] as const,
});

const ObjectRetentionRef = builder.objectRef<ObjectRetention>('ObjectRetention').implement({
  description: 'Object lock retention: until `retainUntil`, this version cannot be deleted or overwritten in place.',
  fields: (t) => ({
    mode: t.field({ type: RetentionModeEnum, resolve: (retention) => retention.mode }),
    retainUntil: t.field({ type: 'DateTime', resolve: (retention) => retention.retainUntil }),
  }),
});

builder.objectFields(S3ObjectRef, (t) => ({
  tags: t.field({
    type: [ObjectTagRef],
    description: "The object's tags (GetObjectTagging: one S3 request).",
    complexity: 1,
    authScopes: (object) => may(['read', object.bucket, object.key, object.store]),
    resolve: (object, _args, context) => objectTags(context, object),
  }),
  retention: t.field({
    type: ObjectRetentionRef,
    nullable: true,
    description: 'Object lock retention of the current version; null when it has none (or the store has no object lock).',
    complexity: 1,
    authScopes: (object) => may(['read', object.bucket, object.key, object.store]),
    resolve: (object, _args, context) => objectField(context, object, 'retention'),
  }),
  legalHold: t.boolean({
    description: 'Whether an object lock legal hold protects the current version from deletion, whatever its retention.',
    complexity: 1,
    authScopes: (object) => may(['read', object.bucket, object.key, object.store]),
    resolve: (object, _args, context) => objectField(context, object, 'legalHold'),
  }),
}));

const SetObjectTagsInput = builder.inputType('SetObjectTagsInput', {
  fields: (t) => ({
    ...storeInputField(t),
    bucket: t.string({ required: true }),
    key: t.string({ required: true }),
    tags: t.field({
      type: [ObjectTagInput],
      required: true,
      description: 'Every tag of the object from now on (at most 10); [] removes them all.',
    }),
  }),
});

mutationField('setObjectTags', {
  description: "Replace an object's tags (PutObjectTagging). S3's rules are checked first: at most 10, unique keys, lengths, characters.",
  input: SetObjectTagsInput,
  payload: objectPayloadType('SetObjectTagsPayload'),
  needs: (input) => [['write', input.bucket, input.key]],
  resolve: setObjectTags,
});

const UpdateObjectInput = builder.inputType('UpdateObjectInput', {
  fields: (t) => ({
    ...storeInputField(t),
    bucket: t.string({ required: true }),
    key: t.string({ required: true }),
    contentType: t.string({ description: 'The new content type; kept when omitted.' }),
    metadata: t.field({
      type: [MetadataEntryInput],
      description: 'Every user-defined metadata entry from now on; kept when omitted, [] removes them.',
    }),
    cacheControl: t.string({ description: 'Kept when omitted; "" removes it.' }),
    contentDisposition: t.string({ description: 'Kept when omitted; "" removes it.' }),
  }),
});

mutationField('updateObject', {
  description:
    "Change an object's content type, metadata, Cache-Control or Content-Disposition without sending its content again (a copy onto itself). " +
    'Pinned to the version read first: if the object is written meanwhile, PRECONDITION_FAILED, and the newer content stays.',
  input: UpdateObjectInput,
  payload: objectPayloadType('UpdateObjectPayload'),
  needs: (input) => [['write', input.bucket, input.key]],
  resolve: updateObject,
});

const SetObjectRetentionInput = builder.inputType('SetObjectRetentionInput', {
  fields: (t) => ({
    ...storeInputField(t),
    bucket: t.string({ required: true }),
    key: t.string({ required: true }),
    mode: t.field({ type: RetentionModeEnum, required: true }),
    retainUntil: t.field({ type: 'DateTime', required: true, description: 'In the future (at most 100 years ahead).' }),
    bypassGovernance: t.boolean({
      defaultValue: false,
      description:
        "Shorten a GOVERNANCE retention (the store's credentials need s3:BypassGovernanceRetention); COMPLIANCE can never be shortened.",
    }),
  }),
});

mutationField('setObjectRetention', {
  description:
    "Set the current version's object lock retention (PutObjectRetention); the bucket must have been created with objectLock. Needs the policy's manageRetention.",
  input: SetObjectRetentionInput,
  payload: objectPayloadType('SetObjectRetentionPayload'),
  needs: (input) => [['manageRetention', input.bucket, input.key]],
  resolve: setObjectRetention,
});

const SetObjectLegalHoldInput = builder.inputType('SetObjectLegalHoldInput', {
  fields: (t) => ({
    ...storeInputField(t),
    bucket: t.string({ required: true }),
    key: t.string({ required: true }),
    legalHold: t.boolean({ required: true, description: 'true places a legal hold on the current version, false lifts it.' }),
  }),
});

mutationField('setObjectLegalHold', {
  description:
    "Place or lift a legal hold on the current version (PutObjectLegalHold); the bucket must have been created with objectLock. Needs the policy's manageRetention.",
  input: SetObjectLegalHoldInput,
  payload: objectPayloadType('SetObjectLegalHoldPayload'),
  needs: (input) => [['manageRetention', input.bucket, input.key]],
  resolve: setObjectLegalHold,
});
