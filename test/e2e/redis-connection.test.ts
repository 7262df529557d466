import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { RedisConnections, RedisUnavailableAtStartError } from '../../src/redis.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(() => redis.close());

const connectionsTo = (url: string) => {
  const config = loadConfig({ REDIS_URL: url }).redis;
  if (config === undefined) throw new Error('REDIS_URL not read');
  return RedisConnections.load(config);
};

describe('the Redis connection module', () => {
  it('opens connections to the server of REDIS_URL and closes them all', async () => {
    const connections = await connectionsTo(redis.url);
    await connections.check();
    const client = connections.open({ blocking: false });
    await client.set('s3gw:test', 'value');
    expect(await client.get('s3gw:test')).toBe('value');
    await connections.close();
    expect(client.status).toBe('end');
  });

  it('refuses to start when Redis does not answer, naming where it looked', async () => {
    await redis.stop();
    try {
      const connections = await connectionsTo(redis.url);
      await expect(connections.check()).rejects.toThrow(RedisUnavailableAtStartError);
      await expect(connections.check()).rejects.toThrow(`Redis at redis://127.0.0.1:${redis.port}/0 (REDIS_URL) does not answer`);
      await connections.close();
    } finally {
      await redis.start();
    }
  });
});
