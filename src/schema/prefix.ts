import { runDeletePrefix, runTransferPrefix } from '../resolvers/bulk.js';
import { listEntries, listObjects, listPrefixes, prefixName } from '../resolvers/listing.js';
import type { ObjectModel, PrefixModel } from '../resolvers/models.js';
import { BucketRef } from './bucket.js';
import { may } from './auth.js';
import { builder } from './builder.js';
import { BatchPayloadRef } from './job.js';
import { S3ObjectConnection, S3ObjectRef } from './object.js';
import { mutationField } from './mutation.js';
import { listingCost, pageArgs } from './page-args.js';
import { destinationStoreInputField, storeInputField } from './store-field.js';

export const PrefixRef = builder.objectRef<PrefixModel>('Prefix');

PrefixRef.implement({
  description: "A common prefix ('folder') of a bucket's keys.",
  fields: (t) => ({
    bucket: t.field({ type: BucketRef, resolve: (prefix) => ({ name: prefix.bucket, store: prefix.store }) }),
    prefix: t.exposeString('prefix', { description: 'The whole prefix, ending with the delimiter, e.g. photos/2024/' }),
    name: t.string({ description: 'The last segment without the delimiter, e.g. 2024', resolve: prefixName }),
    prefixes: t.field({
      type: PrefixConnection,
      description: 'Sub-prefixes directly below this one.',
      args: pageArgs,
      complexity: listingCost,
      authScopes: (prefix) => may(['list', prefix.bucket, prefix.prefix, prefix.store]),
      resolve: (prefix, args, context) => listPrefixes(context, prefix, args),
    }),
    objects: t.field({
      type: S3ObjectConnection,
      description: 'Objects directly below this prefix.',
      args: pageArgs,
      complexity: listingCost,
      authScopes: (prefix) => may(['list', prefix.bucket, prefix.prefix, prefix.store]),
      resolve: (prefix, args, context) => listObjects(context, prefix, args),
    }),
    entries: t.field({
      type: EntryConnection,
      description: 'Sub-prefixes and objects directly below this prefix, in one connection, in S3 order.',
      args: pageArgs,
      complexity: listingCost,
      authScopes: (prefix) => may(['list', prefix.bucket, prefix.prefix, prefix.store]),
      resolve: (prefix, args, context) => listEntries(context, prefix, args),
    }),
  }),
});

export const PrefixConnection = builder.connectionObject({ type: PrefixRef, name: 'PrefixConnection' }, { name: 'PrefixEdge' });

const isPrefix = (entry: ObjectModel | PrefixModel): entry is PrefixModel => 'prefix' in entry;

export const EntryRef = builder.unionType('Entry', {
  description: 'What a folder holds: a sub-folder (Prefix) or an object (S3Object).',
  types: [PrefixRef, S3ObjectRef],
  resolveType: (entry) => (isPrefix(entry) ? PrefixRef : S3ObjectRef),
});

export const EntryConnection = builder.connectionObject({ type: EntryRef, name: 'EntryConnection' }, { name: 'EntryEdge' });

const DeletePrefixInput = builder.inputType('DeletePrefixInput', {
  fields: (t) => ({
    ...storeInputField(t),
    bucket: t.string({ required: true }),
    prefix: t.string({ required: true, description: 'Every object whose key starts with this is deleted ("" is the whole bucket).' }),
    wait: t.boolean({ defaultValue: true, description: 'Answer when done; false answers at once with the job to follow.' }),
  }),
});

const transferPrefixInput = (verb: string) =>
  builder.inputType(`${verb}PrefixInput`, {
    fields: (t) => ({
      ...storeInputField(t),
      ...destinationStoreInputField(t),
      bucket: t.string({ required: true }),
      prefix: t.string({ required: true }),
      destinationBucket: t.string({ description: 'Defaults to bucket.' }),
      destinationPrefix: t.string({ description: 'Defaults to prefix. Each key keeps what follows the prefix.' }),
      wait: t.boolean({ defaultValue: true, description: 'Answer when done; false answers at once with the job to follow.' }),
    }),
  });

mutationField('deletePrefix', {
  description: 'Delete every object below a prefix, in DeleteObjects batches of 1000.',
  input: DeletePrefixInput,
  payload: BatchPayloadRef,
  needs: (input) => [
    ['list', input.bucket, input.prefix],
    ['delete', input.bucket, input.prefix],
  ],
  resolve: runDeletePrefix,
});

mutationField('copyPrefix', {
  description: 'Copy every object below a prefix, server-side, to another prefix or bucket.',
  input: transferPrefixInput('Copy'),
  payload: BatchPayloadRef,
  needs: (input) => [
    ['list', input.bucket, input.prefix],
    ['read', input.bucket, input.prefix],
    ['write', input.destinationBucket ?? input.bucket, input.destinationPrefix ?? input.prefix, input.destinationStore ?? input.store],
  ],
  resolve: (context, input) => runTransferPrefix(context, input, 'copy'),
});

mutationField('movePrefix', {
  description: 'Move every object below a prefix: each source is deleted only once its copy is confirmed.',
  input: transferPrefixInput('Move'),
  payload: BatchPayloadRef,
  needs: (input) => [
    ['list', input.bucket, input.prefix],
    ['read', input.bucket, input.prefix],
    ['delete', input.bucket, input.prefix],
    ['write', input.destinationBucket ?? input.bucket, input.destinationPrefix ?? input.prefix, input.destinationStore ?? input.store],
  ],
  resolve: (context, input) => runTransferPrefix(context, input, 'move'),
});
