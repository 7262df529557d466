import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcile, runMixedLoad } from '../../support/mixed-load.js';
import { startStack, type TestStack } from '../../support/stack.js';

/** A bounded version of `npm run bench:load`: correctness under concurrent mixed traffic, never its speed. */

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
