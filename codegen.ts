import type { CodegenConfig } from '@graphql-codegen/cli';

const typedDocuments = {
  preset: 'client',
  // persisted-documents.json: each document by its SHA-256, the manifest TRUSTED_DOCUMENTS_FILE takes.
  presetConfig: { fragmentMasking: false, persistedDocuments: true },
  config: {
    documentMode: 'string',
    useTypeImports: true,
    enumsAsTypes: true,
    scalars: { DateTime: 'string', SafeInt: 'number', Upload: 'File' },
  },
} as const;

/** Typed documents for the object browser and the typed client recipe: `npm run codegen` after changing schema.graphql or a document. */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  ignoreNoDocuments: false,
  generates: {
    'web/src/gql/': { ...typedDocuments, documents: ['web/src/**/*.ts', '!web/src/gql/**'] },
    // Imported by Node (module NodeNext) as well as bundlers, so its imports name their .js files.
    'examples/clients/gql/': {
      ...typedDocuments,
      documents: ['examples/clients/typed-client.ts'],
      config: { ...typedDocuments.config, emitLegacyCommonJSImports: false },
    },
  },
};

export default config;
