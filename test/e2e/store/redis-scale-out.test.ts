import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../../src/auth/authenticate.js';
import { EMBEDDED_CREDENTIALS } from '../../../src/embedded-store/start.js';
import { spawnGateway, type GatewayProcess } from '../../support/gateway-process.js';
import { watchChanges, type ChangeStream, type ObservedChange } from '../../support/object-changes.js';
import { DELETE_OBJECT, MOVE_OBJECT, PUT_OBJECT } from '../../support/operations.js';
import { startTestRedis, type TestRedis } from '../../support/redis-server.js';
import { startStack, storeKind, type TestStack } from '../../support/stack.js';

/** Two gateway processes on one Redis and one store: what one does, the other announces; one rate limit for both. */

const RATE_LIMIT = 60;
const keys = { writer: `s3gw_${randomBytes(16).toString('hex')}`, burst: `s3gw_${randomBytes(16).toString('hex')}` };
const as = (caller: keyof typeof keys) => ({ authorization: `Bearer ${keys[caller]}` });

let stack: TestStack;
let redis: TestRedis;
let workDirectory: string;
let first: GatewayProcess;
let second: GatewayProcess;

beforeAll(async () => {
  [stack, redis] = await Promise.all([startStack(), startTestRedis()]);
  workDirectory = await mkdtemp(join(tmpdir(), 's3gw-scale-out-'));
  const policyFile = join(workDirectory, 'policy.json');
  const principal = (name: keyof typeof keys) => ({
    name,
    apiKeys: [`sha256:${hashApiKey(keys[name])}`],
    grants: [{ buckets: ['*'], actions: ['list', 'read', 'write', 'delete'] }],
  });
  await writeFile(policyFile, JSON.stringify({ principals: [principal('writer'), principal('burst')] }));
  const credentials =
    storeKind === 'embedded'
      ? { AWS_ACCESS_KEY_ID: EMBEDDED_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: EMBEDDED_CREDENTIALS.secretAccessKey }
      : {
          AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? '',
          AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? '',
        };
  const env = {
    S3_STORE: 'external',
    S3_ENDPOINT: stack.gateway.storeEndpoint ?? '',
    AWS_REGION: process.env.E2E_S3_REGION ?? 'us-east-1',
    ...credentials,
    AUTH_POLICY_FILE: policyFile,
    REDIS_URL: redis.url,
    RATE_LIMIT_REQUESTS: String(RATE_LIMIT),
    RATE_LIMIT_WINDOW_SECONDS: '3600',
  };
  [first, second] = await Promise.all([spawnGateway(workDirectory, env), spawnGateway(workDirectory, env)]);
}, 120_000);

afterAll(async () => {
  for (const gateway of [first, second]) gateway.child.kill('SIGTERM');
  await Promise.all([first.exited, second.exited]);
  await Promise.all([stack.close(), redis.close()]);
  await rm(workDirectory, { recursive: true, force: true });
});

async function write(gateway: GatewayProcess, query: string, input: Record<string, unknown>): Promise<void> {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...as('writer') },
    body: JSON.stringify({ query, variables: { input } }),
  });
  const answer = (await response.json()) as { data?: Record<string, { success: boolean }> };
  expect(Object.values(answer.data ?? {})[0]?.success, JSON.stringify(answer)).toBe(true);
}

/**
 * Writes `key` through `gateway` until `changes` announces it: a subscription (or a Redis connection) just opened may not
 * yet listen, and what happens before it does is not announced. Afterwards the stream is known to be live.
 */
async function writeUntilAnnounced(changes: ChangeStream, gateway: GatewayProcess, key: string): Promise<void> {
  const seen = changes.until((change) => change.key === key).then(() => true);
  for (let announced = false; !announced;) {
    await write(gateway, PUT_OBJECT, { bucket: stack.bucket, key, text: 'probe' });
    announced = await Promise.race([seen, sleep(250, false)]);
  }
}

const summary = ({ kind, key }: ObservedChange) => `${kind} ${key}`;

describe('two gateway processes on one Redis', () => {
  it('announces on one instance the put, move and delete made through the other', async () => {
    const changes = await watchChanges(second.url, { bucket: stack.bucket, prefix: 'shared/' }, as('writer'));
    await writeUntilAnnounced(changes, first, 'shared/probe.txt');
    await write(first, PUT_OBJECT, { bucket: stack.bucket, key: 'shared/a.txt', text: 'abc' });
    await write(first, MOVE_OBJECT, { bucket: stack.bucket, key: 'shared/a.txt', destinationKey: 'shared/b.txt' });
    await write(first, DELETE_OBJECT, { bucket: stack.bucket, key: 'shared/b.txt' });
    const seen = await changes.until((change) => change.key === 'shared/b.txt' && change.kind === 'DELETED');
    changes.close();
    expect(seen.filter((change) => change.key !== 'shared/probe.txt').map(summary)).toEqual([
      'CREATED shared/a.txt',
      'CREATED shared/b.txt',
      'DELETED shared/a.txt',
      'DELETED shared/b.txt',
    ]);
  });

  it('holds one rate limit for a principal across both instances: 429 RATE_LIMITED with Retry-After', async () => {
    const query = (gateway: GatewayProcess) =>
      fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...as('burst') },
        body: JSON.stringify({ query: '{ buckets { name } }' }),
      });
    const statuses: number[] = [];
    for (let index = 0; index < RATE_LIMIT; index += 1) statuses.push((await query(index % 2 === 0 ? first : second)).status);
    expect(statuses.every((status) => status === 200)).toBe(true);
    for (const gateway of [first, second]) {
      const refused = await query(gateway);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await refused.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe('RATE_LIMITED');
    }
  });

  it('keeps S3 working while Redis is stopped, refuses new subscriptions meanwhile, and resumes events when it returns', async () => {
    const changes = await watchChanges(second.url, { bucket: stack.bucket, prefix: 'outage/' }, as('writer'));
    await writeUntilAnnounced(changes, first, 'outage/before.txt');
    await redis.stop();
    try {
      await write(first, PUT_OBJECT, { bucket: stack.bucket, key: 'outage/during.txt', text: 'S3 goes on' });
      await expect
        .poll(async () => {
          const refused = await watchChanges(second.url, { bucket: stack.bucket }, as('writer'));
          const codes = (await refused.errors()).map((error) => error.extensions?.code);
          refused.close();
          return codes;
        })
        .toEqual(['EVENTS_UNAVAILABLE']);
    } finally {
      await redis.start();
    }
    // The subscription opened before the outage hears changes again once both instances are back on Redis.
    await writeUntilAnnounced(changes, first, 'outage/after.txt');
    changes.close();
  });
});
