import type { RedisClient, RedisConnections } from './redis.js';

/**
 * Small values kept for a while and shared by requests (a prefix's figure, an archive link's plan): in this process's memory,
 * or on Redis with REDIS_URL, where every instance of the gateway sees them.
 */
export interface KeptState {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, seconds: number): Promise<void>;
}

// Entries kept in memory at most: beyond, the oldest are forgotten before their time.
const MAX_MEMORY_ENTRIES = 10_000;

class MemoryState implements KeptState {
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();

  get(key: string): Promise<string | undefined> {
    const entry = this.entries.get(key);
    if (entry === undefined || entry.expiresAt > Date.now()) return Promise.resolve(entry?.value);
    this.entries.delete(key);
    return Promise.resolve(undefined);
  }

  set(key: string, value: string, seconds: number): Promise<void> {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: Date.now() + seconds * 1000 });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= MAX_MEMORY_ENTRIES) break;
      this.entries.delete(oldest);
    }
    return Promise.resolve();
  }
}

// The hash tag of the job keys: everything of the gateway stays in one slot on a Redis Cluster.
const REDIS_PREFIX = '{s3gw}:kept:';

class RedisState implements KeptState {
  constructor(private readonly client: RedisClient) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.client.get(REDIS_PREFIX + key)) ?? undefined;
  }

  async set(key: string, value: string, seconds: number): Promise<void> {
    await this.client.set(REDIS_PREFIX + key, value, 'EX', seconds);
  }
}

export const keptInMemory = (): KeptState => new MemoryState();

export const keptOnRedis = (connections: RedisConnections): KeptState => new RedisState(connections.open({ blocking: false }));
