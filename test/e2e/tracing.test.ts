import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDED_CREDENTIALS } from '../../src/embedded-store/start.js';
import { createTracing } from '../../src/open-telemetry.js';
import type { RunningGateway } from '../../src/gateway.js';
import { spawnGateway } from '../support/gateway-process.js';
import { startS3Proxy, type S3Proxy } from '../support/s3-proxy.js';
import { startStack, type TestStack } from '../support/stack.js';

/** OpenTelemetry tracing: spans of GraphQL operations and of their S3 calls, in the client's trace, with nothing secret in them. */

const BROWSE = /* GraphQL */ `
  query Browse($bucket: String!, $key: String!) {
    bucket(name: $bucket) {
      objects(first: 10) {
        edges {
          node {
            key
          }
        }
      }
    }
    object(bucket: $bucket, key: $key) {
      downloadUrl
      document {
        text
      }
    }
  }
`;

const KEY = 'traced/a-key-only-the-variables-hold.txt';

/** A W3C traceparent of the client's own: version, trace id, parent span id, sampled. */
function clientTraceParent(): { traceId: string; spanId: string; header: string } {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  return { traceId, spanId, header: `00-${traceId}-${spanId}-01` };
}

async function browse(url: string, bucket: string, traceparent: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', traceparent },
    body: JSON.stringify({ query: BROWSE, variables: { bucket, key: KEY } }),
  });
}

/** Everything a span says: its name, attributes, events and resource. */
const everythingIn = (spans: ReadableSpan[]) =>
  JSON.stringify(spans.map(({ name, attributes, events, resource }) => ({ name, attributes, events, resource: resource.attributes })));

