import { mkdir, readdir, readFile, rm, stat, unlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join, posix } from 'node:path';
import { isValidBucketName } from './validation.js';

/**
 * The embedded S3-compatible store: s3rver in-process, with its defects that would reach users fixed here.
 * - keys are mapped to paths segment by segment, so '..', '.', empty and over-long segments stay inside the directory;
 * - listings follow S3: UTF-8 byte order, MaxKeys counting objects and common prefixes, plain continuation tokens
 *   (s3rver's use DES, which Node's OpenSSL 3 refuses);
 * - x-amz-copy-source is decoded as S3 documents it (s3rver's decodeURI leaves %2B, %26, %3F ... encoded);
 * - If-Match on GetObject and x-amz-copy-source-if-match on copies are honoured;
 * - signatures are checked strictly (s3rver refused the SDK's HeadBucket, signed as "/bucket/");
 * - AbortMultipartUpload and ListMultipartUploads exist.
 * Not fixed: POST form policies are not checked (content-length-range, content type).
 */

const require = createRequire(import.meta.url);

interface S3rverContext {
  method: string;
  status: number;
  params: { bucket: string; key?: string };
  query: Record<string, string | undefined>;
  headers: Record<string, string | undefined>;
  body: unknown;
  type: string;
  store: SafeFilesystemStore;
}
type Controller = (ctx: S3rverContext) => Promise<void>;

interface S3rverStoredObject {
  key: string;
  size: number;
  lastModifiedDate: Date;
  metadata: { etag: string };
}

interface FilesystemStoreBase {
  rootDirectory: string;
  getMetadata(bucket: string, key: string): Promise<{ etag: string }>;
}

interface KoaContext {
  path: string;
  headers: Record<string, string | undefined>;
  method: string;
  query: Record<string, string | undefined>;
  status: number;
  type: string;
  body: unknown;
}
type Middleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

interface S3rverInstance {
  middleware: Middleware[];
  store: FilesystemStoreBase;
  context: { store: FilesystemStoreBase };
  run(): Promise<{ port: number } & AddressInfo>;
  close(): Promise<void>;
}

type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;
type FilesystemStoreConstructor = new (rootDirectory: string) => FilesystemStoreBase;
type S3ErrorConstructor = new (code: string, message: string, detail?: Record<string, unknown>) => Error;
type S3ObjectConstructor = new (bucket: string, key: string, content: null, metadata: unknown) => S3rverStoredObject;

const S3rver = require('@20minutes/s3rver') as S3rverConstructor;
const FilesystemStore = require('@20minutes/s3rver/lib/stores/filesystem') as FilesystemStoreConstructor;
const S3Error = require('@20minutes/s3rver/lib/models/error') as S3ErrorConstructor;
const S3Object = require('@20minutes/s3rver/lib/models/object') as S3ObjectConstructor;
const bucketController = require('@20minutes/s3rver/lib/controllers/bucket') as Record<string, Controller>;
const objectController = require('@20minutes/s3rver/lib/controllers/object') as Record<string, Controller>;
const signatureV4 = require('@20minutes/s3rver/lib/signature/v4') as {
  getStringToSign: (request: CanonicalRequest, ...rest: unknown[]) => string;
};

export const EMBEDDED_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

const OBJECT_SUFFIX = '._S3rver_object';
// Directory entries hold at most 255 bytes; long key segments are split into chained directories.
const MAX_NAME_BYTES = 200;
const CONTINUED = '%+';

function chunkByBytes(value: string): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const character of value) {
    if (Buffer.byteLength(current + character) > MAX_NAME_BYTES) {
      chunks.push(current);
      current = '';
    }
    current += character;
  }
  chunks.push(current);
  return chunks;
}

/** One key segment as a safe, reversible path: '%' is escaped so that '%E', '%2E' and '%+' can only be ours. */
function encodeSegment(segment: string): string {
  if (segment === '') return '%E';
  if (segment === '.' || segment === '..') return segment.replaceAll('.', '%2E');
  return chunkByBytes(segment.replaceAll('%', '%25')).join(`${CONTINUED}/`);
}

function decodeSegment(encoded: string): string {
  if (encoded === '%E') return '';
  return encoded.replace(/%(25|2E)/g, (_match, code: string) => (code === '25' ? '%' : '.'));
}

export function encodeKeyPath(key: string): string {
  return key.split('/').map(encodeSegment).join('/');
}

export function decodeKeyPath(path: string): string {
  const segments: string[] = [];
  let pending = '';
  for (const part of path.split('/')) {
    if (part.endsWith(CONTINUED)) {
      pending += part.slice(0, -CONTINUED.length);
      continue;
    }
    segments.push(decodeSegment(pending + part));
    pending = '';
  }
  return segments.join('/');
}

