import { randomUUID } from 'node:crypto';
import { clientFacingError, ResourceExhaustedError, type ErrorCode, type GatewayError } from './errors.js';
import {
  abortMultipartUploads,
  deleteObjects,
  deletePrefix,
  restorePrefix,
  transferPrefix,
  type BulkOperation,
  type BulkProgress,
  type KeyFailure,
} from './s3/bulk.js';
import type { S3Storage } from './s3/storage.js';
import { StoreRegistry } from './s3/stores.js';
import { summarizePrefix, summaryScope, type Summaries } from './summaries.js';

/**
 * Long bulk operations run as jobs: their progress can be followed live (a subscription) and queried afterwards.
 * Without Redis, jobs live in the memory of the gateway process that runs them (JobRegistry, MemoryJobs); with REDIS_URL,
 * on Redis, where any instance runs, resumes and answers for them (src/durable-jobs.ts).
 */

export type JobKind =
  'DELETE_OBJECTS' | 'DELETE_PREFIX' | 'COPY_PREFIX' | 'MOVE_PREFIX' | 'ABORT_MULTIPART_UPLOADS' | 'SUMMARIZE_PREFIX' | 'RESTORE_PREFIX';
export type JobState = 'RUNNING' | 'SUCCEEDED' | 'PARTIAL' | 'FAILED';

export interface JobTarget {
  bucket: string;
  prefix: string | undefined;
  destinationBucket: string | undefined;
  destinationPrefix: string | undefined;
  /** The store of `bucket`, and of `destinationBucket`, as the request named them; undefined: the default store. */
  store?: string;
  destinationStore?: string;
}

/** What a job does, in data: any instance can turn it into the operation (planJob), as a resumed job must. `store` names the store (undefined: the default). */
export type JobRequest = { store?: string } & (
  | { kind: 'DELETE_OBJECTS'; bucket: string; keys: string[] }
  | { kind: 'DELETE_PREFIX'; bucket: string; prefix: string }
  | { kind: 'SUMMARIZE_PREFIX'; bucket: string; prefix: string }
  | {
      kind: 'COPY_PREFIX' | 'MOVE_PREFIX';
      bucket: string;
      prefix: string;
      destinationBucket: string;
      destinationPrefix: string;
      destinationStore?: string;
    }
  // A date as milliseconds: a request is stored as JSON on Redis.
  | { kind: 'ABORT_MULTIPART_UPLOADS'; bucket: string; prefix: string; initiatedBeforeMs: number | undefined }
  | { kind: 'RESTORE_PREFIX'; bucket: string; prefix: string; atMs: number }
);

export function targetOf(request: JobRequest): JobTarget {
  const { store } = request;
  if (request.kind === 'DELETE_OBJECTS')
    return {
      bucket: request.bucket,
      prefix: undefined,
      destinationBucket: undefined,
      destinationPrefix: undefined,
      store,
      destinationStore: undefined,
    };
  if (
    request.kind === 'DELETE_PREFIX' ||
    request.kind === 'SUMMARIZE_PREFIX' ||
    request.kind === 'ABORT_MULTIPART_UPLOADS' ||
    request.kind === 'RESTORE_PREFIX'
  )
    return {
      bucket: request.bucket,
      prefix: request.prefix,
      destinationBucket: undefined,
      destinationPrefix: undefined,
      store,
      destinationStore: undefined,
    };
  const { bucket, prefix, destinationBucket, destinationPrefix, destinationStore } = request;
  return { bucket, prefix, destinationBucket, destinationPrefix, store, destinationStore };
}

/** Checks the request's input (InvalidInputError) and returns the operation, ready to run. */
export type JobPlanner = (request: JobRequest) => BulkOperation;

