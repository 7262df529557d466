import { createFolder } from '../resolvers/folder.js';
import type { PrefixModel } from '../resolvers/models.js';
import { builder } from './builder.js';
import { mutationField, payloadType } from './mutation.js';
import { PrefixRef } from './prefix.js';
import { storeInputField } from './store-field.js';

const CreateFolderInput = builder.inputType('CreateFolderInput', {
  fields: (t) => ({
    ...storeInputField(t),
    bucket: t.string({ required: true }),
    prefix: t.string({ required: true, description: 'The folder, e.g. photos/2024/ (the trailing / is added when missing).' }),
  }),
});

mutationField('createFolder', {
  description:
    'An empty folder: the zero-byte `prefix/` object S3 consoles make. Listings show it as a folder of its parent, and not as an object inside itself.',
  input: CreateFolderInput,
  payload: payloadType<PrefixModel>('CreateFolderPayload', {
    fields: (t) => ({ prefix: t.field({ type: PrefixRef, nullable: true, resolve: (payload) => payload.result }) }),
  }),
  needs: (input) => [['write', input.bucket, input.prefix.endsWith('/') ? input.prefix : `${input.prefix}/`]],
  resolve: createFolder,
});
