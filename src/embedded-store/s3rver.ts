import { createRequire } from 'node:module';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import type { SafeFilesystemStore } from './filesystem-store.js';

/** s3rver's internals that the embedded store patches, typed as far as it uses them. */

const require = createRequire(import.meta.url);

/** s3rver's one account, which every request to the embedded store is signed with. */
export const EMBEDDED_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface S3rverContext {
  method: string;
  status: number;
  params: { bucket: string; key?: string };
  query: Record<string, string | undefined>;
  headers: Record<string, string | undefined>;
  body: unknown;
  type: string;
  store: SafeFilesystemStore;
  req: IncomingMessage;
  origin: string;
  set(header: string, value: string): void;
}
export type Controller = (ctx: S3rverContext) => Promise<void>;

export interface S3rverStoredObject {
  bucket: string;
  key: string;
  size: number;
  lastModifiedDate: Date;
  metadata: { etag: string };
}

interface FilesystemStoreBase {
  rootDirectory: string;
  getMetadata(bucket: string, key: string): Promise<{ etag: string; 'content-length': number }>;
  putObject(object: S3rverStoredObject): Promise<{ md5: string; size: number }>;
  putObjectMultipart(bucket: string, uploadId: string, parts: { number: number; etag: string }[]): Promise<{ md5: string; size: number }>;
  copyObject(
    sourceBucket: string,
    sourceKey: string,
    bucket: string,
    key: string,
    replacementMetadata?: Record<string, string>,
  ): Promise<unknown>;
  putBucket(bucket: string): Promise<unknown>;
  deleteBucket(bucket: string): Promise<void>;
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
export type Middleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

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
type S3ObjectConstructor = (new (bucket: string, key: string, content: Readable | null, metadata: unknown) => S3rverStoredObject) & {
  /** The request headers an object keeps and answers with. */
  ALLOWED_METADATA: string[];
};

export const S3rver = require('@20minutes/s3rver') as S3rverConstructor;
export const FilesystemStore = require('@20minutes/s3rver/lib/stores/filesystem') as FilesystemStoreConstructor;
export const S3Error = require('@20minutes/s3rver/lib/models/error') as S3ErrorConstructor;
export const S3Object = require('@20minutes/s3rver/lib/models/object') as S3ObjectConstructor;
export const bucketController = require('@20minutes/s3rver/lib/controllers/bucket') as Record<string, Controller>;
export const objectController = require('@20minutes/s3rver/lib/controllers/object') as Record<string, Controller>;
export const signatureV4 = require('@20minutes/s3rver/lib/signature/v4') as {
  getStringToSign: (request: CanonicalRequest, ...rest: unknown[]) => string;
  getSigningKey: (secretKey: string, date: string, region: string, service: string) => Buffer;
};

export interface CanonicalRequest {
  uri: string;
  querystring: string;
  headers: Record<string, string | undefined>;
}
