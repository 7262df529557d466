import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { YogaLogger as Logger } from '@graphql-yoga/logger';
import { processRequest, type GraphQLOperation } from 'graphql-upload-minimal';
import type { Authenticate, Principal } from '../auth/authenticate.js';
import type { GroupMetrics } from '../cluster-metrics.js';
import type { Config } from '../config.js';
import { clientFacingError, EntityTooLargeError, GatewayError, InvalidInputError } from '../errors.js';
import { withRequestId, type GatewayMetrics } from '../observability.js';
import type { S3Storage } from '../s3/storage.js';
import type { StoreRegistry } from '../s3/stores.js';
import type { Tracing } from '../tracing.js';
import { ARCHIVE_PATH, DOWNLOAD_PATH, GRAPHQL_PATH, HEALTH_PATH, METRICS_PATH, READY_PATH } from '../shared/routes.js';
import type { ArchiveLinks } from '../archives.js';
import { serveArchive } from './archive.js';
import { serveDownload } from './download.js';
import { browserAsset } from './browser.js';
import { GRAPHIQL_DISABLED_PAGE, graphiqlAsset, type StaticAsset } from './graphiql.js';
import { checkedMultipart } from './multipart-map.js';
import type { RateLimit } from './rate-limit.js';
import { sendError } from './responses.js';
import { orderIndependentUploads } from './uploads.js';
import type { GatewayYoga, ServerContext } from './yoga.js';

function sendAsset(request: IncomingMessage, response: ServerResponse, asset: StaticAsset): void {
  // Opened before the status is sent, so that a file not built (dist/web before `npm run build`) is a 404, not a reset.
  const file = createReadStream(asset.file);
  file.once('error', () => {
    if (response.headersSent) response.destroy();
    else response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not built: run npm run build.');
  });
  file.once('open', () => {
    response.writeHead(200, { 'content-type': asset.contentType, 'cache-control': asset.cacheControl });
    if (request.method === 'HEAD') {
      file.destroy();
      response.end();
    } else file.pipe(response);
  });
}

function isMultipart(request: IncomingMessage): boolean {
  return (request.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');
}

/** Health (the process lives), readiness (the store answers) and metrics, for load balancers, orchestrators and Prometheus. */
const PROBE_PATHS = new Set([HEALTH_PATH, READY_PATH, METRICS_PATH]);

// A client's own request id is kept when it is one an operator can read and grep for.
const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** A browser opening GraphiQL: yoga answers with the page and runs nothing, so it needs no credentials. */
function isGraphiQLPage(request: IncomingMessage, pathname: string): boolean {
  return pathname === GRAPHQL_PATH && request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');
}

/** The request's URL, parsed once; a Host header or target that makes none is the client's error, not a 500. */
function requestUrl(request: IncomingMessage): URL {
  try {
    return new URL(request.url ?? '/', `http://${request.headers.host ?? 'gateway'}`);
  } catch {
    throw new InvalidInputError('The request target and Host header do not form a URL.');
  }
}

/** The address and port the client reached the gateway on: its own, unlike a Host header, which the client chooses. */
function gatewayOrigin(request: IncomingMessage): string {
  const { localAddress = '127.0.0.1', localPort } = request.socket;
  return `http://${localAddress.includes(':') ? `[${localAddress}]` : localAddress}:${localPort}`;
}

/** The request's headers for yoga; a body yoga gets separately (or not at all) has no length or encoding of its own. */
function fetchHeaders(request: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined && name !== 'content-length' && name !== 'transfer-encoding')
      headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/** The body of a GraphQL request, refused past MAX_REQUEST_BYTES before it is all read. */
function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const tooLarge = () => new EntityTooLargeError(`The request body is larger than ${maxBytes} bytes (MAX_REQUEST_BYTES).`);
  if (Number(request.headers['content-length'] ?? 0) > maxBytes) return Promise.reject(tooLarge());
  // Events rather than for-await: ending an async iterator destroys the request, and with it the socket of the answer.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      chunks.push(chunk);
      if (size <= maxBytes) return;
      request.off('data', onData).pause();
      reject(tooLarge());
    };
    request.on('data', onData);
    request.once('end', () => resolve(Buffer.concat(chunks)));
    request.once('error', reject);
  });
}

/** application/json, or GraphQL over HTTP's application/graphql-response+json: text, whatever its charset parameter. */
function isJson(contentType: string | null): boolean {
  return contentType !== null && /^application\/(graphql-response\+)?json\b/i.test(contentType);
}

/**
 * Writes a whole answer and ends it once the client has taken it (or gone away), as a pipeline does: `end(bytes)` at once
 * cost a page of 1000 objects more CPU, in user and system time, than writing and then ending.
 */
async function writeWhole(response: ServerResponse, bytes: Buffer): Promise<void> {
  if (!response.write(bytes))
    await new Promise((resolve) => {
      response.once('drain', resolve);
      response.once('close', resolve);
    });
  response.end();
}

