import { z } from 'zod';
import { MiB, positiveInteger } from './values.js';

const SIGV4_MAX_EXPIRES_SECONDS = 7 * 24 * 60 * 60;

/** What one request, query, upload or S3 operation may take. */
export const limitSettings = z
  .object({
    MAX_REQUEST_BYTES: positiveInteger.default(MiB),
    MAX_QUERY_DEPTH: positiveInteger.default(20),
    MAX_QUERY_ALIASES: positiveInteger.default(30),
    MAX_QUERY_TOKENS: positiveInteger.default(2000),
    MAX_QUERY_DIRECTIVES: positiveInteger.default(50),
    MAX_QUERY_COST: positiveInteger.default(25000),
    MAX_INLINE_BYTES: positiveInteger.default(10 * MiB),
    MAX_INLINE_BYTES_PER_REQUEST: positiveInteger.default(64 * MiB),
    MAX_INLINE_BYTES_IN_FLIGHT: positiveInteger.default(256 * MiB),
    MAX_UPLOAD_BYTES: positiveInteger.default(5 * 1024 * MiB),
    MAX_UPLOAD_FILES: positiveInteger.default(10),
    PRESIGN_MAX_EXPIRES_SECONDS: positiveInteger
      .max(SIGV4_MAX_EXPIRES_SECONDS, 'must be at most 604800 (7 days, the SigV4 limit)')
      .default(SIGV4_MAX_EXPIRES_SECONDS),
    MULTIPART_COPY_THRESHOLD_BYTES: positiveInteger.min(5 * MiB, 'must be at least 5 MiB (5242880)').default(5 * 1024 * MiB),
    MULTIPART_COPY_PART_BYTES: positiveInteger
      .min(5 * MiB, 'must be at least 5 MiB (5242880)')
      .max(5 * 1024 * MiB, 'must be at most 5 GiB')
      .default(256 * MiB),
    S3_MAX_CONCURRENCY: positiveInteger.max(1000).default(16),
    BUCKET_CACHE_SECONDS: z.coerce.number({ message: 'must be a number' }).int().min(0).default(60),
    JOB_RETENTION_SECONDS: positiveInteger.default(3600),
    MAX_JOBS_PER_PRINCIPAL: positiveInteger.default(4),
    MAX_JOBS: positiveInteger.default(16),
    MAX_FINISHED_JOBS: positiveInteger.default(1000),
    SEARCH_MAX_SCANNED_KEYS: positiveInteger.default(10_000),
    SUMMARY_INLINE_MAX_KEYS: positiveInteger.default(10_000),
    SUMMARY_RETENTION_SECONDS: positiveInteger.default(3600),
    ARCHIVE_LINK_SECONDS: positiveInteger.default(900),
  })
  .transform((env) => ({
    /** Largest GraphQL request body (JSON, or a multipart request's operations), uploads aside. */
    maxRequestBytes: env.MAX_REQUEST_BYTES,
    maxQueryDepth: env.MAX_QUERY_DEPTH,
    maxQueryAliases: env.MAX_QUERY_ALIASES,
    maxQueryTokens: env.MAX_QUERY_TOKENS,
    maxQueryDirectives: env.MAX_QUERY_DIRECTIVES,
    /** Most cost one query may plan: S3 requests, signatures and inline content (a listing's `first` multiplies what is below it). */
    maxQueryCost: env.MAX_QUERY_COST,
    maxInlineBytes: env.MAX_INLINE_BYTES,
    /** Inline content (each content read, each text and base64 answered) one request may hold. */
    maxInlineBytesPerRequest: env.MAX_INLINE_BYTES_PER_REQUEST,
    /** Inline content all requests of the process may hold at once. */
    maxInlineBytesInFlight: env.MAX_INLINE_BYTES_IN_FLIGHT,
    maxUploadBytes: env.MAX_UPLOAD_BYTES,
    maxUploadFiles: env.MAX_UPLOAD_FILES,
    presignMaxExpiresSeconds: env.PRESIGN_MAX_EXPIRES_SECONDS,
    /** Copies above this size use UploadPartCopy (CopyObject stops at 5 GiB). */
    multipartCopyThresholdBytes: env.MULTIPART_COPY_THRESHOLD_BYTES,
    /** Part size of a multipart copy (grown so that no copy needs more than 10,000 parts). */
    multipartCopyPartBytes: env.MULTIPART_COPY_PART_BYTES,
    /** S3 requests one operation (a batch of HeadObjects, a prefix copy) runs at once. */
    maxConcurrency: env.S3_MAX_CONCURRENCY,
    /** How long a bucket known to exist is not asked again (0: always ask). */
    bucketCacheSeconds: env.BUCKET_CACHE_SECONDS,
    /** How long finished jobs stay queryable. */
    jobRetentionSeconds: env.JOB_RETENTION_SECONDS,
    /** Bulk jobs one principal may run at once. */
    maxJobsPerPrincipal: env.MAX_JOBS_PER_PRINCIPAL,
    /** Bulk jobs the process runs at once. */
    maxJobs: env.MAX_JOBS,
    /** Finished jobs kept queryable; beyond, the oldest are forgotten early. */
    maxFinishedJobs: env.MAX_FINISHED_JOBS,
    /** Keys one page of Bucket.search reads from the store at most, matching or not; a page that reaches it ends with a cursor. */
    searchMaxScannedKeys: env.SEARCH_MAX_SCANNED_KEYS,
    /** Prefixes of at most this many objects are counted for the request that asks; larger ones by a job. */
    summaryInlineMaxKeys: env.SUMMARY_INLINE_MAX_KEYS,
    /** How long a job's figure of a prefix is kept and answered with. */
    summaryRetentionSeconds: env.SUMMARY_RETENTION_SECONDS,
    /** How long a createArchive link streams its ZIP. */
    archiveLinkSeconds: env.ARCHIVE_LINK_SECONDS,
  }));

export type LimitsConfig = z.output<typeof limitSettings>;
