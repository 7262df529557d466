import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

const base = { HOME: mkdtempSync(join(tmpdir(), 's3gw-config-')) };

describe('REDIS_URL and its companions', () => {
  it('keeps everything in memory without REDIS_URL', () => {
    expect(loadConfig(base).redis).toBeUndefined();
  });

  it('reads the server, password, TLS and database from the URL, and keeps the password secret', () => {
    const config = loadConfig({ ...base, REDIS_URL: 'rediss://jobs:s%40cret@redis.internal:6380/2' });
    expect(config.redis).toMatchObject({
      server: { host: 'redis.internal', port: 6380, username: 'jobs', password: 's@cret', tls: true, database: 2 },
      topology: { kind: 'server' },
      jobs: { lockMs: 30_000, stalledCheckMs: 30_000, attempts: 3 },
    });
    expect(config.secrets).toContain('s@cret');
  });

  it('connects through Sentinel or to a Cluster with the credentials of REDIS_URL', () => {
    const sentinel = loadConfig({
      ...base,
      REDIS_URL: 'redis://:pw@x',
      REDIS_SENTINELS: 's1:26379, s2:26380',
      REDIS_SENTINEL_NAME: 'main',
    });
    expect(sentinel.redis?.topology).toEqual({
      kind: 'sentinel',
      name: 'main',
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26380 },
      ],
    });
    const cluster = loadConfig({ ...base, REDIS_URL: 'redis://:pw@x', REDIS_CLUSTER_NODES: 'n1:7000' });
    expect(cluster.redis?.topology).toEqual({ kind: 'cluster', nodes: [{ host: 'n1', port: 7000 }] });
  });

  it('names every wrong Redis setting at once', () => {
    expect(() =>
      loadConfig({ ...base, REDIS_URL: 'http://x', REDIS_CLUSTER_NODES: 'nohost', REDIS_SENTINEL_NAME: 'main', JOB_ATTEMPTS: '0' }),
    ).toThrow(/REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL[\s\S]*REDIS_CLUSTER_NODES[\s\S]*JOB_ATTEMPTS/);
    expect(() => loadConfig({ ...base, REDIS_CLUSTER_NODES: 'n1:7000' })).toThrow(/REDIS_CLUSTER_NODES: needs REDIS_URL/);
    expect(() => loadConfig({ ...base, REDIS_URL: 'redis://x/jobs' })).toThrow(/REDIS_URL: its path must be a database number/);
  });
});
