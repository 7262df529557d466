import type { ListOptions, ListResult } from './filesystem-store.js';
import {
  bucketController,
  EMBEDDED_CREDENTIALS,
  type CanonicalRequest,
  type Controller,
  type Middleware,
  objectController,
  S3Error,
  S3Object,
  type S3rverContext,
  signatureV4,
} from './s3rver.js';
import { getObjectTagging, putObjectTagging } from './object-tags.js';
import { postObject } from './post-object.js';
import { s3XmlDocument } from './xml.js';

/** s3rver's controllers and routing, patched where they differ from S3 in ways the gateway's users would see. */

function listObjectsV2Body(ctx: S3rverContext, result: ListResult, options: ListOptions, continuationToken: string | undefined) {
  return s3XmlDocument('ListBucketResult', {
    Name: ctx.params.bucket,
    Prefix: options.prefix ?? '',
    StartAfter: ctx.query['start-after'],
    ContinuationToken: continuationToken,
    NextContinuationToken:
      result.isTruncated && result.lastPosition !== undefined ? Buffer.from(result.lastPosition).toString('base64url') : undefined,
    KeyCount: result.objects.length + result.commonPrefixes.length,
    MaxKeys: options.maxKeys,
    Delimiter: options.delimiter === '' ? undefined : options.delimiter,
    IsTruncated: result.isTruncated,
    Contents: result.objects.map((object) => ({
      Key: object.key,
      LastModified: object.lastModifiedDate.toISOString(),
      ETag: object.metadata.etag,
      Size: object.size,
      StorageClass: 'STANDARD',
    })),
    CommonPrefixes: result.commonPrefixes.map((prefix) => ({ Prefix: prefix })),
  });
}

async function listObjectsV2(ctx: S3rverContext): Promise<void> {
  const maxKeysParameter = ctx.query['max-keys'] ?? '1000';
  if (!/^\d+$/.test(maxKeysParameter)) {
    throw new S3Error('InvalidArgument', 'Provided max-keys not an integer or within integer range', { ArgumentName: 'max-keys' });
  }
  const continuationToken = ctx.query['continuation-token'];
  const startAfter =
    continuationToken === undefined ? (ctx.query['start-after'] ?? '') : Buffer.from(continuationToken, 'base64url').toString();
  const options: ListOptions = {
    prefix: ctx.query.prefix ?? '',
    delimiter: ctx.query.delimiter ?? '',
    startAfter,
    maxKeys: Math.min(1000, Number(maxKeysParameter)),
  };
  const result =
    options.maxKeys === 0
      ? { objects: [], commonPrefixes: [], isTruncated: false, lastPosition: undefined }
      : await ctx.store.listObjects(ctx.params.bucket, options);
  ctx.type = 'application/xml';
  ctx.body = listObjectsV2Body(ctx, result, options, continuationToken);
}

async function assertSourceMatches(ctx: S3rverContext, bucket: string, key: string, expected: string | undefined, condition: string) {
  if (expected === undefined || expected === '*') return;
  const metadata = await ctx.store.getMetadata(bucket, key).catch(() => undefined);
  if (metadata !== undefined && metadata.etag !== expected) {
    throw new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { Condition: condition });
  }
}

/** s3rver reads "bytes=-N" as "bytes=0-N"; S3 answers the last N bytes (all of them when the object is shorter). */
async function resolveSuffixRange(ctx: S3rverContext): Promise<void> {
  const suffix = /^bytes=-(\d+)$/.exec(ctx.headers.range ?? '');
  if (suffix === null) return;
  const length = Number(suffix[1]);
  if (length === 0) throw new S3Error('InvalidRange', 'The requested range is not satisfiable', { RangeRequested: ctx.headers.range });
  // A missing object is left to getObject, which answers NoSuchKey.
  const metadata = await ctx.store.getMetadata(ctx.params.bucket, ctx.params.key ?? '').catch(() => undefined);
  if (metadata !== undefined) ctx.headers.range = `bytes=${Math.max(0, metadata['content-length'] - length)}-`;
}

function wrapCopy(original: Controller): Controller {
  return async (ctx) => {
    const header = ctx.headers['x-amz-copy-source'] ?? '';
    let decoded: string;
    try {
      decoded = decodeURIComponent(header);
    } catch {
      throw new S3Error('InvalidArgument', 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey', {
        ArgumentName: 'x-amz-copy-source',
      });
    }
    const [sourceBucket = '', ...sourceKey] = decoded.replace(/^\//, '').split('/');
    await assertSourceMatches(
      ctx,
      sourceBucket,
      sourceKey.join('/'),
      ctx.headers['x-amz-copy-source-if-match'],
      'x-amz-copy-source-If-Match',
    );
    // s3rver decodes the header with decodeURI, whose inverse is encodeURI.
    ctx.headers['x-amz-copy-source'] = encodeURI(decoded);
    await original(ctx);
  };
}

