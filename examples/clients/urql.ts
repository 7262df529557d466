import { Client, fetchExchange, gql } from '@urql/core';

// urql sends queries as GET (preferGetMethod: 'within-url-limit'). The gateway refuses a GET without a header that a
// cross-site page cannot send ("Required CSRF header(s) not present"): send one, or preferGetMethod: false for POST.
export function createUrqlClient(endpoint: string, jwt: string) {
  return new Client({
    url: endpoint,
    exchanges: [fetchExchange],
    fetchOptions: () => ({ headers: { authorization: `Bearer ${jwt}`, 'graphql-require-preflight': '1' } }),
  });
}

const BUCKETS = gql<{ buckets: { name: string }[] }, Record<string, never>>`
  query Buckets {
    buckets {
      name
    }
  }
`;

export async function bucketNames(client: Client): Promise<string[]> {
  const result = await client.query(BUCKETS, {}).toPromise();
  // Errors carry the gateway's code: UNAUTHENTICATED, ACCESS_DENIED, S3_UNAVAILABLE, RATE_LIMITED, ...
  if (result.error !== undefined) {
    const codes = result.error.graphQLErrors.map((error) => String(error.extensions.code));
    throw new Error(`${codes.join(', ') || 'NETWORK'}: ${result.error.message}`);
  }
  return (result.data?.buckets ?? []).map(({ name }) => name);
}
