import { describe, expect, it } from 'vitest';
import { fromS3ErrorCode, toGatewayError } from '../../src/s3/errors.js';

function sdkError(name: string, status?: number, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`${name} from the SDK`), { name, $metadata: { httpStatusCode: status }, ...extra });
}

describe('toGatewayError', () => {
  it.each([
    ['NoSuchBucket', 404, { bucket: 'b', key: 'k' }, 'NO_SUCH_BUCKET'],
    ['NoSuchKey', 404, { bucket: 'b', key: 'k' }, 'NO_SUCH_KEY'],
    // HeadObject's 404 has no body: the SDK calls it NotFound.
    ['NotFound', 404, { bucket: 'b', key: 'k' }, 'NO_SUCH_KEY'],
    ['NotFound', 404, { bucket: 'b' }, 'NO_SUCH_BUCKET'],
    ['AccessDenied', 403, { bucket: 'b' }, 'ACCESS_DENIED'],
    ['InvalidAccessKeyId', 403, { bucket: 'b' }, 'ACCESS_DENIED'],
    ['SignatureDoesNotMatch', 403, { bucket: 'b' }, 'ACCESS_DENIED'],
    ['ExpiredToken', 400, { bucket: 'b' }, 'ACCESS_DENIED'],
    ['Forbidden', 403, { bucket: 'b' }, 'ACCESS_DENIED'],
    ['EntityTooLarge', 400, { bucket: 'b' }, 'ENTITY_TOO_LARGE'],
    ['PreconditionFailed', 412, { bucket: 'b', key: 'k' }, 'PRECONDITION_FAILED'],
    ['InvalidBucketName', 400, { bucket: 'b' }, 'INVALID_INPUT'],
    ['KeyTooLongError', 400, { bucket: 'b' }, 'INVALID_INPUT'],
    ['SlowDown', 503, { bucket: 'b' }, 'S3_THROTTLED'],
    ['ThrottlingException', 400, { bucket: 'b' }, 'S3_THROTTLED'],
    ['', 503, { bucket: 'b' }, 'S3_THROTTLED'],
    ['', 429, { bucket: 'b' }, 'S3_THROTTLED'],
    ['ServiceUnavailable', 503, { bucket: 'b' }, 'S3_UNAVAILABLE'],
    ['InternalError', 500, { bucket: 'b' }, 'S3_UNAVAILABLE'],
    ['', 502, { bucket: 'b' }, 'S3_UNAVAILABLE'],
    ['NotImplemented', 501, { bucket: 'b', operation: 'object versions' }, 'NOT_SUPPORTED'],
    ['', 501, { bucket: 'b' }, 'NOT_SUPPORTED'],
    ['TimeoutError', undefined, { bucket: 'b' }, 'S3_UNAVAILABLE'],
    // A 404 about a key, but the upload is what is missing: the client must start over, not look for the object.
    ['NoSuchUpload', 404, { bucket: 'b', key: 'k' }, 'NO_SUCH_UPLOAD'],
    ['InvalidPart', 400, { bucket: 'b', key: 'k' }, 'INVALID_INPUT'],
    ['InvalidPartOrder', 400, { bucket: 'b', key: 'k' }, 'INVALID_INPUT'],
    ['EntityTooSmall', 400, { bucket: 'b', key: 'k' }, 'INVALID_INPUT'],
    ['SomethingNew', 400, { bucket: 'b' }, 'INTERNAL'],
  ])('maps %s (HTTP %s) to its code', (name, status, target, code) => {
    expect(toGatewayError(sdkError(name, status), target).code).toBe(code);
  });

  it('recognises connection failures by their socket error code, also behind a cause', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:9000'), { code: 'ECONNREFUSED' });
    expect(toGatewayError(refused, { bucket: 'b' }).code).toBe('S3_UNAVAILABLE');
    const wrapped = new Error('fetch failed', { cause: Object.assign(new Error('getaddrinfo'), { code: 'ENOTFOUND' }) });
    expect(toGatewayError(wrapped, { bucket: 'b' }).code).toBe('S3_UNAVAILABLE');
    const aggregate = new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })], 'all failed');
    expect(toGatewayError(aggregate, { bucket: 'b' }).code).toBe('S3_UNAVAILABLE');
  });

  it('recognises an answer cut off before its end, and a 200 the SDK could not read', () => {
    const aborted = Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    expect(toGatewayError(aborted, { bucket: 'b' }).code).toBe('S3_UNAVAILABLE');
    const prematureClose = Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
    expect(toGatewayError(prematureClose, { bucket: 'b' }).code).toBe('S3_UNAVAILABLE');
    const unreadable = sdkError('Error', 200);
    Object.defineProperty(unreadable, '$response', { value: { statusCode: 200 }, enumerable: false });
    expect(toGatewayError(unreadable, { bucket: 'b' }).code).toBe('S3_UNAVAILABLE');
  });

  it('says that object lock refused, for the AccessDenied of a protected version, in the words of S3 and of Ceph RGW', () => {
    for (const message of ['Access Denied because object protected by object lock.', 'forbidden by object lock']) {
      const error = toGatewayError(sdkError('AccessDenied', 403, { message }), { bucket: 'b', key: 'k' });
      expect(error.code).toBe('ACCESS_DENIED');
      expect(error.message).toMatch(/object lock protects this object version/);
    }
    // DeleteObjects reports each key's failure by code and message inside its answer.
    expect(fromS3ErrorCode('AccessDenied', { bucket: 'b', key: 'k' }, 'forbidden by object lock').message).toMatch(/object lock protects/);
    expect(toGatewayError(sdkError('AccessDenied', 403, { message: 'Access Denied' }), { bucket: 'b' }).message).toBe(
      'Access denied by the S3 store.',
    );
  });

  it('says a bucket has no object lock when retention is set in one created without it', () => {
    const error = toGatewayError(sdkError('InvalidRequest', 400, { message: 'Bucket is missing Object Lock Configuration' }), {
      bucket: 'b',
      key: 'k',
    });
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(/Bucket "b" has no object lock/);
  });

  it('names the unsupported operation when the caller said which', () => {
    const error = toGatewayError(sdkError('NotImplemented', 501), { bucket: 'b', operation: 'object versions' });
    expect(error.message).toBe('The S3 store does not support object versions.');
  });

  it('names the bucket and key in messages, and never the SDK message, endpoint or stack', () => {
    const error = toGatewayError(sdkError('NoSuchKey', 404, { message: 'at http://10.0.0.5:9000 with AKIASECRET' }), {
      bucket: 'photos',
      key: 'a.png',
    });
    expect(error.message).toBe('Object "a.png" does not exist in bucket "photos".');
    const internal = toGatewayError(new Error('secret http://10.0.0.5'), { bucket: 'b' });
    expect(internal.message).toBe('Unexpected error.');
    expect(JSON.stringify(internal.toJSON())).not.toContain('10.0.0.5');
  });
});