// The path as the client sent (and signed) it, before s3rver's routing rewrites it.
const SIGNED_PATH_HEADER = 'x-s3gw-signed-path';

/**
 * s3rver serves a request that carries no signature as if every bucket were public: anyone who could reach the store
 * (a presigned URL names it) could read and write any key. Every request must be signed; a POST form, in its policy.
 */
export const refuseUnsigned: Middleware = async (ctx, next) => {
  const signed = 'authorization' in ctx.headers || 'X-Amz-Algorithm' in ctx.query || 'Signature' in ctx.query;
  const form = ctx.method === 'POST' && (ctx.headers['content-type'] ?? '').startsWith('multipart/form-data');
  // A CORS preflight carries no credentials, and grants nothing.
  if (!signed && !form && ctx.method !== 'OPTIONS') throw new S3Error('AccessDenied', 'Access Denied');
  await next();
};

/** s3rver's router cannot match empty path segments ("a//b", "/leading"): carry each extra slash as %2F, which it decodes back. */
export const keepEmptyKeySegments: Middleware = async (ctx, next) => {
  ctx.headers[SIGNED_PATH_HEADER] = ctx.path;
  if (ctx.path.includes('//')) ctx.path = ctx.path.replace(/(?<=\/)\//g, '%2F');
  await next();
};

/** SigV4 encodes ! ' ( ) * in query values; encodeURIComponent, which s3rver uses, leaves them as they are. */
function encodeQueryRfc3986(querystring: string): string {
  if (querystring === '') return querystring;
  return querystring
    .split('&')
    .map((parameter) => parameter.replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`))
    .sort()
    .join('&');
}

/**
 * Rebuilds the canonical request as the SDK signed it: bucket requests such as HeadBucket are signed as "/bucket/"
 * (s3rver rebuilt "/bucket"), and query values are encoded as SigV4 says (a prefix or StartAfter with "(" was refused).
 */
function signAsTheSdk(getStringToSign: (request: CanonicalRequest, ...rest: unknown[]) => string) {
  return (request: CanonicalRequest, ...rest: unknown[]) => {
    const signedPath = request.headers[SIGNED_PATH_HEADER] ?? '';
    const uri = signedPath.endsWith('/') && !request.uri.endsWith('/') ? `${request.uri}/` : request.uri;
    return getStringToSign({ ...request, uri, querystring: encodeQueryRfc3986(request.querystring) }, ...rest);
  };
}

let controllersPatched = false;

export function patchControllers(): void {
  if (controllersPatched) return;
  controllersPatched = true;
  const { getBucket, getObject, putObjectCopy, uploadPartCopy } = objectAndBucketControllers();
  bucketController.getBucket = async (ctx) => {
    // HeadBucket: the bucket exists (s3rver's bucketExists middleware ran), nothing needs listing.
    if (ctx.method === 'HEAD') ctx.status = 200;
    else if (ctx.query['list-type'] === '2') await listObjectsV2(ctx);
    else await getBucket(ctx);
  };
  objectController.getObject = async (ctx) => {
    await assertSourceMatches(ctx, ctx.params.bucket, ctx.params.key ?? '', ctx.headers['if-match'], 'If-Match');
    await resolveSuffixRange(ctx);
    await getObject(ctx);
  };
  objectController.putObjectCopy = wrapCopy(putObjectCopy);
  objectController.postObject = postObject(EMBEDDED_CREDENTIALS.secretAccessKey);
  signatureV4.getStringToSign = signAsTheSdk(signatureV4.getStringToSign);
  objectController.uploadPartCopy = wrapCopy(uploadPartCopy);
  objectController.getObjectTagging = getObjectTagging;
  objectController.putObjectTagging = putObjectTagging;
  // Kept and answered like the other stored headers, so that clients see what they asked for (the files are not encrypted).
  S3Object.ALLOWED_METADATA.push('x-amz-server-side-encryption', 'x-amz-server-side-encryption-aws-kms-key-id');
}

function objectAndBucketControllers(): Record<'getBucket' | 'getObject' | 'putObjectCopy' | 'uploadPartCopy', Controller> {
  const pick = (controllers: Record<string, Controller>, name: string): Controller => {
    const controller = controllers[name];
    if (controller === undefined) throw new Error(`s3rver has no controller ${name}; its version is not the one this module fixes`);
    return controller;
  };
  return {
    getBucket: pick(bucketController, 'getBucket'),
    getObject: pick(objectController, 'getObject'),
    putObjectCopy: pick(objectController, 'putObjectCopy'),
    uploadPartCopy: pick(objectController, 'uploadPartCopy'),
  };
}
