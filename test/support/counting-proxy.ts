import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An HTTP proxy in front of an S3 endpoint that names and counts every S3 request passing through. */
export interface CountingProxy {
  endpoint: string;
  /** S3 operations seen since the last reset, in order, e.g. "ListObjectsV2", "HeadObject". */
  operations: string[];
  reset(): void;
  close(): Promise<void>;
}

function operationName(method: string, url: URL): string {
  const [, bucket = '', ...key] = url.pathname.split('/');
  const query = url.searchParams;
  if (bucket === '') return `${method} /`;
  if (key.length === 0 || key.join('/') === '') {
    if (method === 'GET' && query.get('list-type') === '2') return 'ListObjectsV2';
    if (method === 'HEAD') return 'HeadBucket';
    if (method === 'POST' && query.has('delete')) return 'DeleteObjects';
    return `${method} bucket`;
  }
  if (method === 'HEAD') return 'HeadObject';
  if (method === 'GET') return 'GetObject';
  if (method === 'PUT') return 'PutObject';
  if (method === 'DELETE') return 'DeleteObject';
  return `${method} object`;
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const targetUrl = new URL(target);
  const operations: string[] = [];
  const server: Server = createServer((incoming, outgoing) => {
    const url = new URL(incoming.url ?? '/', target);
    operations.push(operationName(incoming.method ?? 'GET', url));
    // The Host header stays the proxy's: it is what the client signed.
    const forwarded = httpRequest(
      { host: targetUrl.hostname, port: targetUrl.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    operations,
    reset: () => operations.splice(0),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
