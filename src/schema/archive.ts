import { createArchive, type CreatedArchive } from '../resolvers/archive.js';
import { builder } from './builder.js';
import { mutationField, payloadType } from './mutation.js';
import { storeInputField } from './store-field.js';

const CreateArchiveInput = builder.inputType('CreateArchiveInput', {
  fields: (t) => ({
    ...storeInputField(t),
    bucket: t.string({ required: true }),
    prefix: t.string({
      defaultValue: '',
      description:
        'Without keys: the folder to archive, ending with "/" ("" is the whole bucket). With keys: the folder they are named relative to.',
    }),
    keys: t.stringList({
      description:
        'Up to 10,000 keys below prefix to archive instead of the whole prefix; a key ending with "/" is a folder, with everything below it.',
    }),
    name: t.string({ description: 'The file name the ZIP is saved as (.zip is added); the folder name when omitted.' }),
  }),
});

mutationField('createArchive', {
  description:
    'A short-lived link (ARCHIVE_LINK_SECONDS) to a ZIP of a prefix, or of chosen keys and folders, streamed by the gateway. Whoever holds the link may download it until expiresAt, like a presigned URL; entries the caller may not read are left out and listed in refused.',
  input: CreateArchiveInput,
  payload: payloadType<CreatedArchive>('CreateArchivePayload', {
    fields: (t) => ({
      url: t.string({
        nullable: true,
        description: 'GET it (no credentials needed) for the ZIP.',
        resolve: (payload) => payload.result?.url ?? null,
      }),
      expiresAt: t.field({ type: 'DateTime', nullable: true, resolve: (payload) => payload.result?.expiresAt ?? null }),
      refused: t.stringList({
        description: 'Keys and folders left out because the policy does not let you read them.',
        resolve: (payload) => payload.result?.refused ?? [],
      }),
    }),
  }),
  // Keys are checked one by one (refused ones are listed); a whole prefix needs listing it.
  needs: (input) => (input.keys === null || input.keys === undefined ? [['list', input.bucket, input.prefix ?? '']] : []),
  resolve: createArchive,
});
