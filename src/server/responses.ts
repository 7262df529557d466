import type { ServerResponse } from 'node:http';
import { RateLimitedError, type ErrorCode, type GatewayError } from '../errors.js';

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  NO_SUCH_BUCKET: 404,
  NO_SUCH_KEY: 404,
  NO_SUCH_VERSION: 404,
  NOT_SUPPORTED: 501,
  ACCESS_DENIED: 403,
  INVALID_INPUT: 400,
  ENTITY_TOO_LARGE: 413,
  PRECONDITION_FAILED: 412,
  S3_UNAVAILABLE: 503,
  S3_THROTTLED: 503,
  REQUEST_TIMEOUT: 504,
  UNAUTHENTICATED: 401,
  RATE_LIMITED: 429,
};

/** A GatewayError as an HTTP answer outside GraphQL execution, in the shape of a GraphQL error response. */
export function sendError(response: ServerResponse, error: GatewayError): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  // GraphQL over HTTP: a client that accepts this type (Apollo Client 4) reads a 4xx in it as GraphQL errors, in JSON as a transport failure.
  const graphqlResponse = (response.req.headers.accept ?? '').includes('application/graphql-response+json');
  const headers: Record<string, string> = {
    'content-type': `${graphqlResponse ? 'application/graphql-response+json' : 'application/json'}; charset=utf-8`,
  };
  if (error.code === 'UNAUTHENTICATED') headers['www-authenticate'] = 'Bearer';
  if (error instanceof RateLimitedError) headers['retry-after'] = String(error.retryAfterSeconds);
  // The rest of an oversized body is not read: the connection cannot carry another request.
  if (error.code === 'ENTITY_TOO_LARGE') headers.connection = 'close';
  response
    .writeHead(HTTP_STATUS[error.code] ?? 500, headers)
    .end(JSON.stringify({ errors: [{ message: error.message, extensions: { code: error.code } }] }));
}
