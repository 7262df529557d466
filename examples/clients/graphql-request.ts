import { ClientError, gql, GraphQLClient } from 'graphql-request';

// graphql-request posts JSON, which needs no CSRF header; the API key goes in the Authorization header (or X-API-Key).
export function createRequestClient(endpoint: string, apiKey: string) {
  return new GraphQLClient(endpoint, { headers: { authorization: `Bearer ${apiKey}` } });
}

interface PutTextResult {
  putObject: { success: boolean; error: { code: string; message: string } | null; object: { key: string; size: number } | null };
}

const PUT_TEXT = gql`
  mutation PutText($bucket: String!, $key: String!, $text: String!) {
    putObject(input: { bucket: $bucket, key: $key, text: $text, contentType: "text/plain" }) {
      success
      error {
        code
        message
      }
      object {
        key
        size
      }
    }
  }
`;

export async function putText(client: GraphQLClient, bucket: string, key: string, text: string) {
  try {
    const { putObject } = await client.request<PutTextResult>(PUT_TEXT, { bucket, key, text });
    // NO_SUCH_BUCKET, ACCESS_DENIED, INVALID_INPUT, ENTITY_TOO_LARGE, ... arrive in the payload, not as exceptions.
    if (!putObject.success) throw new Error(`${putObject.error?.code ?? 'ERROR'}: ${putObject.error?.message ?? ''}`);
    return putObject.object;
  } catch (error) {
    // A refused request (UNAUTHENTICATED, RATE_LIMITED, QUERY_TOO_COMPLEX) is a ClientError with the HTTP status.
    if (error instanceof ClientError) {
      const [first] = error.response.errors ?? [];
      throw new Error(`${String(first?.extensions.code)} (HTTP ${error.response.status}): ${first?.message ?? ''}`);
    }
    throw error;
  }
}
