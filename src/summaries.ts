import type { KeptState } from './kept-state.js';
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

/** A bucket as summaries are kept: its name, and its store before it where that is not the default one (names hold no "/"). */
export const summaryScope = (bucket: string, store: string | undefined): string => (store === undefined ? bucket : `${store}/${bucket}`);

/** The job's work: the count, object by object as progress, then the figure kept for every caller. */
export function summarizePrefix(s3: S3Storage, summaries: Summaries, bucket: string, prefix: string, scope = bucket): BulkOperation {
  return async (progress) => {
    const figure = await countPrefix(s3, bucket, prefix, { onObject: (key, bytes) => progress.succeeded(key, bytes) });
    if (figure !== undefined) await summaries.keep(scope, prefix, figure);
  };
}

// Bucket names hold no newline, so these keys cannot collide.
const figureKey = (bucket: string, prefix: string) => `summary\n${bucket}\n${prefix}`;
const jobKey = (owner: string, bucket: string, prefix: string) => `summary-job\n${owner}\n${bucket}\n${prefix}`;

export class Summaries {
  constructor(
    private readonly state: KeptState,
    private readonly retentionSeconds: number,
  ) {}

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
