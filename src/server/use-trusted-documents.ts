import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { Plugin } from 'graphql-yoga';
import type { TrustedDocuments } from '../config/trusted-documents.js';

/** The code of an operation refused because it is not in the manifest: a request error, like GRAPHQL_PARSE_FAILED. */
export const UNTRUSTED_DOCUMENT = 'UNTRUSTED_DOCUMENT';

const refusal = (message: string) => ({ message, extensions: { code: UNTRUSTED_DOCUMENT, http: { status: 400 } } });

interface PersistedQueryExtension {
  persistedQuery?: { version?: unknown; sha256Hash?: unknown };
}

function sentHash(extensions: unknown): boolean {
  return typeof (extensions as PersistedQueryExtension | undefined)?.persistedQuery?.sha256Hash === 'string';
}

/**
 * Runs only the manifest's documents, named by their SHA-256 in `extensions.persistedQuery.sha256Hash` (Apollo's format, which
 * Apollo Client, urql and graphql-codegen's documents can send). A request that carries a hash and the text too runs the
 * manifest's document, so that one client (the object browser) works whether the gateway trusts documents or not.
 */
export function useTrustedDocuments({ documents }: { documents: TrustedDocuments }): Plugin[] {
  const withoutTextWhenHashed: Plugin = {
    onParams({ params, setParams }) {
      if (params.query !== undefined && sentHash(params.extensions)) setParams({ ...params, query: undefined });
    },
  };
  const onlyTrusted =
    'This gateway runs only trusted documents (TRUSTED_DOCUMENTS_FILE): send the SHA-256 of a document in its manifest in extensions.persistedQuery.sha256Hash, not a query.';
  return [
    withoutTextWhenHashed,
    usePersistedOperations({
      getPersistedOperation: (hash) => documents.get(hash.replace(/^sha256:/, '')) ?? null,
      customErrors: {
        persistedQueryOnly: refusal(onlyTrusted),
        keyNotFound: refusal(onlyTrusted),
        notFound: refusal(
          'No trusted document has this hash: this gateway runs only the documents of its manifest (TRUSTED_DOCUMENTS_FILE).',
        ),
      },
    }),
  ];
}
