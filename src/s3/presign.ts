import {
  GetObjectCommand,
  PutObjectCommand,
  type S3Client,
  type ServiceInputTypes,
  type ServiceOutputTypes,
  type UploadPartCommand,
} from '@aws-sdk/client-s3';
import { createPresignedPost, type PresignedPostOptions } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl, S3RequestPresigner } from '@aws-sdk/s3-request-presigner';
import { buildQueryString, HttpRequest } from '@smithy/core/protocols';
import type { FinalizeRequestMiddleware, HttpRequest as IHttpRequest } from '@smithy/types';
import { InvalidInputError } from '../errors.js';
import { type S3Access, withS3Errors } from './access.js';
import type { ObjectLocation, PresignedPost, SignedPart, VersionLocation } from './types.js';
import { assertBucketName, assertContentType, assertObjectKey, assertVersionId } from './validation.js';
import { assertVersionsSupported } from './versions.js';

type Condition = NonNullable<PresignedPostOptions['Conditions']>[number];

export function assertPresignable(access: S3Access, location: ObjectLocation, expiresInSeconds: number): void {
  assertBucketName(location.bucket);
  assertObjectKey(location.key);
  const maxExpires = access.limits.presignMaxExpiresSeconds;
  if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > maxExpires) {
    throw new InvalidInputError(`expiresIn must be between 1 and ${maxExpires} seconds.`);
  }
}

/** A presigned PUT for a browser to upload straight to S3; the content type is signed, so the upload must declare it. */
export async function presignUpload(
  access: S3Access,
  location: ObjectLocation,
  contentType: string,
  expiresInSeconds: number,
): Promise<string> {
  assertPresignable(access, location, expiresInSeconds);
  assertContentType(contentType);
  return withS3Errors(access, location, () =>
    getSignedUrl(access.signer, new PutObjectCommand({ Bucket: location.bucket, Key: location.key, ContentType: contentType }), {
      expiresIn: expiresInSeconds,
      signableHeaders: new Set(['content-type']),
    }),
  );
}

/** A presigned POST form (HTML form upload) whose policy bounds the size and, when given, the content type. */
export async function presignPost(
  access: S3Access,
  location: ObjectLocation,
  options: { contentType: string | undefined; maxBytes: number; expiresInSeconds: number },
): Promise<PresignedPost> {
  const { maxUploadBytes } = access.limits;
  assertPresignable(access, location, options.expiresInSeconds);
  if (options.contentType !== undefined) assertContentType(options.contentType);
  if (!Number.isInteger(options.maxBytes) || options.maxBytes < 1 || options.maxBytes > maxUploadBytes) {
    throw new InvalidInputError(`maxBytes must be between 1 and ${maxUploadBytes}.`);
  }
  const conditions: Condition[] = [['content-length-range', 0, options.maxBytes]];
  if (options.contentType !== undefined) conditions.push({ 'Content-Type': options.contentType });
  return withS3Errors(access, location, () =>
    createPresignedPost(access.signer, {
      Bucket: location.bucket,
      Key: location.key,
      Conditions: conditions,
      Fields: options.contentType === undefined ? {} : { 'Content-Type': options.contentType },
      Expires: options.expiresInSeconds,
    }),
  );
}

export async function presignDownload(access: S3Access, location: VersionLocation, expiresInSeconds: number): Promise<string> {
  assertPresignable(access, location, expiresInSeconds);
  // A store without versions would sign a URL that silently serves the latest content.
  if (location.versionId !== undefined) {
    assertVersionId(location.versionId);
    await assertVersionsSupported(access, location.bucket, 'reading an object version');
  }
  return withS3Errors(access, location, () =>
    getSignedUrl(access.signer, new GetObjectCommand({ Bucket: location.bucket, Key: location.key, VersionId: location.versionId }), {
      expiresIn: expiresInSeconds,
    }),
  );
}

/** One presigner per client: it signs with the client's credentials provider, so refreshed credentials are used. */
const presigners = new WeakMap<S3Client, S3RequestPresigner>();

/** Headers the SDK adds to each request it sends, which a presigned URL must not require (getSignedUrl drops them too). */
const SDK_REQUEST_HEADERS = new Set(['amz-sdk-invocation-id', 'amz-sdk-request', 'x-amz-user-agent']);

/** The request a command makes on `signer` (public endpoint, path style) and the region and service to sign it for. */
async function requestToSign(
  signer: S3Client,
  command: UploadPartCommand,
): Promise<{ request: HttpRequest; signingRegion: string | undefined; signingService: string | undefined }> {
  let captured: { request: HttpRequest; signingRegion: string | undefined; signingService: string | undefined } | undefined;
  // As getSignedUrl does: the stack resolves the endpoint and serializes, and stops before the request is signed and sent.
  const capture: FinalizeRequestMiddleware<ServiceInputTypes, ServiceOutputTypes> = (_next, context) => (args) => {
    if (!HttpRequest.isInstance(args.request)) throw new Error('The request to presign is not an HTTP request.');
    const request = HttpRequest.clone(args.request);
    request.headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !SDK_REQUEST_HEADERS.has(name)));
    const { signing_region: signingRegion, signing_service: signingService } = context as Record<string, string | undefined>;
    captured = { request, signingRegion, signingService };
    return Promise.resolve({ response: {}, output: { $metadata: {} } });
  };
  const stack = signer.middlewareStack.clone();
  stack.addRelativeTo(capture, { name: 'gatewayCaptureRequest', relation: 'before', toMiddleware: 'awsAuthMiddleware', override: true });
  await command.resolveMiddleware(stack, signer.config, {})({ input: command.input });
  if (captured === undefined) throw new Error('The SDK did not build the request to presign.');
  return captured;
}

/**
 * Presigned UploadPart URLs for many part numbers: the request is built once and only its partNumber and signature
 * vary, since getSignedUrl resolves the endpoint and builds a middleware stack for each URL (about 1 ms of CPU each).
 */
export async function presignUploadParts(
  signer: S3Client,
  command: UploadPartCommand,
  partNumbers: number[],
  expiresInSeconds: number,
): Promise<SignedPart[]> {
  const { request, signingRegion, signingService } = await requestToSign(signer, command);
  const presigner = presignerFor(signer);
  return Promise.all(
    partNumbers.map(async (partNumber) => {
      const part = HttpRequest.clone(request);
      part.query = { ...request.query, partNumber: String(partNumber) };
      const signed = await presigner.presign(part, { expiresIn: expiresInSeconds, signingRegion, signingService });
      return { partNumber, url: urlOf(signed) };
    }),
  );
}

function presignerFor(signer: S3Client): S3RequestPresigner {
  const known = presigners.get(signer);
  if (known !== undefined) return known;
  const presigner = new S3RequestPresigner({ ...signer.config });
  presigners.set(signer, presigner);
  return presigner;
}

/** A signed request as a URL, its query escaped by the SDK's own builder. */
function urlOf({ protocol, hostname, port, path, query = {} }: IHttpRequest): string {
  return `${protocol}//${hostname}${port === undefined ? '' : `:${port}`}${path}?${buildQueryString(query)}`;
}
