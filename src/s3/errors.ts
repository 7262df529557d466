import {
  AccessDeniedError,
  BucketAlreadyExistsError,
  BucketNotEmptyError,
  EntityTooLargeError,
  GatewayError,
  InternalError,
  InvalidInputError,
  NoSuchBucketError,
  NoSuchKeyError,
  NoSuchUploadError,
  NoSuchVersionError,
  NotSupportedError,
  ObjectLockedError,
  PreconditionFailedError,
  S3ThrottledError,
  S3UnavailableError,
} from '../errors.js';

/** The one place that knows S3's error names: every SDK failure becomes a GatewayError here. */

export interface S3ErrorTarget {
  bucket: string;
  key?: string;
  /** What the caller asked for, in a user's words (e.g. "object versions"): named when the store does not support it. */
  operation?: string;
  /** The version asked for: a store that does not know it says NoSuchVersion, or refuses the id as invalid. */
  versionId?: string | undefined;
}

interface SdkErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
]);
// Node reports a response cut off before its end as 'aborted' (an ECONNRESET) or as a premature close.
const CUT_OFF_CODES = new Set(['ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);
const UNAVAILABLE_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'ServiceUnavailable', 'InternalError']);
const THROTTLED_NAMES = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequests',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
]);
const ACCESS_DENIED_NAMES = new Set([
  'AccessDenied',
  'AllAccessDisabled',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'InvalidToken',
  'TokenRefreshRequired',
  'AccountProblem',
  'CredentialsProviderError',
]);
const INVALID_INPUT_NAMES = new Set([
  'InvalidBucketName',
  'KeyTooLongError',
  'InvalidArgument',
  'InvalidRequest',
  'InvalidObjectState',
  'MetadataTooLarge',
  'InvalidDigest',
  'BadDigest',
  'InvalidRange',
  'MalformedXML',
  'UnexpectedContent',
  'InvalidPart',
  'InvalidPartOrder',
  'EntityTooSmall',
  // Tags the store refuses beyond the rules checked first (Ceph RGW counts their lengths in bytes, not characters).
  'InvalidTag',
]);

function describe(error: unknown): SdkErrorShape {
  return typeof error === 'object' && error !== null ? error : {};
}

/** True for the SDK's "not found" answers: NoSuchKey from GetObject, a bodiless 404 (NotFound) from HeadObject. */
export function isNotFound(error: unknown): boolean {
  const { name, $metadata } = describe(error);
  return name === 'NoSuchKey' || name === 'NotFound' || name === 'NoSuchBucket' || $metadata?.httpStatusCode === 404;
}

/** The store checked the credentials and only the permission is missing (e.g. to list all buckets): it is reachable and they work. */
export function isPermissionRefusal(error: unknown): boolean {
  return describe(error).name === 'AccessDenied';
}

export function isNoSuchBucket(error: unknown): boolean {
  return describe(error).name === 'NoSuchBucket';
}

/** CreateBucket of a bucket the caller already owns: outside us-east-1 S3 says so instead of succeeding. */
export function isAlreadyOwnedByYou(error: unknown): boolean {
  return describe(error).name === 'BucketAlreadyOwnedByYou';
}

/** GetObjectLockConfiguration of a bucket created without object lock. */
export function isMissingObjectLockConfiguration(error: unknown): boolean {
  return describe(error).name === 'ObjectLockConfigurationNotFoundError' || isNotFound(error);
}

// S3 says "Access Denied because object protected by object lock", Ceph RGW "forbidden by object lock".
const OBJECT_LOCK_REFUSAL = /object lock|retention|retain.until|legal hold/i;

/** The HTTP status of the store's answer, when one came back. */
export function httpStatusOf(error: unknown): number | undefined {
  return describe(error).$metadata?.httpStatusCode;
}

/** A per-key failure of DeleteObjects, which S3 reports by its error code (and message) inside a successful answer. */
export function fromS3ErrorCode(code: string | undefined, target: S3ErrorTarget, message?: string): GatewayError {
  return toGatewayError({ name: code ?? 'InternalError', message }, target);
}

export function toGatewayError(error: unknown, target: S3ErrorTarget): GatewayError {
  if (error instanceof GatewayError) return error;
  const { name = '', $metadata } = describe(error);
  const status = $metadata?.httpStatusCode;
  const options = { cause: error };

  if (name === 'NoSuchBucket') return new NoSuchBucketError(target.bucket, options);
  if (name === 'BucketNotEmpty') return new BucketNotEmptyError(target.bucket, options);
  if (name === 'BucketAlreadyExists') return new BucketAlreadyExistsError(target.bucket, options);
  // Checked before the 404 rule below: S3 says NoSuchUpload with a 404 too.
  if (name === 'NoSuchUpload') return new NoSuchUploadError(target.key ?? '', options);
  if (target.versionId !== undefined && (name === 'NoSuchVersion' || status === 404 || (status === 400 && name === 'InvalidArgument'))) {
    return new NoSuchVersionError(target.bucket, target.key ?? '', target.versionId, options);
  }
  if (name === 'NoSuchKey' || (status === 404 && target.key !== undefined)) {
    return new NoSuchKeyError(target.bucket, target.key ?? '', options);
  }
  if (status === 404) return new NoSuchBucketError(target.bucket, options);
  if (name === 'AccessDenied' && OBJECT_LOCK_REFUSAL.test(describe(error).message ?? '')) return new ObjectLockedError(options);
  if (ACCESS_DENIED_NAMES.has(name) || status === 403) return new AccessDeniedError(undefined, options);
  if (name === 'EntityTooLarge' || status === 413)
    return new EntityTooLargeError('The object is larger than the S3 store accepts.', options);
  if (name === 'PreconditionFailed' || status === 412) {
    return new PreconditionFailedError('The object changed while the operation ran; try again.', options);
  }
  if (name === 'NotImplemented' || status === 501) return new NotSupportedError(target.operation, options);
  // S3: "Bucket is missing Object Lock Configuration"; Ceph RGW: "... can't be set if bucket object lock not configured".
  if (name === 'InvalidRequest' && /object lock/i.test(describe(error).message ?? '')) {
    return new InvalidInputError(
      `Bucket "${target.bucket}" has no object lock: only a bucket created with objectLock: true holds retention and legal holds.`,
      options,
    );
  }
  if (INVALID_INPUT_NAMES.has(name)) return new InvalidInputError(`The S3 store rejected the request (${name}).`, options);
  if (THROTTLED_NAMES.has(name)) return new S3ThrottledError(options);
  if (UNAVAILABLE_NAMES.has(name)) return new S3UnavailableError(options);
  // S3 says SlowDown with a 503; stores behind proxies may say 429 without a code.
  if (status === 503 || status === 429) return new S3ThrottledError(options);
  if (status !== undefined && status >= 500) return new S3UnavailableError(options);
  // An answer the SDK could not read (cut off, or not S3's XML) is the store's failure, whatever its status said.
  if (status !== undefined && status < 300 && (error as { $response?: unknown }).$response !== undefined)
    return new S3UnavailableError(options);
  if (status === undefined && isNetworkFailure(error)) return new S3UnavailableError(options);
  return new InternalError(options);
}

/** Connection failures surface as plain errors whose code (or whose cause's code) is a socket error. */
function isNetworkFailure(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const { code } = describe(current);
    if (code !== undefined && (NETWORK_ERROR_CODES.has(code) || CUT_OFF_CODES.has(code))) return true;
    if (current instanceof AggregateError && current.errors.some(isNetworkFailure)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
