import type { YogaLogger as Logger } from '@graphql-yoga/logger';
import DataLoader from 'dataloader';
import pLimit from 'p-limit';
import type { Principal } from './auth/authenticate.js';
import type { LimitsConfig } from './config/limits.js';
import { InlineAllowance, type InlineBytesInFlight } from './inline-budget.js';
import type { ObjectEvents } from './events.js';
import type { Jobs } from './jobs.js';
import type { S3Storage } from './s3/storage.js';
import type { BucketInfo, ObjectDetails, VersionLocation } from './s3/types.js';
import type { Summaries } from './summaries.js';
import type { ArchiveLinks } from './archives.js';

/** A version of an object: the eTag pins the content to what HeadObject described. */
export interface ObjectVersion extends VersionLocation {
  eTag: string | undefined;
  /** The most its read may hold: its size, up to the inline limit. */
  heldBytes: number;
}

/** Per-request state: the S3 service and the caches that keep one query from asking S3 the same thing twice. */
export interface Context {
  /** The caller; its access is checked before any field reaches S3. */
  principal: Principal;
  s3: S3Storage;
  limits: LimitsConfig;
  logger: Logger;
  /** Where clients reach this gateway, for URLs of its download route. */
  publicOrigin: string;
  /** Bulk operations (in this process, or on Redis for every instance), shared by all requests. */
  jobs: Jobs;
  /** Changes to objects, from every instance of the gateway. */
  objectEvents: ObjectEvents;
  /** Figures of large prefixes, kept after the job that counted them. */
  summaries: Summaries;
  /** The plans behind createArchive's links, until they expire. */
  archives: ArchiveLinks;
  /** HeadObject answers, de-duplicated within the request. */
  objectDetails: DataLoader<VersionLocation, ObjectDetails | null, string>;
  /** Inline contents (Document.text and .base64, and their aliases, share one GetObject). */
  objectContent: DataLoader<ObjectVersion, Buffer, string>;
  /** The inline content this request holds; given back when it ends. */
  inlineBytes: InlineAllowance;
  /** ListBuckets, asked at most once per request (it is the only source of creation dates). */
  bucketList: () => Promise<BucketInfo[]>;
}

// DataLoader wants an error per failed key rather than one rejected batch.
const settle = <T>(promise: Promise<T>): Promise<T | Error> =>
  promise.catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));

export type ContextDependencies = Pick<
  Context,
  'principal' | 's3' | 'limits' | 'logger' | 'jobs' | 'objectEvents' | 'summaries' | 'archives' | 'publicOrigin'
> & {
  /** Shared by every request of the process. */
  inlineBytesInFlight: InlineBytesInFlight;
};

export function createContext({
  principal,
  s3,
  limits,
  logger,
  jobs,
  objectEvents,
  summaries,
  archives,
  publicOrigin,
  inlineBytesInFlight,
}: ContextDependencies): Context {
  let bucketList: Promise<BucketInfo[]> | undefined;
  const inlineBytes = new InlineAllowance(limits.maxInlineBytesPerRequest, inlineBytesInFlight);
  return {
    principal,
    s3,
    limits,
    logger,
    jobs,
    objectEvents,
    summaries,
    archives,
    publicOrigin,
    // HeadObjects of a listing's objects, at most maxConcurrency at a time.
    objectDetails: new DataLoader(
      (locations) => {
        const limit = pLimit(limits.maxConcurrency);
        return Promise.all(locations.map((location) => settle(limit(() => s3.headObject(location)))));
      },
      {
        cacheKeyFn: ({ bucket, key, versionId }) => `${bucket}/${key}?${versionId ?? ''}`,
      },
    ),
    objectContent: new DataLoader(
      (versions) =>
        Promise.all(
          versions.map(({ bucket, key, versionId, eTag, heldBytes }) =>
            settle(
              (async () => {
                // The content read is held once, whatever the fields and aliases that answer it.
                inlineBytes.take(heldBytes);
                return s3.readObject({ bucket, key, versionId }, { maxBytes: limits.maxInlineBytes, eTag });
              })(),
            ),
          ),
        ),
      { cacheKeyFn: ({ bucket, key, versionId, eTag }) => `${bucket}/${key}?${versionId ?? ''}@${eTag ?? ''}` },
    ),
    inlineBytes,
    bucketList: () => (bucketList ??= s3.listBuckets()),
  };
}
