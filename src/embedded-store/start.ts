import { mkdir } from 'node:fs/promises';
import { SafeFilesystemStore } from './filesystem-store.js';
import { multipartUploads } from './multipart-uploads.js';
import { ObjectTagFiles } from './object-tags.js';
import { keepEmptyKeySegments, patchControllers, refuseUnsigned } from './patches.js';
import { S3rver } from './s3rver.js';

/**
 * The embedded S3-compatible store: s3rver in-process, with its defects that would reach users fixed here.
 * - keys are mapped to paths segment by segment, so '..', '.', empty and over-long segments stay inside the directory;
 * - listings follow S3: UTF-8 byte order, MaxKeys counting objects and common prefixes, plain continuation tokens
 *   (s3rver's use DES, which Node's OpenSSL 3 refuses);
 * - x-amz-copy-source is decoded as S3 documents it (s3rver's decodeURI leaves %2B, %26, %3F ... encoded);
 * - If-Match on GetObject and x-amz-copy-source-if-match on copies are honoured;
 * - signatures are checked strictly, on the canonical request the SDK signed (s3rver refused HeadBucket, signed as
 *   "/bucket/", and query values with ! ' ( ) *, which SigV4 encodes);
 * - every request must be signed (s3rver served unsigned ones as if every bucket were public);
 * - POST forms are checked against their signed policy: signature, expiry, every condition, no extra field;
 * - a suffix Range (bytes=-N) answers the last N bytes;
 * - multipart uploads as S3 has them: ListParts, ListMultipartUploads, AbortMultipartUpload, uploadIds bound to their
 *   key, parts checked on completion, and If-None-Match: * on writes;
 * - object tags as S3 keeps them (object-tags.ts); object lock, which it lacks, answers NotImplemented;
 * - its buckets answer browsers (CORS) with ETag exposed, so that a page can PUT parts to presigned URLs.
 */

export { EMBEDDED_CREDENTIALS } from './s3rver.js';

// Any origin: every request must be signed anyway (a presigned URL is the permission), and ETag completes an upload.
const BROWSER_CORS = `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedMethod>POST</AllowedMethod><AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader></CORSRule></CORSConfiguration>`;

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
    configureBuckets: options.buckets.map((name) => ({ name, configs: [BROWSER_CORS] })),
  });
  const store = new SafeFilesystemStore(options.directory);
  server.store = server.context.store = store;
  server.middleware.unshift(refuseUnsigned, keepEmptyKeySegments, multipartUploads(store), new ObjectTagFiles(store).writes());
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    close: () => server.close(),
  };
}