/** Hands a request to yoga and streams its answer (subscriptions are server-sent events) until either side ends. */
async function forwardToYoga(
  request: IncomingMessage,
  response: ServerResponse,
  yoga: GatewayYoga,
  { url, serverContext, body }: { url: URL; serverContext: ServerContext; body?: Buffer },
): Promise<void> {
  // No abort signal: execution runs to its end even for a client that went away, so that what it started (an upload's
  // multipart upload) is finished or aborted before the request counts as handled, and a draining shutdown waits for it.
  const answer = await yoga.fetch(
    url,
    { method: request.method, headers: fetchHeaders(request), body: body && new Uint8Array(body) },
    { ...serverContext, gatewayOrigin: gatewayOrigin(request) },
  );
  if (response.destroyed) {
    // A subscription's event stream (a job's progress) ends with its client.
    await answer.body?.cancel();
    return;
  }
  response.writeHead(answer.status, Object.fromEntries(answer.headers));
  // A GraphQL result (JSON of known length) is written in one piece: the pipeline below costs an AbortController, a
  // DOMException and two streams a request.
  if (answer.headers.has('content-length') && isJson(answer.headers.get('content-type'))) {
    await writeWhole(response, Buffer.from(await answer.text()));
    return;
  }
  if (answer.body === null) {
    response.end();
    return;
  }
  // A client that goes away ends the stream; that is not an error of the gateway.
  // yoga's body is @whatwg-node's stream: async-iterable, but not a ReadableStream that Readable.fromWeb accepts.
  await pipeline(Readable.from(answer.body as unknown as AsyncIterable<Uint8Array>), response).catch(() => undefined);
}

async function handleMultipart(
  request: IncomingMessage,
  response: ServerResponse,
  yoga: GatewayYoga,
  { url, principal, limits, metrics }: { url: URL; principal: Principal; limits: Config['limits']; metrics: GatewayMetrics },
): Promise<void> {
  metrics.uploadsInFlight.inc();
  request.on('data', (chunk: Buffer) => metrics.bytes.inc({ direction: 'up' }, chunk.length));
  try {
    await receiveMultipart(request, response, yoga, { url, principal, limits });
  } finally {
    metrics.uploadsInFlight.dec();
  }
}

async function receiveMultipart(
  request: IncomingMessage,
  response: ServerResponse,
  yoga: GatewayYoga,
  { url, principal, limits }: { url: URL; principal: Principal; limits: Config['limits'] },
): Promise<void> {
  let operations: GraphQLOperation | GraphQLOperation[];
  try {
    const body = await checkedMultipart(request, limits.maxRequestBytes);
    // It reads the request as a stream with headers, which the replayed body is.
    const bodyAsRequest = body as unknown as IncomingMessage;
    // No maxFileSize here: busboy would silently truncate; the S3 layer refuses oversized uploads with ENTITY_TOO_LARGE.
    operations = await processRequest(bodyAsRequest, response, { maxFiles: limits.maxUploadFiles, maxFieldSize: limits.maxRequestBytes });
  } catch (error) {
    if (error instanceof GatewayError) {
      sendError(response, error);
      return;
    }
    const { status, message } = error as { status?: number; message: string };
    sendError(response, status === 413 ? new EntityTooLargeError(message) : new InvalidInputError(message));
    return;
  }
  const uploads = orderIndependentUploads(operations, limits.maxUploadBytes);
  try {
    // yoga gets a request without the body, which graphql-upload-minimal reads: a body stream handed to yoga would be
    // read a second time, and cut off at yoga's request size limit although MAX_UPLOAD_BYTES is the limit of uploads.
    await forwardToYoga(request, response, yoga, { url, serverContext: { principal, uploadOperations: operations } });
  } finally {
    await uploads.finish();
  }
}

export interface HttpDependencies {
  yoga: GatewayYoga;
  s3: S3Storage;
  /** Every store of the graph, for downloads that name one; without it, `s3` alone. */
  stores?: StoreRegistry;
  /** The plans behind archive links, which are their own credential. */
  archives: ArchiveLinks;
  config: Config;
  logger: Logger;
  metrics: GatewayMetrics;
  tracing?: Tracing;
  authenticate: Authenticate;
  rateLimit: RateLimit;
  /** In a cluster worker: the metrics of every worker, which /metrics answers with instead of this worker's own. */
  groupMetrics?: GroupMetrics;
}

