import { ApolloClient, CombinedGraphQLErrors, gql, InMemoryCache, type TypedDocumentNode } from '@apollo/client';
import UploadHttpLink from 'apollo-upload-client/UploadHttpLink.mjs';

// Apollo Client 4 with apollo-upload-client: a File or Blob in the variables travels as a GraphQL multipart request.
export function createApolloClient(endpoint: string, apiKey: string) {
  return new ApolloClient({
    cache: new InMemoryCache(),
    link: new UploadHttpLink({
      uri: endpoint,
      // The API key (or a JWT); multipart requests also need a header a cross-site form cannot send (CSRF prevention).
      headers: { authorization: `Bearer ${apiKey}`, 'apollo-require-preflight': 'true' },
    }),
  });
}

interface UploadResult {
  putObject: {
    success: boolean;
    error: { code: string; message: string } | null;
    object: { key: string; size: number; contentType: string | null } | null;
  };
}

const UPLOAD: TypedDocumentNode<UploadResult, { bucket: string; key: string; file: Blob }> = gql`
  mutation Upload($bucket: String!, $key: String!, $file: Upload!) {
    putObject(input: { bucket: $bucket, key: $key, file: $file }) {
      success
      error {
        code
        message
      }
      object {
        key
        size
        contentType
      }
    }
  }
`;

export async function uploadFile(client: ApolloClient, bucket: string, key: string, file: Blob) {
  try {
    const { data } = await client.mutate({ mutation: UPLOAD, variables: { bucket, key, file } });
    const payload = data?.putObject;
    // A mutation that fails answers success: false with a code: ACCESS_DENIED, ENTITY_TOO_LARGE, PRECONDITION_FAILED, ...
    if (payload?.success !== true) throw new Error(`${payload?.error?.code ?? 'ERROR'}: ${payload?.error?.message ?? 'no answer'}`);
    return payload.object;
  } catch (error) {
    // Refused requests are GraphQL errors: UNAUTHENTICATED (HTTP 401), RATE_LIMITED (429), QUERY_TOO_COMPLEX, ...
    if (CombinedGraphQLErrors.is(error)) throw new Error(error.errors.map((e) => `${String(e.extensions?.code)}: ${e.message}`).join('\n'));
    throw error;
  }
}
