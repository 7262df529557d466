import { GraphQLError } from 'graphql';

/** The codes of the public API's ErrorCode enum. */
export const ERROR_CODES = [
  'NO_SUCH_BUCKET',
  'NO_SUCH_KEY',
  'ACCESS_DENIED',
  'INVALID_INPUT',
  'ENTITY_TOO_LARGE',
  'PRECONDITION_FAILED',
  'S3_UNAVAILABLE',
  'S3_THROTTLED',
  'REQUEST_TIMEOUT',
  'INTERNAL',
  'BUCKET_NOT_EMPTY',
  'BUCKET_ALREADY_EXISTS',
  'QUERY_TOO_COMPLEX',
  'UNAUTHENTICATED',
  'RESOURCE_EXHAUSTED',
  'NO_SUCH_UPLOAD',
  'JOBS_UNAVAILABLE',
  'RATE_LIMITED',
  'EVENTS_UNAVAILABLE',
  'NOT_SUPPORTED',
  'NO_SUCH_VERSION',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

interface ErrorOptions {
  cause?: unknown;
}

/** An error meant for clients: its message is safe to show and its code is part of the API. */
export abstract class GatewayError extends GraphQLError {
  readonly code: ErrorCode;

  protected constructor(code: ErrorCode, message: string, options: ErrorOptions = {}) {
    super(message, {
      extensions: { code },
      originalError: options.cause instanceof Error ? options.cause : undefined,
    });
    this.code = code;
  }
}

export class NoSuchBucketError extends GatewayError {
  constructor(
    readonly bucket: string,
    options?: ErrorOptions,
  ) {
    super('NO_SUCH_BUCKET', `Bucket "${bucket}" does not exist.`, options);
  }
}

export class NoSuchKeyError extends GatewayError {
  constructor(bucket: string, key: string, options?: ErrorOptions) {
    super('NO_SUCH_KEY', `Object "${key}" does not exist in bucket "${bucket}".`, options);
  }
}

/** A versionId the object does not have (never had, deleted for good, or not an id the store issues). */
export class NoSuchVersionError extends GatewayError {
  constructor(bucket: string, key: string, versionId: string, options?: ErrorOptions) {
    super('NO_SUCH_VERSION', `Object "${key}" in bucket "${bucket}" has no version "${versionId}".`, options);
  }
}

/** A multipart upload that does not exist for this bucket and key: never created, completed, aborted, or another key's. */
export class NoSuchUploadError extends GatewayError {
  constructor(key: string, options?: ErrorOptions) {
    super(
      'NO_SUCH_UPLOAD',
      `No multipart upload with this uploadId is in progress for "${key}" (unknown, another key's, completed or aborted).`,
      options,
    );
  }
}

export class AccessDeniedError extends GatewayError {
  constructor(message = 'Access denied by the S3 store.', options?: ErrorOptions) {
    super('ACCESS_DENIED', message, options);
  }
}

/** The store refused a delete or a change because object lock protects the version (a retention period, a legal hold). */
export class ObjectLockedError extends AccessDeniedError {
  constructor(options?: ErrorOptions) {
    super(
      'The S3 store refused: object lock protects this object version (a retention period not yet over, or a legal hold), so it cannot be deleted or its protection shortened.',
      options,
    );
  }
}

export class InvalidInputError extends GatewayError {
  constructor(message: string, options?: ErrorOptions) {
    super('INVALID_INPUT', message, options);
  }
}

export class EntityTooLargeError extends GatewayError {
  constructor(message: string, options?: ErrorOptions) {
    super('ENTITY_TOO_LARGE', message, options);
  }
}

export class PreconditionFailedError extends GatewayError {
  constructor(message: string, options?: ErrorOptions) {
    super('PRECONDITION_FAILED', message, options);
  }
}

export class S3UnavailableError extends GatewayError {
  /** `store` names the store that failed, where the gateway has several. */
  constructor(options?: ErrorOptions, store?: string) {
    super('S3_UNAVAILABLE', `The S3 store${store === undefined ? '' : ` "${store}"`} is unavailable. Try again later.`, options);
  }
}

/** The store does not implement an operation (S3's NotImplemented, 501): the message says which. */
export class NotSupportedError extends GatewayError {
  constructor(operation: string | undefined, options?: ErrorOptions) {
    super('NOT_SUPPORTED', `The S3 store does not support ${operation ?? 'this operation'}.`, options);
  }
}

/** The store kept asking the gateway to slow down (SlowDown, 503, 429) after the retries. */
export class S3ThrottledError extends GatewayError {
  constructor(options?: ErrorOptions) {
    super('S3_THROTTLED', 'The S3 store is receiving too many requests and asked the gateway to slow down. Try again later.', options);
  }
}

/** The GraphQL request outlived REQUEST_TIMEOUT_SECONDS; what it started may still finish, so it reports nothing as done. */
export class RequestTimeoutError extends GatewayError {
  constructor(seconds: number) {
    super(
      'REQUEST_TIMEOUT',
      `The request took longer than ${seconds} s and was answered without waiting further; a change it started may still complete, so check before retrying.`,
    );
  }
}

export class BucketNotEmptyError extends GatewayError {
  constructor(bucket: string, options?: ErrorOptions) {
    super('BUCKET_NOT_EMPTY', `Bucket "${bucket}" is not empty; delete its objects first, or pass emptyFirst: true.`, options);
  }
}

export class BucketAlreadyExistsError extends GatewayError {
  constructor(bucket: string, options?: ErrorOptions) {
    super('BUCKET_ALREADY_EXISTS', `Bucket name "${bucket}" is taken by another account; bucket names are global.`, options);
  }
}

/** A query that would cost more (S3 requests, signatures, inline content) than MAX_QUERY_COST allows, refused before any S3 request. */
export class QueryTooComplexError extends GatewayError {
  constructor(cost: number, limit: number) {
    super(
      'QUERY_TOO_COMPLEX',
      `This query could cost about ${cost} S3 requests (a presigned URL counts as one, inline content by its size); the limit is ${limit}. Ask for smaller pages (first), fewer nested listings or fewer aliases.`,
    );
  }
}

/** The gateway holds as much of something (inline content, jobs) as a setting allows; nothing was started. */
export class ResourceExhaustedError extends GatewayError {
  constructor(message: string) {
    super('RESOURCE_EXHAUSTED', message);
  }
}

/** Jobs are kept on Redis (REDIS_URL) and Redis does not answer; S3 operations go on, and jobs resume when it returns. */
export class JobsUnavailableError extends GatewayError {
  constructor(options?: ErrorOptions) {
    super('JOBS_UNAVAILABLE', 'Jobs are unavailable: the gateway cannot reach Redis, where they are kept. Try again later.', options);
  }
}

/** The caller made more requests than RATE_LIMIT_REQUESTS in the window (HTTP 429, with Retry-After). */
export class RateLimitedError extends GatewayError {
  constructor(readonly retryAfterSeconds: number) {
    super('RATE_LIMITED', `Too many requests; try again in ${retryAfterSeconds} s.`);
  }
}

/** objectChanged cannot start: Redis, which carries changes between instances, is unreachable. */
export class EventsUnavailableError extends GatewayError {
  constructor() {
    super(
      'EVENTS_UNAVAILABLE',
      'Object change events are unavailable: the gateway cannot reach Redis, which carries them. Try again later.',
    );
  }
}

/** A request without valid credentials, where the gateway requires them (HTTP 401). */
export class UnauthenticatedError extends GatewayError {
  constructor(message: string) {
    super('UNAUTHENTICATED', message);
  }
}

/** An operation the gateway's policy does not grant the caller; refused before any S3 request. */
export class PolicyDeniedError extends AccessDeniedError {
  constructor(denied: string) {
    super(`The gateway's policy does not allow you to ${denied}.`);
  }
}

/** Anything unexpected: the cause is logged, never shown. */
export class InternalError extends GatewayError {
  constructor(options?: ErrorOptions) {
    super('INTERNAL', 'Unexpected error.', options);
  }
}

/**
 * The one rule for a failure on its way to a client: a GatewayError passes as it is; anything else becomes INTERNAL,
 * and the cause of every INTERNAL goes to `logUnexpected`, never to the client.
 */
export function clientFacingError(caught: unknown, logUnexpected: (cause: unknown) => void): GatewayError {
  const error = caught instanceof GatewayError ? caught : new InternalError({ cause: caught });
  if (error instanceof InternalError) logUnexpected(error.originalError ?? caught);
  return error;
}
