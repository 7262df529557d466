import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUT_OBJECT } from '../support/operations.js';
import { startStack, type TestStack } from '../support/stack.js';

let stack: TestStack;
let origin: string;

beforeAll(async () => {
  stack = await startStack();
  origin = new URL(stack.gateway.url).origin;
});

afterAll(() => stack.close());

/** The value of one sample of the Prometheus text format, 0 when absent. */
function sample(metrics: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([label, value]) => `${label}="${value}"`);
  const line = metrics.split('\n').find((row) => row.startsWith(`${name}{`) && wanted.every((pair) => row.includes(pair)));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('metrics and request ids', () => {
  it('counts operations, error codes, S3 calls, bytes up and down at /metrics', async () => {
    await stack.upload(
      PUT_OBJECT,
      { input: { bucket: stack.bucket, key: 'metrics/a.bin', file: null } },
      { 'variables.input.file': new Blob([new Uint8Array(5000)]) },
    );
    await stack.graphql(PUT_OBJECT, { input: { bucket: 'no-such-bucket-for-metrics', key: 'a', text: 'x' } });
    const download = await fetch(`${origin}/objects/${stack.bucket}/metrics/a.bin`);
    expect((await download.arrayBuffer()).byteLength).toBe(5000);

    const response = await fetch(`${origin}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const metrics = await response.text();
    expect(sample(metrics, 'graphql_envelop_request_duration_count', { operationName: 'Put' })).toBeGreaterThanOrEqual(2);
    expect(sample(metrics, 's3_gateway_graphql_errors_total', { operation: 'Put', code: 'NO_SUCH_BUCKET' })).toBe(1);
    expect(sample(metrics, 's3_gateway_s3_requests_total', { operation: 'PutObject', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(sample(metrics, 's3_gateway_s3_requests_total', { operation: 'GetObject', status: '200' })).toBe(1);
    expect(sample(metrics, 's3_gateway_s3_request_duration_seconds_count', { operation: 'GetObject' })).toBe(1);
    expect(sample(metrics, 's3_gateway_transferred_bytes_total', { direction: 'up' })).toBeGreaterThan(5000);
    expect(sample(metrics, 's3_gateway_transferred_bytes_total', { direction: 'down' })).toBe(5000);
    expect(metrics).toMatch(/^s3_gateway_uploads_in_flight 0$/m);
    // No series per URL: their labels would hold bucket and key names from query strings.
    expect(metrics).not.toContain('graphql_yoga_http_duration');
  });

  it("answers every request with a request id, the client's own when it sends a readable one", async () => {
    const fresh = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ __typename }"}',
    });
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const own = await fetch(`${origin}/health`, { headers: { 'x-request-id': 'trace-42.a' } });
    expect(own.headers.get('x-request-id')).toBe('trace-42.a');
    for (const unreadable of ['has spaces "and" quotes', 'x'.repeat(200)]) {
      const answer = await fetch(`${origin}/health`, { headers: { 'x-request-id': unreadable } });
      expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
