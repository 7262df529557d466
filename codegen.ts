import type { CodegenConfig } from '@graphql-codegen/cli';

/** Typed documents for the object browser (and any TypeScript client): `npm run codegen` after changing schema.graphql or a document. */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['web/src/**/*.ts', '!web/src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'web/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false, persistedDocuments: true },
      config: {
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', SafeInt: 'number', Upload: 'File' },
      },
    },
  },
};

export default config;
