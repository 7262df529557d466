import type { YogaLogger as Logger } from '@graphql-yoga/logger';
import DataLoader from 'dataloader';
import pLimit from 'p-limit';
import type { Principal } from './auth/authenticate.js';
import type { LimitsConfig } from './config/limits.js';
import { InlineAllowance, type InlineBytesInFlight } from './inline-budget.js';
import type { ObjectEvents } from './events.js';
import type { Jobs } from './jobs.js';
import type { S3Storage } from './s3/storage.js';
import { StoreRegistry } from './s3/stores.js';
import type { BucketInfo, ObjectDetails, VersionLocation } from './s3/types.js';
import type { Summaries } from './summaries.js';
import type { ArchiveLinks } from './archives.js';
import { RequestDeadline } from './deadline.js';

/** An object in one of the stores: `store` undefined is the default one. */
export interface StoredLocation extends VersionLocation {
  store?: string;
}

/** A version of an object: the eTag pins the content to what HeadObject described. */
export interface ObjectVersion extends StoredLocation {
  eTag: string | undefined;
  /** The most its read may hold: its size, up to the inline limit. */
  heldBytes: number;
}

/** Per-request state: the S3 service and the caches that keep one query from asking S3 the same thing twice. */
export interface Context {
  /** The caller; its access is checked before any field reaches S3. */
  principal: Principal;
  /** The default store's storage. */
  s3: S3Storage;
  /** Every store of the graph, by name: `stores.get(args.store)` is the storage a request names. */
  stores: StoreRegistry;
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
  objectDetails: DataLoader<StoredLocation, ObjectDetails | null, string>;
  /** Inline contents (Document.text and .base64, and their aliases, share one GetObject). */
  objectContent: DataLoader<ObjectVersion, Buffer, string>;
  /** The inline content this request holds; given back when it ends. */
  inlineBytes: InlineAllowance;
  /** ListBuckets, asked at most once per request (it is the only source of creation dates). */
  bucketList: (store?: string) => Promise<BucketInfo[]>;
  /** REQUEST_TIMEOUT_SECONDS for this request: aborts the S3 work that honours it; streamed copies push it on as they progress. */
  deadline: RequestDeadline;
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
  /** Without it, `s3` alone, named "default". */
  stores?: StoreRegistry;
};

export function createContext({
  principal,
  s3,
  stores = StoreRegistry.single(s3),
  limits,
  logger,
  jobs,
  objectEvents,
  summaries,
  archives,
  publicOrigin,
  inlineBytesInFlight,
}: ContextDependencies): Context {
  const bucketLists = new Map<string, Promise<BucketInfo[]>>();
  const inlineBytes = new InlineAllowance(limits.maxInlineBytesPerRequest, inlineBytesInFlight);
  return {
    principal,
    s3,
    stores,
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
        return Promise.all(
          locations.map((location) =>
            settle(
              limit(() =>
                stores.get(location.store).headObject({ bucket: location.bucket, key: location.key, versionId: location.versionId }),
              ),
            ),
          ),
        );
      },
      {
        cacheKeyFn: ({ store, bucket, key, versionId }) => `${store ?? ''}:${bucket}/${key}?${versionId ?? ''}`,
      },
    ),
    objectContent: new DataLoader(
      (versions) =>
        Promise.all(
          versions.map(({ store, bucket, key, versionId, eTag, heldBytes }) =>
            settle(
              (async () => {
                // The content read is held once, whatever the fields and aliases that answer it.
                inlineBytes.take(heldBytes);
                return stores.get(store).readObject({ bucket, key, versionId }, { maxBytes: limits.maxInlineBytes, eTag });
              })(),
            ),
          ),
        ),
      { cacheKeyFn: ({ store, bucket, key, versionId, eTag }) => `${store ?? ''}:${bucket}/${key}?${versionId ?? ''}@${eTag ?? ''}` },
    ),
    inlineBytes,
    bucketList: (store) => {
      const name = stores.nameOf(store);
      const listed = bucketLists.get(name) ?? stores.get(name).listBuckets();
      bucketLists.set(name, listed);
      return listed;
    },
    deadline: new RequestDeadline(),
  };
}
