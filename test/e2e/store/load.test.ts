import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcile, runMixedLoad } from '../../support/mixed-load.js';
import { startS3Proxy } from '../../support/s3-proxy.js';
import { startStack, type TestStack } from '../../support/stack.js';

/** A bounded version of `npm run bench:load`: correctness under concurrent mixed traffic, never its speed; then with faults. */

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

describe('concurrent mixed traffic', () => {
  it('answers without 5xx or failures, reads what was written, and the store holds exactly what was acknowledged', async () => {
    const result = await runMixedLoad({ url: stack.gateway.url, bucket: stack.bucket, clients: 20, durationMs: 8000, prefix: 'load/' });
    expect(result.requests).toBeGreaterThan(0);
    expect(Object.keys(result.statuses)).toEqual(['200']);
    expect(result.failures).toEqual([]);
    expect(result.staleReads).toEqual([]);
    expect(result.acknowledged.size).toBe(20 * 8);
    expect(await reconcile(stack.s3, stack.bucket, result.acknowledged)).toEqual([]);
  });
});

describe('concurrent mixed traffic through a flaky network', () => {
  it('reports as done only what is done: failures are S3_UNAVAILABLE, and the store holds what was acknowledged', async () => {
    const proxy = await startS3Proxy(stack.gateway.storeEndpoint ?? '');
    try {
      // Every third S3 answer is reset after its headers; with two attempts some operations fail for real.
      proxy.inject({ fault: { kind: 'reset-response', afterBytes: 0 }, every: 3 });
      const url = (await stack.gatewayVia(proxy.endpoint, { S3_MAX_ATTEMPTS: '2' })).url;
      const result = await runMixedLoad({ url, bucket: stack.bucket, clients: 10, durationMs: 6000, prefix: 'flaky/' });
      proxy.clearFaults();
      expect(Object.keys(result.statuses)).toEqual(['200']);
      expect(result.failures.length).toBeGreaterThan(0);
      expect(new Set(result.failures.map((failure) => failure.split(' ')[1]))).toEqual(new Set(['S3_UNAVAILABLE']));
      expect(result.staleReads).toEqual([]);
      expect(await reconcile(stack.s3, stack.bucket, result.acknowledged)).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});