function isMissingFile(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

function compareUtf8(left: string, right: string): number {
  return Buffer.compare(Buffer.from(left), Buffer.from(right));
}

interface ListOptions {
  prefix?: string;
  delimiter?: string;
  startAfter?: string;
  maxKeys?: number;
}

interface ListResult {
  objects: S3rverStoredObject[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** The last key or common prefix listed, where a next page starts after. */
  lastPosition: string | undefined;
}

class SafeFilesystemStore extends FilesystemStore {
  getBucketPath(bucket: string): string {
    if (!isValidBucketName(bucket)) throw new S3Error('InvalidBucketName', 'The specified bucket is not valid.', { BucketName: bucket });
    return join(this.rootDirectory, bucket);
  }

  getResourcePath(bucket: string, key = '', resource: string): string {
    const parts = encodeKeyPath(key).split('/');
    const last = parts.pop() ?? '';
    return join(this.getBucketPath(bucket), ...parts, `${last}._S3rver_${resource}`);
  }

  async deleteObject(bucket: string, key: string): Promise<void> {
    await Promise.all(
      ['object', 'object.md5', 'metadata.json'].map((resource) =>
        unlink(this.getResourcePath(bucket, key, resource)).catch((error: unknown) => {
          if (!isMissingFile(error)) throw error;
        }),
      ),
    );
    // Remove the directories the key leaves empty, never the bucket itself.
    const bucketPath = this.getBucketPath(bucket);
    const directories = encodeKeyPath(key).split('/').slice(0, -1);
    while (directories.length > 0) {
      const directory = join(bucketPath, ...directories);
      const entries = await readdir(directory).catch(() => ['(gone)']);
      if (entries.length > 0) break;
      await rm(directory, { recursive: true, force: true });
      directories.pop();
    }
  }

  /** Every key below the directory that holds `prefix`, in S3 order. */
  private async keysUnder(bucket: string, prefix: string): Promise<string[]> {
    const bucketPath = this.getBucketPath(bucket);
    const prefixDirectory = encodeKeyPath(prefix).split('/').slice(0, -1);
    const keys: string[] = [];
    const walk = async (relative: string): Promise<void> => {
      const entries = await readdir(join(bucketPath, relative), { withFileTypes: true }).catch((error: unknown) => {
        if (isMissingFile(error)) return [];
        throw error;
      });
      for (const entry of entries) {
        const path = relative === '' ? entry.name : posix.join(relative, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (entry.name.endsWith(OBJECT_SUFFIX)) keys.push(decodeKeyPath(path.slice(0, -OBJECT_SUFFIX.length)));
      }
    };
    await walk(prefixDirectory.join('/'));
    return keys.filter((key) => key.startsWith(prefix)).sort(compareUtf8);
  }

  async listObjects(bucket: string, options: ListOptions): Promise<ListResult> {
    const { prefix = '', delimiter = '', startAfter = '', maxKeys = 1000 } = options;
    const objectKeys: string[] = [];
    const commonPrefixes: string[] = [];
    let lastPosition: string | undefined;
    let isTruncated = false;
    for (const key of await this.keysUnder(bucket, prefix)) {
      if (compareUtf8(key, startAfter) <= 0) continue;
      const delimiterAt = delimiter === '' ? -1 : key.indexOf(delimiter, prefix.length);
      const commonPrefix = delimiterAt === -1 ? undefined : key.slice(0, delimiterAt + delimiter.length);
      // MaxKeys counts a common prefix once, where it first appears.
      if (commonPrefix !== undefined && commonPrefix === commonPrefixes.at(-1)) continue;
      if (compareUtf8(commonPrefix ?? key, startAfter) <= 0) continue;
      if (objectKeys.length + commonPrefixes.length >= maxKeys) {
        isTruncated = true;
        break;
      }
      if (commonPrefix === undefined) objectKeys.push(key);
      else commonPrefixes.push(commonPrefix);
      lastPosition = commonPrefix ?? key;
    }
    const objects = await Promise.all(objectKeys.map(async (key) => new S3Object(bucket, key, null, await this.getMetadata(bucket, key))));
    return { objects, commonPrefixes, isTruncated, lastPosition };
  }
}

type XmlValue = string | number | boolean | undefined | XmlValue[] | { [name: string]: XmlValue };

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** XML for S3 answers; s3rver's own builder escapes twice, so keys with '&' came back as '&amp;'. */
function toXml(name: string, value: XmlValue): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((item) => toXml(name, item)).join('');
  if (typeof value === 'object')
    return `<${name}>${Object.entries(value)
      .map(([child, item]) => toXml(child, item))
      .join('')}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

function s3XmlDocument(root: string, value: { [name: string]: XmlValue }): string {
  const body = toXml(root, value).replace(`<${root}>`, `<${root} xmlns="http://s3.amazonaws.com/doc/2006-03-01/">`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
}

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

/** s3rver's router cannot match empty path segments ("a//b", "/leading"): carry each extra slash as %2F, which it decodes back. */
const keepEmptyKeySegments: Middleware = async (ctx, next) => {
  ctx.headers[SIGNED_PATH_HEADER] = ctx.path;
  if (ctx.path.includes('//')) ctx.path = ctx.path.replace(/(?<=\/)\//g, '%2F');
  await next();
};

interface CanonicalRequest {
  uri: string;
  headers: Record<string, string | undefined>;
}

/** The SDK signs bucket requests such as HeadBucket as "/bucket/"; s3rver rebuilt "/bucket" and refused the signature. */
function signTrailingSlash(getStringToSign: (request: CanonicalRequest, ...rest: unknown[]) => string) {
  return (request: CanonicalRequest, ...rest: unknown[]) => {
    const signedPath = request.headers[SIGNED_PATH_HEADER] ?? '';
    const uri = signedPath.endsWith('/') && !request.uri.endsWith('/') ? `${request.uri}/` : request.uri;
    return getStringToSign({ ...request, uri }, ...rest);
  };
}

const UPLOAD_ID = /^[\w-]{1,200}$/;

/**
 * AbortMultipartUpload and ListMultipartUploads, which s3rver lacks: without them an interrupted upload's parts
 * would stay on disk for ever, and nobody could see them.
 */
function multipartUploads(store: SafeFilesystemStore): Middleware {
  return async (ctx, next) => {
    const [, bucket = '', ...keyParts] = ctx.path.split('/');
    const uploadId = ctx.query.uploadId;
    if (ctx.method === 'DELETE' && keyParts.length > 0 && uploadId !== undefined) {
      if (!UPLOAD_ID.test(uploadId)) throw new S3Error('NoSuchUpload', 'The specified upload does not exist.', { UploadId: uploadId });
      const directory = join(store.getResourcePath(bucket, undefined, 'uploads'), uploadId);
      if ((await readdir(directory).catch(() => undefined)) === undefined) {
        throw new S3Error('NoSuchUpload', 'The specified upload does not exist.', { UploadId: uploadId });
      }
      await rm(directory, { recursive: true, force: true });
      ctx.status = 204;
      return;
    }
    if (ctx.method === 'GET' && keyParts.join('') === '' && 'uploads' in ctx.query) {
      ctx.type = 'application/xml';
      ctx.body = await listUploads(store, bucket);
      return;
    }
    await next();
  };
}

async function listUploads(store: SafeFilesystemStore, bucket: string): Promise<string> {
  const uploadsDirectory = store.getResourcePath(bucket, undefined, 'uploads');
  const uploadIds = await readdir(uploadsDirectory).catch(() => []);
  const uploads = await Promise.all(
    uploadIds.map(async (uploadId) => ({
      Key: await readFile(join(uploadsDirectory, uploadId, 'key'), 'utf8').catch(() => ''),
      UploadId: uploadId,
      Initiated: (await stat(join(uploadsDirectory, uploadId))).mtime.toISOString(),
    })),
  );
  return s3XmlDocument('ListMultipartUploadsResult', { Bucket: bucket, IsTruncated: false, Upload: uploads });
}

let controllersPatched = false;

function patchControllers(): void {
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
    await getObject(ctx);
  };
  objectController.putObjectCopy = wrapCopy(putObjectCopy);
  signatureV4.getStringToSign = signTrailingSlash(signatureV4.getStringToSign);
  objectController.uploadPartCopy = wrapCopy(uploadPartCopy);
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

export interface EmbeddedStoreOptions {
  directory: string;
  buckets: string[];
  /** 0 picks a free port. */
  port: number;
}

export interface EmbeddedStore {
  endpoint: string;
  close(): Promise<void>;
}

/** Starts s3rver on a loopback port, keeping its data in `directory` and creating `buckets` if missing. */
export async function startEmbeddedStore(options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
  patchControllers();
  await mkdir(options.directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port,
    directory: options.directory,
    silent: process.env.S3RVER_DEBUG === undefined,
    vhostBuckets: false,
    configureBuckets: options.buckets.map((name) => ({ name, configs: [] })),
  });
  const store = new SafeFilesystemStore(options.directory);
  server.store = server.context.store = store;
  server.middleware.unshift(keepEmptyKeySegments, multipartUploads(store));
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    close: () => server.close(),
  };
}