describe('tracing with the in-memory exporter', () => {
  let stack: TestStack;
  let proxy: S3Proxy;
  let traced: RunningGateway;
  const exporter = new InMemorySpanExporter();

  beforeAll(async () => {
    stack = await startStack();
    proxy = await startS3Proxy(stack.gateway.storeEndpoint ?? '');
    traced = await stack.gatewayVia(proxy.endpoint, {}, createTracing(new SimpleSpanProcessor(exporter)));
    await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: KEY, Body: 'hello' }));
  });

  afterAll(async () => {
    await stack.close();
    await proxy.close();
  });

  it("gives one request one trace: the operation's span in the client's trace, its S3 calls' spans as its children", async () => {
    exporter.reset();
    proxy.reset();
    const client = clientTraceParent();
    const response = await browse(traced.url, stack.bucket, client.header);
    const { data } = (await response.json()) as { data: { object: { downloadUrl: string; document: { text: string } } } };
    expect(data.object.document.text).toBe('hello');
    const sentToStore = [...proxy.traceParents];

    const spans = exporter.getFinishedSpans();
    expect(new Set(spans.map((span) => span.spanContext().traceId))).toEqual(new Set([client.traceId]));
    const operation = spans.find((span) => span.name === 'query.Browse');
    expect(operation?.parentSpanContext?.spanId).toBe(client.spanId);
    expect(operation?.attributes['graphql.execute.operationName']).toBe('Browse');
    const s3Spans = spans.filter((span) => span.name.startsWith('S3.'));
    // The presigned downloadUrl sends no request: no span, and no trace header among the headers its signature requires.
    expect(s3Spans.map((span) => span.name).sort()).toEqual(['S3.GetObject', 'S3.HeadBucket', 'S3.HeadObject', 'S3.ListObjectsV2']);
    expect(data.object.downloadUrl).toContain('X-Amz-SignedHeaders=host&');
    expect((await fetch(data.object.downloadUrl)).status).toBe(200);
    for (const span of s3Spans) {
      expect(span.parentSpanContext?.spanId).toBe(operation?.spanContext().spanId);
      expect(span.attributes).toMatchObject({ 'rpc.service': 'S3', 'aws.s3.bucket': stack.bucket, 'http.response.status_code': 200 });
    }
    expect(s3Spans.find((span) => span.name === 'S3.GetObject')?.attributes['http.response.body.size']).toBe(5);

    // The store was told each call's span as the parent of whatever it traces.
    const s3SpanParents = s3Spans.map((span) => `00-${client.traceId}-${span.spanContext().spanId}-01`);
    expect(sentToStore.length).toBeGreaterThanOrEqual(4);
    for (const traceparent of sentToStore) expect(s3SpanParents).toContain(traceparent);
  });

  it('puts no variable value, key, secret or signature in any span', async () => {
    exporter.reset();
    await browse(traced.url, stack.bucket, clientTraceParent().header);
    const written = everythingIn(exporter.getFinishedSpans());
    expect(written).toContain('query.Browse');
    for (const secret of [
      KEY,
      'a-key-only',
      EMBEDDED_CREDENTIALS.secretAccessKey,
      EMBEDDED_CREDENTIALS.accessKeyId,
      'Signature',
      'X-Amz',
      'http://',
    ])
      expect(written).not.toContain(secret);
  });

  it('puts no variable value in the span of an operation refused for its variables', async () => {
    exporter.reset();
    const response = await fetch(traced.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: BROWSE, variables: { bucket: stack.bucket, key: { secret: 'a-value-only-the-variables-hold' } } }),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('BAD_USER_INPUT');
    // Variables are coerced before execution: the operation is refused without a span, and nothing holds the value.
    expect(everythingIn(exporter.getFinishedSpans())).not.toContain('a-value-only');
  });

  it('follows a retried S3 call as one span, whose trace context every attempt carries', async () => {
    exporter.reset();
    proxy.reset();
    proxy.inject({ fault: { kind: 'reset-request' }, operation: 'ListObjectsV2', times: 1 });
    try {
      expect((await browse(traced.url, stack.bucket, clientTraceParent().header)).status).toBe(200);
    } finally {
      proxy.clearFaults();
    }
    const listings = exporter.getFinishedSpans().filter((span) => span.name === 'S3.ListObjectsV2');
    expect(listings).toHaveLength(1);
    const attempts = proxy.traceParents.filter((_, index) => proxy.operations[index] === 'ListObjectsV2');
    expect(attempts).toHaveLength(2);
    expect(new Set(attempts)).toEqual(new Set([`00-${listings[0]?.spanContext().traceId}-${listings[0]?.spanContext().spanId}-01`]));
  });

  it("marks an S3 call that failed with its status and the store's error", async () => {
    exporter.reset();
    await browse(traced.url, 'no-such-bucket-for-tracing', clientTraceParent().header);
    const failed = exporter.getFinishedSpans().find((span) => span.name === 'S3.HeadObject' || span.name === 'S3.ListObjectsV2');
    expect(failed?.attributes['http.response.status_code']).toBe(404);
    expect(failed?.status.code).toBe(2);
  });
});

interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
}

interface ReceivedExport {
  resourceSpans: {
    resource: { attributes: { key: string; value: { stringValue?: string } }[] };
    scopeSpans: { spans: ReceivedSpan[] }[];
  }[];
}

