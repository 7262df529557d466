import type { Cluster, Redis } from 'ioredis';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RateLimitConfig } from '../config/rate-limit.js';
import { RateLimitedError } from '../errors.js';

/** Counts one request of the principal; refuses it with RATE_LIMITED (HTTP 429, Retry-After) past the limit. */
export type RateLimit = (principalId: string) => Promise<void>;

const KEY_PREFIX = 's3gw:rate';

/**
 * One count per principal for every instance, on Redis (rate-limiter-flexible's fixed windows); in memory without it.
 * While Redis is away each instance counts alone in memory, so that requests are neither all refused nor unlimited.
 */
export async function createRateLimit(config: RateLimitConfig | undefined, redis: Redis | Cluster | undefined): Promise<RateLimit> {
  if (config === undefined) return () => Promise.resolve();
  // Loaded only when RATE_LIMIT_* is set.
  const { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } = await import('rate-limiter-flexible');
  const options = { keyPrefix: KEY_PREFIX, points: config.requests, duration: config.windowSeconds };
  const inMemory = new RateLimiterMemory(options);
  const limiter: RateLimiterAbstract =
    redis === undefined ? inMemory : new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: inMemory });
  return async (principalId) => {
    try {
      await limiter.consume(principalId);
    } catch (refused) {
      if (!(refused instanceof RateLimiterRes)) throw refused;
      throw new RateLimitedError(Math.max(1, Math.ceil(refused.msBeforeNext / 1000)));
    }
  };
}
