/** A client of the objectChanged subscription over server-sent events, as a browser's EventSource-like reader would be. */

export interface ObservedChange {
  kind: 'CREATED' | 'DELETED' | 'METADATA_CHANGED';
  bucket: string;
  key: string;
  size: number | null;
}

export interface ChangeStream {
  status: number;
  /** The answer's errors, when the subscription was refused. */
  errors(): Promise<GraphQLErrorShape[]>;
  /** The next change announced (waits for it). */
  next(): Promise<ObservedChange>;
  /** Changes, in order, until one satisfies `last` (included). */
  until(last: (change: ObservedChange) => boolean): Promise<ObservedChange[]>;
  close(): void;
}

const SUBSCRIPTION = /* GraphQL */ `
  subscription Changes($bucket: String!, $prefix: String) {
    objectChanged(bucket: $bucket, prefix: $prefix) {
      kind
      bucket
      key
      size
    }
  }
`;

type GraphQLErrorShape = { message: string; extensions?: { code?: string } };

interface ChangePayload {
  data?: { objectChanged: ObservedChange } | null;
  errors?: GraphQLErrorShape[];
}

export async function watchChanges(
  url: string,
  variables: { bucket: string; prefix?: string },
  headers: Record<string, string> = {},
): Promise<ChangeStream> {
  const controller = new AbortController();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify({ query: SUBSCRIPTION, variables }),
    signal: controller.signal,
  });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  /** The payload of the next `next` event of the stream. */
  const nextPayload = async (): Promise<ChangePayload> => {
    for (;;) {
      const end = buffered.indexOf('\n\n');
      if (end >= 0) {
        const event = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const data = event.split('\n').find((line) => line.startsWith('data: '));
        if (event.startsWith('event: next') && data !== undefined) return JSON.parse(data.slice('data: '.length)) as ChangePayload;
        if (event.startsWith('event: complete')) throw new Error('the subscription completed');
        continue;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('the event stream ended');
      buffered += decoder.decode(value, { stream: true });
    }
  };
  const next = async () => {
    const payload = await nextPayload();
    if (payload.data === undefined || payload.data === null) throw new Error(`the subscription failed: ${JSON.stringify(payload)}`);
    return payload.data.objectChanged;
  };
  return {
    status: response.status,
    errors: async () => (await nextPayload()).errors ?? [],
    next,
    async until(last) {
      const changes: ObservedChange[] = [];
      for (;;) {
        const change = await next();
        changes.push(change);
        if (last(change)) return changes;
      }
    },
    close: () => controller.abort(),
  };
}
