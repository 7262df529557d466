import { setTimeout as sleep } from 'node:timers/promises';
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { YogaLogger as Logger } from '@graphql-yoga/logger';
import { processRequest, type GraphQLOperation } from 'graphql-upload-minimal';
import type { Config } from '../config.js';
import type { S3Service } from '../s3/service.js';
import { DOWNLOAD_PATH, serveDownload } from './download.js';
import { graphiqlAsset } from './graphiql.js';
import { orderIndependentUploads } from './uploads.js';
import { GRAPHQL_PATH, type GatewayYoga } from './yoga.js';

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return;
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

function sendAsset(request: IncomingMessage, response: ServerResponse, asset: { file: string; contentType: string }): void {
  response.writeHead(200, { 'content-type': asset.contentType, 'cache-control': 'public, max-age=86400' });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(asset.file)
    .on('error', () => response.destroy())
    .pipe(response);
}

function isMultipart(request: IncomingMessage): boolean {
  return (request.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');
}

async function handleMultipart(request: IncomingMessage, response: ServerResponse, yoga: GatewayYoga, limits: Config['limits']) {
  let operations: GraphQLOperation | GraphQLOperation[];
  try {
    // No maxFileSize here: busboy would silently truncate; the S3 layer refuses oversized uploads with ENTITY_TOO_LARGE.
    operations = await processRequest(request, response, { maxFiles: limits.maxUploadFiles });
  } catch (error) {
    const status = (error as { status?: number }).status ?? 400;
    const code = status === 413 ? 'ENTITY_TOO_LARGE' : 'INVALID_INPUT';
    sendJson(response, status, { errors: [{ message: (error as Error).message, extensions: { code } }] });
    return;
  }
  const uploads = orderIndependentUploads(operations);
  try {
    // yoga gets a request without the body, which graphql-upload-minimal reads: a body stream handed to yoga would be
    // read a second time, and cut off at yoga's request size limit although MAX_UPLOAD_BYTES is the limit of uploads.
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined && name !== 'content-length' && name !== 'transfer-encoding')
        headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const answer = await yoga.fetch(
      new URL(request.url ?? '/', `http://${request.headers.host ?? 'gateway'}`),
      { method: 'POST', headers },
      {
        uploadOperations: operations,
      },
    );
    response.writeHead(answer.status, Object.fromEntries(answer.headers));
    response.end(Buffer.from(await answer.arrayBuffer()));
  } finally {
    await uploads.finish();
  }
}

export interface HttpDependencies {
  yoga: GatewayYoga;
  s3: S3Service;
  config: Config;
  logger: Logger;
}

async function route(request: IncomingMessage, response: ServerResponse, { yoga, s3, config, logger }: HttpDependencies): Promise<void> {
  const { pathname } = new URL(request.url ?? '/', 'http://gateway');
  const asset = graphiqlAsset(pathname);
  const readOnly = request.method === 'GET' || request.method === 'HEAD';
  if (asset !== undefined && readOnly) {
    sendAsset(request, response, asset);
  } else if (pathname.startsWith(DOWNLOAD_PATH) && readOnly) {
    await serveDownload(request, response, s3, logger);
  } else if (pathname === '/' && request.method === 'GET') {
    response.writeHead(302, { location: GRAPHQL_PATH }).end();
  } else if (pathname === GRAPHQL_PATH && request.method === 'POST' && isMultipart(request)) {
    await handleMultipart(request, response, yoga, config.limits);
  } else {
    await yoga.handle(request, response);
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

export function createHttpServer(dependencies: HttpDependencies): GatewayServer {
  const handling = new Set<Promise<void>>();
  let draining = false;
  // With Node's 16 KiB default, every 64 KiB chunk of a download paused the S3 socket: half the speed of a direct GetObject.
  const server = createServer({ highWaterMark: 1024 * 1024 }, (request, response) => {
    // A client on a kept-alive connection learns that it should open its next request elsewhere.
    if (draining) response.setHeader('connection', 'close');
    const handled = route(request, response, dependencies)
      .catch((error: unknown) => {
        dependencies.logger.error('request handling failed', error);
        sendJson(response, 500, { errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL' } }] });
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
