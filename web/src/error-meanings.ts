import type { ErrorCode } from './gql/graphql.js';

/** What each of the gateway's error codes means for a person using the browser: shown above the gateway's own message. */
const MEANINGS: Record<ErrorCode, string> = {
  NO_SUCH_BUCKET: 'This bucket does not exist (any more).',
  NO_SUCH_KEY: 'This object does not exist any more; someone may have moved or deleted it. Reload the folder.',
  NO_SUCH_VERSION: 'This version of the object does not exist (any more).',
  ACCESS_DENIED: 'You are not allowed to do this. Ask for access, or paste another API key or token above.',
  INVALID_INPUT: 'The gateway refused what was asked: a name, filter or value is not valid.',
  ENTITY_TOO_LARGE: 'This is larger than the gateway accepts.',
  PRECONDITION_FAILED: 'The object changed while this ran (or already exists); nothing was lost. Try again.',
  S3_UNAVAILABLE: 'The storage behind the gateway does not answer. Try again in a moment.',
  S3_THROTTLED: 'The storage asks to slow down. Try again in a moment.',
  REQUEST_TIMEOUT: 'This took too long and was stopped. A change may still have happened: reload before trying again.',
  INTERNAL: 'Something went wrong in the gateway. Try again; if it persists, tell its operator.',
  BUCKET_NOT_EMPTY: 'The bucket still holds objects.',
  BUCKET_ALREADY_EXISTS: 'This bucket name is taken.',
  QUERY_TOO_COMPLEX: 'This asks for too much at once. Ask for fewer items.',
  UNAUTHENTICATED: 'The gateway needs you to sign in: paste a valid API key or token in the header.',
  RESOURCE_EXHAUSTED: 'The gateway is busy with too much work right now. Try again later, or ask for less.',
  NO_SUCH_UPLOAD: 'This upload no longer exists: it finished or was aborted.',
  JOBS_UNAVAILABLE: 'Long operations are unavailable right now (the job store does not answer). Try again later.',
  RATE_LIMITED: 'Too many requests in a short time. Wait a moment and try again.',
  EVENTS_UNAVAILABLE: 'Live updates are unavailable right now.',
  NOT_SUPPORTED: 'The storage behind the gateway does not support this operation.',
};

/** The meaning of an error code for a person, or undefined for a code this page does not know (a transport failure, GraphQL's own). */
export function meaningOf(code: string): string | undefined {
  return Object.hasOwn(MEANINGS, code) ? MEANINGS[code as ErrorCode] : undefined;
}
