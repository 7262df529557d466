import type { Context } from '../context.js';
import type { ObjectModel } from '../resolvers/models.js';
import { base64Length, documentBase64, documentText, findObject, objectField } from '../resolvers/object.js';
import { may } from './auth.js';
import { builder } from './builder.js';
import { contentUrlFields, S3ObjectRef, versionIdArg } from './object.js';
import { storeArgs } from './store-field.js';

export const DocumentRef = builder.objectRef<ObjectModel>('Document');

// Inline content costs one per 64 KiB it may answer: with MAX_INLINE_BYTES at 10 MiB, 160 for text and 214 for base64.
const INLINE_BYTES_PER_COST_UNIT = 64 * 1024;
const inlineCost = (answerBytes: (contentBytes: number) => number) => (_args: object, context: Context) =>
  Math.ceil(answerBytes(context.limits.maxInlineBytes) / INLINE_BYTES_PER_COST_UNIT);

DocumentRef.implement({
  description: 'The content of an S3 object.',
  fields: (t) => ({
    name: t.exposeString('key', { description: "The object's key." }),
    // Shares the HeadObject its S3Object is counted for.
    contentType: t.string({ nullable: true, resolve: (object, _args, context) => objectField(context, object, 'contentType') }),
    size: t.field({ type: 'SafeInt', resolve: (object, _args, context) => objectField(context, object, 'size') }),
    text: t.string({
      nullable: true,
      description: 'The content decoded as UTF-8. Content above the inline limit is an error (ENTITY_TOO_LARGE): use downloadUrl.',
      complexity: inlineCost((bytes) => bytes),
      resolve: (object, _args, context) => documentText(context, object),
    }),
    base64: t.string({
      nullable: true,
      description: 'The content as base64. Content above the inline limit is an error (ENTITY_TOO_LARGE): use downloadUrl.',
      complexity: inlineCost(base64Length),
      resolve: (object, _args, context) => documentBase64(context, object),
    }),
    // Reached only through a field that already needs read on the object, so their own check always passes here.
    ...contentUrlFields(t),
    object: t.field({ type: S3ObjectRef, resolve: (object) => object }),
  }),
});

builder.queryField('getObject', (t) =>
  t.field({
    type: DocumentRef,
    nullable: true,
    description:
      "Get Object: one object's content (of its version `versionId`, when given); null when the key does not exist. A missing bucket is an error (NO_SUCH_BUCKET), an unknown version too (NO_SUCH_VERSION).",
    complexity: 1,
    args: {
      bucket: t.arg.string({ required: true }),
      key: t.arg.string({ required: true }),
      versionId: versionIdArg(t),
      ...storeArgs,
    },
    authScopes: (_root, { bucket, key, store }) => may(['read', bucket, key, store]),
    resolve: (_root, { bucket, key, versionId, store }, context) =>
      findObject(context, { bucket, key, versionId: versionId ?? undefined, store: store ?? undefined }),
  }),
);
