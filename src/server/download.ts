import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { YogaLogger as Logger } from '@graphql-yoga/logger';
import { describePermission, type Access } from '../auth/policy.js';
import { clientFacingError, InvalidInputError, PolicyDeniedError } from '../errors.js';
import type { S3Storage } from '../s3/storage.js';
import { StoreRegistry } from '../s3/stores.js';
import { DOWNLOAD_PATH, DOWNLOAD_STORE_PARAM, VERSION_ID_PARAMETER } from '../shared/routes.js';
import { sendError } from './responses.js';

/** GET /objects/{bucket}/{key}[?versionId=]: objects (or one version) streamed through the gateway, for clients that cannot reach the S3 endpoint. */

function parseLocation(pathname: string): { bucket: string; key: string } {
  const rest = pathname.slice(DOWNLOAD_PATH.length);
  const slash = rest.indexOf('/');
  if (slash <= 0) throw new InvalidInputError(`Use ${DOWNLOAD_PATH}{bucket}/{key}.`);
  try {
    return { bucket: decodeURIComponent(rest.slice(0, slash)), key: decodeURIComponent(rest.slice(slash + 1)) };
  } catch {
    throw new InvalidInputError('The object path is not valid URI encoding.');
  }
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export async function serveDownload(
  request: IncomingMessage,
  response: ServerResponse,
  {
    s3,
    stores,
    logger,
    access,
    onBytes,
  }: { s3: S3Storage; stores?: StoreRegistry; logger: Logger; access: Access; onBytes: (bytes: number) => void },
): Promise<void> {
  // The S3 read ends as soon as the client goes away.
  const abort = new AbortController();
  response.once('close', () => abort.abort());
  try {
    const url = new URL(request.url ?? '/', 'http://gateway');
    const location = parseLocation(url.pathname);
    // ?store= names a store other than the default one (gatewayUrl adds it).
    const storeName = url.searchParams.get(DOWNLOAD_STORE_PARAM) ?? undefined;
    const store = (stores ?? StoreRegistry.single(s3)).named(storeName);
    const permission = { action: 'read', ...location, store: storeName } as const;
    if (!access.allows('read', location.bucket, location.key, store.name)) throw new PolicyDeniedError(describePermission(permission));
    const ifModifiedSince = header(request, 'if-modified-since');
    const opened = await store.storage.openObject(
      { ...location, versionId: url.searchParams.get(VERSION_ID_PARAMETER) ?? undefined },
      {
        range: header(request, 'range'),
        ifNoneMatch: header(request, 'if-none-match'),
        ifModifiedSince: ifModifiedSince === undefined || Number.isNaN(Date.parse(ifModifiedSince)) ? undefined : new Date(ifModifiedSince),
      },
      abort.signal,
    );
    if (!('body' in opened)) {
      response.writeHead(opened.status).end();
      return;
    }
    const headers: Record<string, string> = {
      'accept-ranges': 'bytes',
      'content-type': opened.contentType ?? 'application/octet-stream',
      // Stored HTML or SVG opened from the gateway's origin must not run there (where /browser keeps its credential).
      'x-content-type-options': 'nosniff',
      'content-security-policy': 'sandbox',
    };
    if (opened.contentLength !== undefined) headers['content-length'] = String(opened.contentLength);
    if (opened.contentRange !== undefined) headers['content-range'] = opened.contentRange;
    if (opened.eTag !== undefined) headers.etag = opened.eTag;
    if (opened.lastModified !== undefined) headers['last-modified'] = opened.lastModified.toUTCString();
    response.writeHead(opened.status, headers);
    if (request.method === 'HEAD') {
      opened.body.destroy();
      response.end();
      return;
    }
    // A body cut off by S3 fails the pipeline and resets the client's connection: never a shorter file presented as whole.
    opened.body.on('data', (chunk: Buffer) => onBytes(chunk.length));
    await pipeline(opened.body, response);
  } catch (caught) {
    if (abort.signal.aborted) return;
    if (response.headersSent) {
      // The store's body ended early or stalled: the client's connection is reset below, so it cannot take the part for the whole.
      logger.warn('download cut off by the store', caught instanceof Error ? caught.message : caught);
      response.destroy();
      return;
    }
    sendError(
      response,
      clientFacingError(caught, (cause) => logger.error('download failed unexpectedly', cause)),
    );
  }
}
