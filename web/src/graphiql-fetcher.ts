import { serverSentEvents } from './event-stream.js';

/**
 * GraphiQL's fetcher on the gateway's GraphiQL page (bundled as the global GatewayGraphiQL). GraphiQL learns a new
 * query's operation name 100 ms after the edit, and yoga's own fetcher refused a query run sooner ("Cannot infer
 * operation Browse"): this one sends the name only when the query being run defines it, or its one operation's name.
 */

interface Operation {
  kind: 'query' | 'mutation' | 'subscription';
  name: string | undefined;
}

const KINDS: readonly string[] = ['query', 'mutation', 'subscription'];
const TOKEN = /"""[\s\S]*?"""|"(?:\\.|[^"\\\n\r])*"|#[^\n\r]*|[{}()]|[_A-Za-z][_0-9A-Za-z]*/g;

/** The operations a document defines, read from its top level (strings, comments, selections and variables skipped). */
export function operationsIn(source: string): Operation[] {
  const operations: Operation[] = [];
  let braces = 0;
  let parens = 0;
  let previous = '';
  for (const [token] of source.matchAll(TOKEN)) {
    if (token.startsWith('"') || token.startsWith('#')) continue;
    const topLevel = braces === 0 && parens === 0;
    if (token === '(') parens += 1;
    else if (token === ')') parens -= 1;
    else if (token === '{') {
      if (topLevel && (previous === '' || previous === '}')) operations.push({ kind: 'query', name: undefined });
      braces += 1;
    } else if (token === '}') braces -= 1;
    else if (topLevel && KINDS.includes(token)) operations.push({ kind: token as Operation['kind'], name: undefined });
    else if (topLevel && KINDS.includes(previous)) {
      const operation = operations.at(-1);
      if (operation !== undefined) operation.name = token;
    }
    if (braces === 0 && parens === 0) previous = token;
  }
  return operations;
}

interface FetcherParams {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

/** A GraphiQL fetcher: a subscription's answers as they come (server-sent events), any other operation's answer. */
export function createFetcher(endpoint: string) {
  return async ({ query, variables, operationName }: FetcherParams, options?: { headers?: Record<string, string> }) => {
    const operations = operationsIn(query);
    const operation =
      operations.find(({ name }) => name !== undefined && name === operationName) ?? (operations.length === 1 ? operations[0] : undefined);
    const response = await fetch(endpoint, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        ...options?.headers,
        'content-type': 'application/json',
        accept: operation?.kind === 'subscription' ? 'text/event-stream' : 'application/graphql-response+json, application/json',
      },
      body: JSON.stringify({ query, variables, operationName: operation?.name }),
    });
    const streamed = (response.headers.get('content-type') ?? '').startsWith('text/event-stream');
    return streamed && response.body !== null ? serverSentEvents(response.body) : (response.json() as Promise<unknown>);
  };
}
