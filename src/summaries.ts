import type { RedisClient, RedisConnections } from './redis.js';
import type { BulkOperation } from './s3/bulk.js';
import type { S3Storage } from './s3/storage.js';

/**
 * How much a prefix holds. Small prefixes are counted for each request; larger ones by a job (SUMMARIZE_PREFIX), whose figure is
 * kept for SUMMARY_RETENTION_SECONDS: in this process's memory, or on Redis, where every instance answers with it.
 */

export interface PrefixFigure {
  objects: number;
  bytes: number;
  /** Of the most recently modified object; null for an empty prefix. Milliseconds, as the figure is stored as JSON. */
  lastModifiedMs: number | null;
  computedAtMs: number;
}

/** Counts every object below `prefix`; undefined once more than `maxObjects` are seen (the figure is then a job's to compute). */
export async function countPrefix(
  s3: S3Storage,
  bucket: string,
  prefix: string,
  { maxObjects = Number.POSITIVE_INFINITY, onObject }: { maxObjects?: number; onObject?: (key: string, bytes: number) => void } = {},
): Promise<PrefixFigure | undefined> {
  const figure: PrefixFigure = { objects: 0, bytes: 0, lastModifiedMs: null, computedAtMs: Date.now() };
  for await (const page of s3.objectPages(bucket, prefix)) {
    for (const object of page) {
      figure.objects += 1;
      figure.bytes += object.size;
      const modified = object.lastModified?.getTime();
      if (modified !== undefined && (figure.lastModifiedMs === null || modified > figure.lastModifiedMs)) figure.lastModifiedMs = modified;
      onObject?.(object.key, object.size);
    }
    // Leaving the walk stops its paging.
    if (figure.objects > maxObjects) return undefined;
  }
  return figure;
}

/** The job's work: the count, object by object as progress, then the figure kept for every caller. */
export function summarizePrefix(s3: S3Storage, summaries: Summaries, bucket: string, prefix: string): BulkOperation {
  return async (progress) => {
    const figure = await countPrefix(s3, bucket, prefix, { onObject: (key, bytes) => progress.succeeded(key, bytes) });
    if (figure !== undefined) await summaries.keep(bucket, prefix, figure);
  };
}

interface SummaryState {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, seconds: number): Promise<void>;
}

// Entries kept in memory at most: beyond, the oldest are forgotten before their time.
const MAX_MEMORY_ENTRIES = 10_000;

class MemoryState implements SummaryState {
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();

  get(key: string): Promise<string | undefined> {
    const entry = this.entries.get(key);
    if (entry !== undefined && entry.expiresAt <= Date.now()) this.entries.delete(key);
    return Promise.resolve(entry !== undefined && entry.expiresAt > Date.now() ? entry.value : undefined);
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
const REDIS_PREFIX = '{s3gw}:summary:';

class RedisState implements SummaryState {
  constructor(private readonly client: RedisClient) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.client.get(REDIS_PREFIX + key)) ?? undefined;
  }

  async set(key: string, value: string, seconds: number): Promise<void> {
    await this.client.set(REDIS_PREFIX + key, value, 'EX', seconds);
  }
}

// Bucket names hold no newline, so these keys cannot collide.
const figureKey = (bucket: string, prefix: string) => `figure\n${bucket}\n${prefix}`;
const jobKey = (owner: string, bucket: string, prefix: string) => `job\n${owner}\n${bucket}\n${prefix}`;

export class Summaries {
  private constructor(
    private readonly state: SummaryState,
    private readonly retentionSeconds: number,
  ) {}

  static inMemory(retentionSeconds: number): Summaries {
    return new Summaries(new MemoryState(), retentionSeconds);
  }

  static onRedis(connections: RedisConnections, retentionSeconds: number): Summaries {
    return new Summaries(new RedisState(connections.open({ blocking: false })), retentionSeconds);
  }

  async kept(bucket: string, prefix: string): Promise<PrefixFigure | undefined> {
    const text = await this.state.get(figureKey(bucket, prefix));
    return text === undefined ? undefined : (JSON.parse(text) as PrefixFigure);
  }

  keep(bucket: string, prefix: string, figure: PrefixFigure): Promise<void> {
    return this.state.set(figureKey(bucket, prefix), JSON.stringify(figure), this.retentionSeconds);
  }

  /** The job `owner` started to count this prefix, so that asking again follows it instead of starting another. */
  jobOf(owner: string, bucket: string, prefix: string): Promise<string | undefined> {
    return this.state.get(jobKey(owner, bucket, prefix));
  }

  rememberJob(owner: string, bucket: string, prefix: string, jobId: string): Promise<void> {
    return this.state.set(jobKey(owner, bucket, prefix), jobId, this.retentionSeconds);
  }
}
