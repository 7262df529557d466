import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Transform } from 'node:stream';

/**
 * An HTTP proxy in front of an S3 endpoint: it names and counts every S3 request passing through, and injects the faults
 * a network and a store produce (latency, a hang, connections reset mid-request or mid-response, answers cut off or
 * replaced, the store stopped and started again).
 */

export type Fault =
  | { kind: 'latency'; ms: number }
  /** Never answers: the store hangs. */
  | { kind: 'stall' }
  /** Resets the connection (TCP RST) once the request's head has arrived, before the store sees it. */
  | { kind: 'reset-request' }
  /** Forwards the store's answer, then resets the connection after `afterBytes` of its body. */
  | { kind: 'reset-response'; afterBytes: number }
  /** Forwards the store's answer but closes the connection cleanly after `afterBytes` of its body: a shorter answer. */
  | { kind: 'truncate-response'; afterBytes: number }
  /** Forwards the store's answer, then sends nothing more after `afterBytes` of its body, keeping the connection open: a store that hangs mid-body. */
  | { kind: 'stall-response'; afterBytes: number }
  /** Forwards the request with the first byte of its body changed, as a faulty network or middlebox might: a checksum must catch it. */
  | { kind: 'corrupt-request' }
  /** Answers in the store's place, after the store has done the request (e.g. a 200 whose body is an error). */
  | { kind: 'replace-response'; status: number; body: string };

export interface FaultRule {
  fault: Fault;
  /** Only requests of this S3 operation, e.g. "GetObject"; every request when omitted. */
  operation?: string;
  /** How many matching requests it applies to; all of them when omitted. */
  times?: number;
  /** Only every n-th matching request (the n-th, the 2n-th...): a flaky network rather than a broken one. */
  every?: number;
}

export interface S3Proxy {
  endpoint: string;
  /** S3 operations seen since the last reset, in order, e.g. "ListObjectsV2", "HeadObject". */
  operations: string[];
  /** S3 operations whose answer the store has sent in full since the last reset, in order. */
  answered: string[];
  /** The traceparent header of each request since the last reset, in order ('' when it had none). */
  traceParents: string[];
  reset(): void;
  /** Adds a fault for the requests that follow; the first matching rule applies. */
  inject(rule: FaultRule): void;
  clearFaults(): void;
  /** The store goes away: open connections are reset and new ones refused, until start(). */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export function operationName(method: string, url: URL, headers: IncomingMessage['headers'] = {}): string {
  const [, bucket = '', ...key] = url.pathname.split('/');
  const query = url.searchParams;
  if (bucket === '') return method === 'GET' ? 'ListBuckets' : `${method} /`;
  if (key.length === 0 || key.join('/') === '') {
    if (method === 'GET' && query.get('list-type') === '2') return 'ListObjectsV2';
    if (method === 'HEAD') return 'HeadBucket';
    if (method === 'POST' && query.has('delete')) return 'DeleteObjects';
    return `${method} bucket`;
  }
  if (method === 'HEAD') return 'HeadObject';
  if (query.has('tagging')) return `${method === 'GET' ? 'Get' : 'Put'}ObjectTagging`;
  if (method === 'GET') return 'GetObject';
  if (method === 'PUT' && query.has('partNumber')) return headers['x-amz-copy-source'] === undefined ? 'UploadPart' : 'UploadPartCopy';
  if (method === 'PUT') return headers['x-amz-copy-source'] === undefined ? 'PutObject' : 'CopyObject';
  if (method === 'POST' && query.has('uploads')) return 'CreateMultipartUpload';
  if (method === 'POST' && query.has('uploadId')) return 'CompleteMultipartUpload';
  if (method === 'DELETE') return query.has('uploadId') ? 'AbortMultipartUpload' : 'DeleteObject';
  return `${method} object`;
}

/** Sends the store's answer on, applying a response fault to its body. */
function relay(answer: IncomingMessage, outgoing: ServerResponse, fault: Fault | undefined): void {
  outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
  if (fault?.kind !== 'reset-response' && fault?.kind !== 'truncate-response' && fault?.kind !== 'stall-response') {
    answer.pipe(outgoing);
    return;
  }
  let passed = 0;
  const socket = outgoing.socket;
  const cut = () => {
    answer.destroy();
    if (fault.kind === 'reset-response') socket?.resetAndDestroy();
    else if (fault.kind === 'truncate-response') socket?.end();
  };
  answer.on('data', (chunk: Buffer) => {
    const room = fault.afterBytes - passed;
    passed += chunk.length;
    if (room > 0) outgoing.write(chunk.subarray(0, room));
    if (passed >= fault.afterBytes) cut();
  });
  answer.on('end', () => (passed >= fault.afterBytes ? cut() : outgoing.end()));
}

/** Passes a body on with its first byte inverted. */
function firstByteFlipped(): Transform {
  let flipped = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (flipped || chunk.length === 0) {
        callback(null, chunk);
        return;
      }
      flipped = true;
      const changed = Buffer.from(chunk);
      changed[0] = (changed[0] ?? 0) ^ 0xff;
      callback(null, changed);
    },
  });
}

