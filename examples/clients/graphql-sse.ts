import { createClient } from 'graphql-sse';

export interface ObjectChange {
  kind: 'CREATED' | 'DELETED' | 'METADATA_CHANGED';
  key: string;
  size: number | null;
}

// graphql-sse in its default "distinct connections" mode is the transport the gateway speaks for subscriptions.
export function watchFolder(
  endpoint: string,
  apiKey: string,
  folder: { bucket: string; prefix: string },
  onChange: (change: ObjectChange) => void,
  onError: (error: unknown) => void,
): () => void {
  // No silent retries: a refused credential (a NetworkError whose response.status is 401) would be retried for a minute.
  const client = createClient({ url: endpoint, headers: { authorization: `Bearer ${apiKey}` }, retryAttempts: 0 });
  return client.subscribe<{ objectChanged: ObjectChange }>(
    {
      query: 'subscription Watch($bucket: String!, $prefix: String!) { objectChanged(bucket: $bucket, prefix: $prefix) { kind key size } }',
      variables: folder,
    },
    {
      next: ({ data, errors }) => {
        // ACCESS_DENIED (no grant in the bucket) or EVENTS_UNAVAILABLE (Redis away: subscribe again later) end the stream.
        if (errors !== undefined) onError(errors);
        else if (data) onChange(data.objectChanged);
      },
      error: onError,
      complete: () => undefined,
    },
  );
}