/** `s3` is the default store's storage; `stores`, every store's, when the gateway has several. */
export function jobPlanner(
  s3: S3Storage,
  concurrency: number,
  summaries: Summaries,
  stores: StoreRegistry = StoreRegistry.single(s3),
): JobPlanner {
  return (request) => {
    const store = stores.named(request.store);
    const s3 = store.storage;
    const limit = store.maxConcurrency ?? concurrency;
    if (request.kind === 'SUMMARIZE_PREFIX')
      return summarizePrefix(s3, summaries, request.bucket, request.prefix, summaryScope(request.bucket, request.store));
    if (request.kind === 'DELETE_OBJECTS') return deleteObjects(s3, request.bucket, request.keys);
    if (request.kind === 'DELETE_PREFIX') return deletePrefix(s3, request.bucket, request.prefix);
    if (request.kind === 'RESTORE_PREFIX') return restorePrefix(s3, request.bucket, request.prefix, new Date(request.atMs), limit);
    if (request.kind === 'ABORT_MULTIPART_UPLOADS') {
      const { bucket, prefix, initiatedBeforeMs } = request;
      return abortMultipartUploads(s3, bucket, prefix, initiatedBeforeMs === undefined ? undefined : new Date(initiatedBeforeMs));
    }
    const mode = request.kind === 'MOVE_PREFIX' ? 'move' : 'copy';
    return transferPrefix(s3, { ...request, mode }, limit, stores.get(request.destinationStore));
  };
}

/** Jobs as requests and resolvers see them, in memory or on Redis. */
export interface Jobs {
  /** Refused with RESOURCE_EXHAUSTED beyond the job bounds, with JOBS_UNAVAILABLE when their store does not answer. */
  start(request: JobRequest, owner: string): Promise<JobHandle>;
  /** The job, when `owner` started it: another caller cannot even learn that it exists. */
  get(id: string, owner: string): Promise<JobSnapshot | undefined>;
  /** The job's state now, then after each change until it is done; undefined when unknown to `owner`. */
  watch(id: string, owner: string): Promise<AsyncGenerator<JobSnapshot> | undefined>;
  /** Resolves once this process runs no job. */
  idle(): Promise<void>;
  /** Stops taking jobs; jobs still running here are left to other instances (on Redis). */
  close(): Promise<void>;
}

export interface JobSnapshot extends JobTarget {
  id: string;
  /** The principal that started the job: only it sees the job. */
  owner: string;
  kind: JobKind;
  state: JobState;
  succeeded: number;
  failed: number;
  bytes: number;
  /** The first failures, up to MAX_KEPT_FAILURES; `failed` counts them all. */
  failures: KeyFailure[];
  error: { code: ErrorCode; message: string } | null;
  startedAt: Date;
  finishedAt: Date | null;
}

export const MAX_KEPT_FAILURES = 1000;
// Progress is published at most this often, so that a job over 10,000 objects does not flood its subscribers.
export const PUBLISH_INTERVAL_MS = 200;

class Job implements BulkProgress {
  readonly snapshot: JobSnapshot;
  private changed!: Promise<void>;
  private announce!: () => void;
  private publishTimer: NodeJS.Timeout | undefined;

  constructor(kind: JobKind, target: JobTarget, owner: string) {
    this.snapshot = {
      id: randomUUID(),
      owner,
      kind,
      ...target,
      state: 'RUNNING',
      succeeded: 0,
      failed: 0,
      bytes: 0,
      failures: [],
      error: null,
      startedAt: new Date(),
      finishedAt: null,
    };
    this.renewChange();
  }

  private renewChange(): void {
    this.changed = new Promise((resolve) => (this.announce = resolve));
  }

  private publish(): void {
    clearTimeout(this.publishTimer);
    this.publishTimer = undefined;
    const announce = this.announce;
    this.renewChange();
    announce();
  }

  private publishSoon(): void {
    this.publishTimer ??= setTimeout(() => this.publish(), PUBLISH_INTERVAL_MS);
  }

  succeeded(_key: string, bytes: number): void {
    this.snapshot.succeeded += 1;
    this.snapshot.bytes += bytes;
    this.publishSoon();
  }

  failed(failure: KeyFailure): void {
    this.snapshot.failed += 1;
    if (this.snapshot.failures.length < MAX_KEPT_FAILURES) this.snapshot.failures.push(failure);
    this.publishSoon();
  }

  finish(error: GatewayError | undefined): void {
    this.snapshot.finishedAt = new Date();
    if (error !== undefined) {
      this.snapshot.state = 'FAILED';
      this.snapshot.error = { code: error.code, message: error.message };
    } else {
      this.snapshot.state = this.snapshot.failed > 0 ? 'PARTIAL' : 'SUCCEEDED';
    }
    this.publish();
  }

  get done(): boolean {
    return this.snapshot.state !== 'RUNNING';
  }

  /** The job's state now, then after each change until it is done. */
  async *watch(): AsyncGenerator<JobSnapshot> {
    for (;;) {
      const next = this.changed;
      yield { ...this.snapshot, failures: [...this.snapshot.failures] };
      if (this.done) return;
      await next;
    }
  }
}

