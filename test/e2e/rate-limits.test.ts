import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../src/auth/authenticate.js';
import { startStack, type TestStack } from '../support/stack.js';

/** RATE_LIMIT_REQUESTS per RATE_LIMIT_WINDOW_SECONDS, per principal, in one process's memory. */

let stack: TestStack;
let policyDirectory: string;
const keys = { first: `s3gw_${randomBytes(16).toString('hex')}`, second: `s3gw_${randomBytes(16).toString('hex')}` };

beforeAll(async () => {
  policyDirectory = await mkdtemp(join(tmpdir(), 's3gw-rate-policy-'));
  const policyFile = join(policyDirectory, 'policy.json');
  const principal = (name: keyof typeof keys) => ({
    name,
    apiKeys: [`sha256:${hashApiKey(keys[name])}`],
    grants: [{ buckets: ['*'], actions: ['list', 'read'] }],
  });
  await writeFile(policyFile, JSON.stringify({ principals: [principal('first'), principal('second')] }));
  stack = await startStack({ AUTH_POLICY_FILE: policyFile, RATE_LIMIT_REQUESTS: '3', RATE_LIMIT_WINDOW_SECONDS: '600' });
  await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: 'a.txt', Body: 'a' }));
});

afterAll(async () => {
  await stack.close();
  await rm(policyDirectory, { recursive: true, force: true });
});

const query = (caller: keyof typeof keys) =>
  fetch(stack.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${keys[caller]}` },
    body: JSON.stringify({ query: '{ buckets { name } }' }),
  });

describe('rate limits', () => {
  it('answers 429 RATE_LIMITED with Retry-After past the limit, for GraphQL and downloads alike, and only to that principal', async () => {
    const download = () =>
      fetch(new URL(`/objects/${stack.bucket}/a.txt`, stack.gateway.url), { headers: { authorization: `Bearer ${keys.first}` } });
    expect((await query('first')).status).toBe(200);
    expect((await download()).status).toBe(200);
    expect((await query('first')).status).toBe(200);

    const refused = await query('first');
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect(await refused.json()).toEqual({
      errors: [{ message: expect.stringMatching(/^Too many requests/) as string, extensions: { code: 'RATE_LIMITED' } }],
    });
    const refusedDownload = await download();
    expect(refusedDownload.status).toBe(429);
    expect(refusedDownload.headers.get('retry-after')).not.toBeNull();

    expect((await query('second')).status).toBe(200);
  });
});
