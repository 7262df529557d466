import type { Cluster, Redis, RedisOptions } from 'ioredis';
import type { RedisConfig } from './config/redis.js';

/**
 * The one place that opens Redis connections (ioredis, the client BullMQ uses), for a single server, Sentinel or Cluster.
 * Each user asks for the kind it needs: BullMQ's workers block on theirs and must wait for Redis to return; a request must fail fast.
 */

export type RedisClient = Redis | Cluster;

export class RedisUnavailableAtStartError extends Error {
  override name = 'RedisUnavailableAtStartError';
}

export interface RedisConnectionKind {
  /**
   * Blocking connections (a BullMQ worker's) retry their commands while Redis is away and resume when it returns; the others give
   * a command up after COMMAND_TIMEOUT_MS, so that a request is answered with an error instead of waiting.
   */
  blocking: boolean;
}

// How long a request-path command waits for Redis before it is answered with an error.
const COMMAND_TIMEOUT_MS = 5000;
const CONNECT_TIMEOUT_MS = 5000;
// Reconnection backoff: quick at first, then every 2 s for as long as Redis is away.
const reconnectDelayMs = (attempt: number) => Math.min(attempt * 200, 2000);

export class RedisConnections {
  private readonly opened = new Set<RedisClient>();

  private constructor(
    private readonly config: RedisConfig,
    private readonly ioredis: { Cluster: typeof Cluster; Redis: typeof Redis },
  ) {}

  /** Loads ioredis only when REDIS_URL is set, so that a gateway without Redis does not carry it. */
  static async load(config: RedisConfig): Promise<RedisConnections> {
    return new RedisConnections(config, await import('ioredis'));
  }

  private serverOptions(): RedisOptions {
    const { server } = this.config;
    return {
      username: server.username,
      password: server.password,
      db: server.database,
      tls: server.tls ? { servername: server.host } : undefined,
      connectTimeout: CONNECT_TIMEOUT_MS,
    };
  }

  /** A new connection of the given kind; closed with the others by close(). */
  open({ blocking }: RedisConnectionKind): RedisClient {
    const { server, topology } = this.config;
    const { Cluster, Redis } = this.ioredis;
    const behaviour: RedisOptions = blocking
      ? { maxRetriesPerRequest: null, enableOfflineQueue: true }
      : { maxRetriesPerRequest: 1, commandTimeout: COMMAND_TIMEOUT_MS };
    let client: RedisClient;
    if (topology.kind === 'cluster') {
      client = new Cluster(topology.nodes, {
        redisOptions: { ...this.serverOptions(), ...behaviour },
        clusterRetryStrategy: reconnectDelayMs,
      });
    } else if (topology.kind === 'sentinel') {
      client = new Redis({
        ...this.serverOptions(),
        ...behaviour,
        sentinels: topology.sentinels,
        name: topology.name,
        retryStrategy: reconnectDelayMs,
        sentinelRetryStrategy: reconnectDelayMs,
      });
    } else {
      client = new Redis({ ...this.serverOptions(), ...behaviour, host: server.host, port: server.port, retryStrategy: reconnectDelayMs });
    }
    // Errors while Redis is away are answered to the commands that meet them; ioredis also emits them, and unheard they would crash the process.
    client.on('error', () => undefined);
    this.opened.add(client);
    client.once('end', () => this.opened.delete(client));
    return client;
  }

  /** Refuses to go on when Redis does not answer: with REDIS_URL set, the gateway does not start without it. */
  async check(): Promise<void> {
    const client = this.open({ blocking: false });
    const description = this.describe();
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no answer within ${CONNECT_TIMEOUT_MS} ms`)), CONNECT_TIMEOUT_MS);
        client.once('ready', () => {
          clearTimeout(timer);
          resolve();
        });
        client.once('error', (error: Error) => {
          clearTimeout(timer);
          reject(error);
        });
      });
      await client.ping();
    } catch (error) {
      throw new RedisUnavailableAtStartError(
        `Redis at ${description} (REDIS_URL) does not answer: ${error instanceof Error ? error.message : String(error)}. The gateway does not start without it; start Redis, or unset REDIS_URL to keep jobs in memory.`,
      );
    } finally {
      client.disconnect();
    }
  }

  /** Where Redis is, without the password, for start-up lines and errors. */
  describe(): string {
    const { server, topology } = this.config;
    const scheme = server.tls ? 'rediss' : 'redis';
    if (topology.kind === 'sentinel')
      return `Sentinel master "${topology.name}" via ${topology.sentinels.map(({ host, port }) => `${host}:${port}`).join(',')}`;
    if (topology.kind === 'cluster') return `Cluster ${topology.nodes.map(({ host, port }) => `${host}:${port}`).join(',')}`;
    return `${scheme}://${server.host}:${server.port}/${server.database}`;
  }

  /** Closes every connection opened here, once each has ended. */
  async close(): Promise<void> {
    await Promise.all(
      [...this.opened].map(async (client) => {
        const ended = new Promise((resolve) => client.once('end', resolve));
        try {
          await client.quit();
        } catch {
          client.disconnect();
        }
        await ended;
      }),
    );
    this.opened.clear();
  }
}