export async function startS3Proxy(target: string): Promise<S3Proxy> {
  const targetUrl = new URL(target);
  const operations: string[] = [];
  const answered: string[] = [];
  const traceParents: string[] = [];
  const rules: { rule: FaultRule; left: number; seen: number }[] = [];
  const sockets = new Set<Socket>();

  const takeFault = (operation: string): Fault | undefined => {
    const match = rules.find(({ rule, left }) => left > 0 && (rule.operation === undefined || rule.operation === operation));
    if (match === undefined) return undefined;
    match.seen += 1;
    if (match.seen % (match.rule.every ?? 1) !== 0) return undefined;
    match.left -= 1;
    return match.rule.fault;
  };

  const forward = (incoming: IncomingMessage, outgoing: ServerResponse, operation: string, fault: Fault | undefined) => {
    // The client went away while the request was delayed: nothing to forward.
    if (outgoing.destroyed) return;
    // The Host header stays the proxy's: it is what the client signed.
    const forwarded = httpRequest(
      { host: targetUrl.hostname, port: targetUrl.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (answer) => {
        answer.once('end', () => answered.push(operation));
        if (fault?.kind !== 'replace-response') {
          relay(answer, outgoing, fault);
          return;
        }
        answer.resume();
        outgoing.writeHead(fault.status, { 'content-type': 'application/xml' }).end(fault.body);
      },
    );
    forwarded.on('error', () => outgoing.socket?.resetAndDestroy());
    // A client that goes away (or is killed) mid-request must not leave a half-sent request holding the store's connection.
    outgoing.once('close', () => {
      if (!outgoing.writableFinished) forwarded.destroy();
    });
    if (fault?.kind === 'corrupt-request') incoming.pipe(firstByteFlipped()).pipe(forwarded);
    else incoming.pipe(forwarded);
  };

  const server: Server = createServer((incoming, outgoing) => {
    const operation = operationName(incoming.method ?? 'GET', new URL(incoming.url ?? '/', target), incoming.headers);
    operations.push(operation);
    traceParents.push(String(incoming.headers.traceparent ?? ''));
    const fault = takeFault(operation);
    if (fault?.kind === 'stall') return;
    if (fault?.kind === 'reset-request') {
      incoming.socket.resetAndDestroy();
      return;
    }
    if (fault?.kind === 'latency') setTimeout(() => forward(incoming, outgoing, operation, fault), fault.ms);
    else forward(incoming, outgoing, operation, fault);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const listen = (port: number) => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.resetAndDestroy();
      server.close(() => resolve());
    });
  await listen(0);
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    operations,
    answered,
    traceParents,
    reset: () => {
      operations.splice(0);
      answered.splice(0);
      traceParents.splice(0);
    },
    inject: (rule) => rules.push({ rule, left: rule.times ?? Number.POSITIVE_INFINITY, seen: 0 }),
    clearFaults: () => rules.splice(0),
    stop,
    start: () => listen(port),
    close: stop,
  };
}