/** A tiny OTLP/HTTP receiver: what a collector (OpenTelemetry Collector, Jaeger, Tempo) is to the gateway. */
async function startOtlpReceiver(): Promise<{
  endpoint: string;
  exports: { contentType: string; body: Buffer }[];
  close(): Promise<void>;
}> {
  const exports: { contentType: string; body: Buffer }[] = [];
  const server: Server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.once('end', () => {
      if (request.url === '/v1/traces' && request.method === 'POST')
        exports.push({ contentType: request.headers['content-type'] ?? '', body: Buffer.concat(chunks) });
      response.writeHead(request.url === '/v1/traces' ? 200 : 404, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    exports,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Reports, as the process exits, how many modules of the OpenTelemetry SDK it loaded (they are CommonJS: require.cache
 * holds them). The API package does not count: prom-client loads it, and it does nothing without an SDK.
 */
const LOADED_MODULES_REPORT = `import { createRequire } from 'node:module';
const loaded = createRequire(import.meta.url).cache;
const isSdk = (path) => path.includes('/@opentelemetry/') && !path.includes('/@opentelemetry/api/');
process.on('exit', () => console.log('opentelemetry sdk modules loaded:', Object.keys(loaded).filter(isSdk).length));
`;

describe('tracing in a gateway process', () => {
  let directory: string;
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 's3gw-tracing-'));
    await writeFile(join(directory, 'report.mjs'), LOADED_MODULES_REPORT);
    receiver = await startOtlpReceiver();
  });

  afterAll(async () => {
    await receiver.close();
    await rm(directory, { recursive: true, force: true });
  });

  const gatewayEnv = (env: Record<string, string>) => ({
    S3_STORE: 'embedded',
    EMBEDDED_S3_DIR: join(directory, 'data'),
    EMBEDDED_S3_BUCKETS: 'traced',
    NODE_OPTIONS: `--import ${join(directory, 'report.mjs')}`,
    ...env,
  });

  async function stopped(gateway: Awaited<ReturnType<typeof spawnGateway>>): Promise<string> {
    gateway.child.kill('SIGTERM');
    await gateway.exited;
    return gateway.output();
  }

  it('exports over OTLP/HTTP where OTEL_EXPORTER_OTLP_ENDPOINT points, as OTEL_SERVICE_NAME', async () => {
    const gateway = await spawnGateway(
      directory,
      gatewayEnv({
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_SERVICE_NAME: 'gateway-under-test',
        OTEL_BSP_SCHEDULE_DELAY: '50',
      }),
    );
    const client = clientTraceParent();
    expect((await browse(gateway.url, 'traced', client.header)).status).toBe(200);
    const received = () =>
      receiver.exports.flatMap(({ contentType, body }) =>
        contentType === 'application/json' ? (JSON.parse(body.toString()) as ReceivedExport).resourceSpans : [],
      );
    const spansOf = () => received().flatMap(({ scopeSpans }) => scopeSpans.flatMap(({ spans }) => spans));
    // Batches leave every 50 ms (OTEL_BSP_SCHEDULE_DELAY); the test's own timeout bounds the wait.
    // The operation's span ends last, after its S3 calls'.
    while (!spansOf().some((span) => span.name === 'query.Browse')) await sleep(50);

    const spans = spansOf().filter((span) => span.traceId === client.traceId);
    const operation = spans.find((span) => span.name === 'query.Browse');
    expect(operation?.parentSpanId).toBe(client.spanId);
    const s3Spans = spans.filter((span) => span.name.startsWith('S3.'));
    expect(s3Spans.map((span) => span.name).sort()).toEqual(['S3.HeadBucket', 'S3.HeadObject', 'S3.ListObjectsV2']);
    for (const span of s3Spans) expect(span.parentSpanId).toBe(operation?.spanId);
    const serviceNames = received().flatMap(({ resource }) => resource.attributes.filter(({ key }) => key === 'service.name'));
    expect(new Set(serviceNames.map(({ value }) => value.stringValue))).toEqual(new Set(['gateway-under-test']));
    expect(await stopped(gateway)).toMatch(/opentelemetry sdk modules loaded: [1-9]/);
  });

  it('sends OTLP/HTTP protobuf by default, as the specification says', async () => {
    const before = receiver.exports.length;
    const gateway = await spawnGateway(directory, gatewayEnv({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.endpoint}/v1/traces` }));
    expect((await browse(gateway.url, 'traced', clientTraceParent().header)).status).toBe(200);
    // Shutting down sends what is left.
    await stopped(gateway);
    const protobuf = receiver.exports.slice(before).filter(({ contentType }) => contentType === 'application/x-protobuf');
    expect(Buffer.concat(protobuf.map(({ body }) => body)).toString('latin1')).toContain('query.Browse');
  });

  it('loads no OpenTelemetry SDK module without OTEL_* variables, nor with OTEL_SDK_DISABLED', async () => {
    const settings: Record<string, string>[] = [{}, { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_SDK_DISABLED: 'true' }];
    for (const env of settings) {
      const gateway = await spawnGateway(directory, gatewayEnv(env));
      expect((await browse(gateway.url, 'traced', clientTraceParent().header)).status).toBe(200);
      expect(await stopped(gateway)).toContain('opentelemetry sdk modules loaded: 0');
    }
  });
});