export interface JobHandle {
  snapshot: JobSnapshot;
  /** Resolves when the job is done, with its final state. */
  finished: Promise<JobSnapshot>;
}

export interface JobBounds {
  /** How long finished jobs stay queryable. */
  retentionSeconds: number;
  /** Jobs one principal may run at once. */
  maxRunningPerOwner: number;
  /** Jobs the process runs at once. */
  maxRunning: number;
  /** Finished jobs kept; beyond, the oldest is forgotten before its retention ends. */
  maxFinished: number;
}

export class JobRegistry {
  private readonly jobs = new Map<string, Job>();
  private readonly running = new Set<Promise<JobSnapshot>>();
  private readonly runningPerOwner = new Map<string, number>();
  /** Ids of the finished jobs still kept, the oldest first. */
  private readonly finishedIds = new Set<string>();

  constructor(
    private readonly bounds: JobBounds,
    private readonly onUnexpectedError: (error: unknown) => void,
  ) {}

  /** Refused with RESOURCE_EXHAUSTED when the owner, or the process, already runs as many jobs as it may. */
  start(kind: JobKind, target: JobTarget, owner: string, work: (progress: BulkProgress) => Promise<void>): JobHandle {
    const ownerRunning = this.runningPerOwner.get(owner) ?? 0;
    if (ownerRunning >= this.bounds.maxRunningPerOwner)
      throw new ResourceExhaustedError(
        `You already have ${ownerRunning} jobs running, as many as one caller may; start more when one is done.`,
      );
    if (this.running.size >= this.bounds.maxRunning)
      throw new ResourceExhaustedError('The gateway runs as many jobs as it may at once; try again when some are done.');
    this.runningPerOwner.set(owner, ownerRunning + 1);
    const job = new Job(kind, target, owner);
    this.jobs.set(job.snapshot.id, job);
    const finished = work(job)
      .then(
        () => job.finish(undefined),
        (caught: unknown) => job.finish(clientFacingError(caught, this.onUnexpectedError)),
      )
      .then(() => {
        this.keepFinished(job.snapshot.id);
        this.running.delete(finished);
        const ownerStillRunning = (this.runningPerOwner.get(owner) ?? 1) - 1;
        if (ownerStillRunning === 0) this.runningPerOwner.delete(owner);
        else this.runningPerOwner.set(owner, ownerStillRunning);
        return job.snapshot;
      });
    this.running.add(finished);
    return { snapshot: job.snapshot, finished };
  }

  private keepFinished(id: string): void {
    const forget = (forgotten: string) => {
      this.jobs.delete(forgotten);
      this.finishedIds.delete(forgotten);
    };
    this.finishedIds.add(id);
    setTimeout(() => forget(id), this.bounds.retentionSeconds * 1000).unref();
    for (const oldest of this.finishedIds) {
      if (this.finishedIds.size <= this.bounds.maxFinished) break;
      forget(oldest);
    }
  }

  /** Resolves once no job is running (jobs started meanwhile included). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /** The job, when `owner` started it: another caller cannot even learn that it exists. */
  get(id: string, owner: string): JobSnapshot | undefined {
    const job = this.jobs.get(id);
    return job?.snapshot.owner === owner ? job.snapshot : undefined;
  }

  watch(id: string, owner: string): AsyncGenerator<JobSnapshot> | undefined {
    const job = this.jobs.get(id);
    return job?.snapshot.owner === owner ? job.watch() : undefined;
  }
}

/** The in-memory JobRegistry behind the Jobs interface: the gateway without REDIS_URL. */
export class MemoryJobs implements Jobs {
  constructor(
    private readonly registry: JobRegistry,
    private readonly plan: JobPlanner,
  ) {}

  start(request: JobRequest, owner: string): Promise<JobHandle> {
    return Promise.resolve(this.registry.start(request.kind, targetOf(request), owner, this.plan(request)));
  }

  get(id: string, owner: string): Promise<JobSnapshot | undefined> {
    return Promise.resolve(this.registry.get(id, owner));
  }

  watch(id: string, owner: string): Promise<AsyncGenerator<JobSnapshot> | undefined> {
    return Promise.resolve(this.registry.watch(id, owner));
  }

  idle(): Promise<void> {
    return this.registry.idle();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