async function route(request: IncomingMessage, response: ServerResponse, dependencies: HttpDependencies): Promise<void> {
  const { yoga, s3, config, logger, metrics, authenticate, rateLimit } = dependencies;
  const url = requestUrl(request);
  const { pathname } = url;
  const asset = graphiqlAsset(pathname) ?? browserAsset(pathname);
  const readOnly = request.method === 'GET' || request.method === 'HEAD';
  if (asset !== undefined && readOnly) {
    sendAsset(request, response, asset);
    return;
  }
  if (pathname === '/' && request.method === 'GET') {
    response.writeHead(302, { location: GRAPHQL_PATH }).end();
    return;
  }
  if (pathname === METRICS_PATH && request.method === 'GET' && config.observability.metrics && dependencies.groupMetrics !== undefined) {
    const text = await dependencies.groupMetrics.read();
    response.writeHead(200, { 'content-type': dependencies.groupMetrics.contentType }).end(text);
    return;
  }
  if (config.trustedDocuments !== undefined && isGraphiQLPage(request, pathname)) {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' }).end(GRAPHIQL_DISABLED_PAGE);
    return;
  }
  // CORS preflights carry no credentials, GraphiQL's page runs nothing, and probes must not need a key: yoga answers them,
  // without the query string, so that none of them can carry a GraphQL operation.
  if (request.method === 'OPTIONS' || (config.server.graphiql && isGraphiQLPage(request, pathname)) || PROBE_PATHS.has(pathname)) {
    await forwardToYoga(request, response, yoga, { url: new URL(pathname, url.origin), serverContext: {} });
    return;
  }
  // An archive link is opened by a browser's download, which sends no credentials: its unguessable token is one.
  if (pathname.startsWith(ARCHIVE_PATH) && readOnly) {
    await serveArchive(request, response, {
      s3,
      stores: dependencies.stores,
      archives: dependencies.archives,
      logger,
      onBytes: (bytes) => metrics.bytes.inc({ direction: 'down' }, bytes),
    });
    return;
  }
  const principal = await authenticate(request.headers);
  await rateLimit(principal.id);
  if (pathname.startsWith(DOWNLOAD_PATH) && readOnly) {
    await serveDownload(request, response, {
      s3,
      stores: dependencies.stores,
      logger,
      access: principal.access,
      onBytes: (bytes) => metrics.bytes.inc({ direction: 'down' }, bytes),
    });
  } else if (pathname === GRAPHQL_PATH && request.method === 'POST' && isMultipart(request)) {
    await handleMultipart(request, response, yoga, { url, principal, limits: config.limits, metrics });
  } else {
    const body = readOnly ? undefined : await readBody(request, config.limits.maxRequestBytes);
    await forwardToYoga(request, response, yoga, { url, serverContext: { principal }, body });
  }
}

export interface GatewayServer {
  server: Server;
  /**
   * Stops accepting connections and lets the requests in flight finish; at `deadlineMs` cuts those still running, and
   * resolves once their handlers have cleaned up (a cut upload aborts its multipart upload), at most `cleanupMs` later.
   */
  drain(deadlineMs: number, cleanupMs: number): Promise<void>;
}

// How often idle keep-alive connections are closed while draining: a client between two requests must not hold the drain up.
const DRAIN_POLL_MS = 100;

// Node's default: a client that trickles its headers in (slowloris) is cut, whatever HTTP_REQUEST_TIMEOUT_SECONDS says.
const HEADERS_TIMEOUT_MS = 60_000;

export function createHttpServer(dependencies: HttpDependencies): GatewayServer {
  const handling = new Set<Promise<void>>();
  let draining = false;
  // With Node's 16 KiB default, every 64 KiB chunk of a download paused the S3 socket: half the speed of a direct GetObject.
  // Node cuts every request at 300 s by default, uploads of gigabytes over slow links among them: HTTP_REQUEST_TIMEOUT_SECONDS.
  const requestTimeout = dependencies.config.server.httpRequestTimeoutMs;
  const headersTimeout = requestTimeout === 0 ? HEADERS_TIMEOUT_MS : Math.min(HEADERS_TIMEOUT_MS, requestTimeout);
  const server = createServer({ highWaterMark: 1024 * 1024, requestTimeout, headersTimeout }, (request, response) => {
    // A client on a kept-alive connection learns that it should open its next request elsewhere.
    if (draining) response.setHeader('connection', 'close');
    const clientId = request.headers['x-request-id'];
    const requestId = typeof clientId === 'string' && REQUEST_ID.test(clientId) ? clientId : randomUUID();
    response.setHeader('x-request-id', requestId);
    const { tracing } = dependencies;
    const handle = () => withRequestId(requestId, () => route(request, response, dependencies));
    // A client's traceparent makes the request's spans part of the client's trace.
    const handled = (tracing === undefined ? handle() : tracing.withIncomingContext(request.headers, handle))
      .catch((error: unknown) => {
        sendError(
          response,
          clientFacingError(error, (cause) => dependencies.logger.error('request handling failed', cause)),
        );
      })
      .finally(() => handling.delete(handled));
    handling.add(handled);
  });
  const idle = async () => {
    while (handling.size > 0) await Promise.allSettled([...handling]);
  };
  return {
    server,
    async drain(deadlineMs, cleanupMs) {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const idleCloser = setInterval(() => server.closeIdleConnections(), DRAIN_POLL_MS);
      try {
        const done = Promise.all([closed, idle()]);
        const finished = await Promise.race([done.then(() => true), sleep(deadlineMs, undefined, { ref: false }).then(() => false)]);
        if (finished) return;
        dependencies.logger.warn(`shutdown deadline reached with ${handling.size} requests in flight; cutting them`);
        server.closeAllConnections();
        await Promise.race([done, sleep(cleanupMs, undefined, { ref: false })]);
      } finally {
        clearInterval(idleCloser);
      }
    },
  };
}
