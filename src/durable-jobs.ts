import { randomUUID } from 'node:crypto';
import { Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import type { RedisConfig } from './config/redis.js';
import { clientFacingError, GatewayError, JobsUnavailableError, ResourceExhaustedError, type ErrorCode } from './errors.js';
import {
  MAX_KEPT_FAILURES,
  PUBLISH_INTERVAL_MS,
  targetOf,
  type JobBounds,
  type JobHandle,
  type JobPlanner,
  type JobRequest,
  type Jobs,
  type JobSnapshot,
  type JobState,
} from './jobs.js';
import type { RedisClient, RedisConnections } from './redis.js';
import type { BulkProgress, KeyFailure, SizedKey } from './s3/bulk.js';
import type { S3Storage } from './s3/storage.js';
import { StoreRegistry } from './s3/stores.js';

/**
 * Jobs on Redis (BullMQ): any instance takes a job from the queue; a job whose instance died is found by BullMQ's stalled-job
 * check once its lock expires and run again by another. A run records each key's outcome once (HSETNX), so a resumed run
 * counts nothing twice, and records a batch of sources before deleting it, so that deletes it did not see end still count.
 */

const QUEUE = 'bulk-jobs';
// One hash tag for every key: BullMQ's and ours stay in one slot on a Redis Cluster.
const PREFIX = '{s3gw}';

interface JobData {
  request: JobRequest;
  owner: string;
}

/** Records one key's outcome the first time only; the counts move with it. */
const RECORD_OUTCOME = `
if redis.call('HSETNX', KEYS[1], ARGV[1], '1') == 0 then return 0 end
if ARGV[3] == '' then
  redis.call('HINCRBY', KEYS[2], 'succeeded', 1)
  redis.call('HINCRBY', KEYS[2], 'bytes', ARGV[2])
else
  redis.call('HINCRBY', KEYS[2], 'failed', 1)
  if redis.call('LLEN', KEYS[3]) < tonumber(ARGV[4]) then redis.call('RPUSH', KEYS[3], ARGV[3]) end
end
return 1`;

/** Admits a job within the per-owner and total bounds of unfinished jobs: 0 admitted, 1 owner full, 2 all full. */
const ADMIT = `
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 1 end
if redis.call('SCARD', KEYS[2]) >= tonumber(ARGV[3]) then return 2 end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('SADD', KEYS[2], ARGV[1])
return 0`;

const jobKey = (id: string, part: 'done' | 'counts' | 'failures' | 'pending' | 'error') => `${PREFIX}:job:${id}:${part}`;
const ownerKey = (owner: string) => `${PREFIX}:owner:${owner}`;
const UNFINISHED = `${PREFIX}:unfinished`;

// Failures worth another run: the store or the network, not the input.
const RETRIED_CODES = new Set<ErrorCode>(['S3_UNAVAILABLE', 'S3_THROTTLED', 'INTERNAL']);

/** A run's progress, written to Redis as it goes; flush() waits for every write. */
class RecordedProgress implements BulkProgress {
  private readonly writes = new Set<Promise<unknown>>();

  constructor(
    private readonly redis: RedisClient,
    private readonly id: string,
  ) {}

  private record(key: string, bytes: number, failure: KeyFailure | undefined): void {
    const write = this.redis.eval(
      RECORD_OUTCOME,
      3,
      jobKey(this.id, 'done'),
      jobKey(this.id, 'counts'),
      jobKey(this.id, 'failures'),
      key,
      bytes,
      failure === undefined ? '' : JSON.stringify(failure),
      MAX_KEPT_FAILURES,
    );
    this.writes.add(write);
    void write.finally(() => this.writes.delete(write));
  }

  succeeded(key: string, bytes: number): void {
    this.record(key, bytes, undefined);
  }

  failed(failure: KeyFailure): void {
    this.record(failure.key, 0, failure);
  }

  async beforeDelete(keys: SizedKey[]): Promise<void> {
    await this.flush();
    await this.redis.hset(jobKey(this.id, 'pending'), Object.fromEntries(keys.map(({ key, size }) => [key, String(size)])));
  }

  async flush(): Promise<void> {
    while (this.writes.size > 0) await Promise.all([...this.writes]);
  }
}

export class DurableJobs implements Jobs {
  private readonly queue: Queue<JobData>;
  private readonly worker: Worker<JobData>;
  /** For requests: gives up rather than waits when Redis is away. */
  private readonly requests: RedisClient;
  /** For runs: waits for Redis to return, so that a run pauses instead of failing. */
  private readonly runs: RedisClient;
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    connections: RedisConnections,
    private readonly config: RedisConfig['jobs'],
    private readonly bounds: JobBounds,
    private readonly s3: S3Storage,
    private readonly plan: JobPlanner,
    private readonly onUnexpectedError: (error: unknown) => void,
    /** Every store, when the gateway has several; `s3` is the default one. */
    private readonly stores: StoreRegistry = StoreRegistry.single(s3),
  ) {
    this.requests = connections.open({ blocking: false });
    this.runs = connections.open({ blocking: true });
    this.queue = new Queue<JobData>(QUEUE, { connection: this.requests, prefix: PREFIX });
    this.queue.on('error', () => undefined);
    this.worker = new Worker<JobData>(
      QUEUE,
      (job) => {
        const run = this.run(job);
        this.running.add(run);
        return run.finally(() => this.running.delete(run));
      },
      {
        connection: connections.open({ blocking: true }),
        prefix: PREFIX,
        concurrency: bounds.maxRunning,
        lockDuration: config.lockMs,
        stalledInterval: config.stalledCheckMs,
        // A job whose process died is run again, up to its attempts; then it ends FAILED like any other.
        maxStalledCount: config.attempts,
      },
    );
    this.worker.on('error', () => undefined);
    this.worker.on('completed', (job) => void this.release(job));
    this.worker.on('failed', (job) => {
      if (job !== undefined && (job.finishedOn ?? 0) > 0) void this.release(job);
    });
  }

  /** Frees the job's place within the bounds, and lets its records expire with it. */
  private async release(job: Job<JobData>): Promise<void> {
    const id = job.id ?? '';
    const retention = this.bounds.retentionSeconds;
    await this.runs
      .multi()
      .srem(ownerKey(job.data.owner), id)
      .srem(UNFINISHED, id)
      .expire(jobKey(id, 'done'), retention)
      .expire(jobKey(id, 'counts'), retention)
      .expire(jobKey(id, 'failures'), retention)
      .expire(jobKey(id, 'pending'), retention)
      .expire(jobKey(id, 'error'), retention)
      .exec();
  }

  private async run(job: Job<JobData>): Promise<void> {
    const id = job.id ?? '';
    const { request } = job.data;
    const progress = new RecordedProgress(this.runs, id);
    try {
      await this.countFinishedDeletes(id, request, progress);
      await this.plan(request)(progress);
      await progress.flush();
    } catch (caught) {
      await progress.flush().catch(() => undefined);
      const error = clientFacingError(caught, this.onUnexpectedError);
      await this.runs.set(jobKey(id, 'error'), JSON.stringify({ code: error.code, message: error.message }));
      throw RETRIED_CODES.has(error.code) ? new Error(error.message) : new UnrecoverableError(error.message);
    }
  }

  /** A run that died between deleting sources and recording it: a recorded source that is gone was deleted (after its copy was confirmed). */
  private async countFinishedDeletes(id: string, request: JobRequest, progress: RecordedProgress): Promise<void> {
    const pending = await this.runs.hgetall(jobKey(id, 'pending'));
    const keys = Object.keys(pending);
    if (keys.length === 0) return;
    const recorded = await this.runs.hmget(jobKey(id, 'done'), ...keys);
    for (const [index, key] of keys.entries()) {
      if (recorded[index] !== null) continue;
      if ((await this.stores.get(request.store).headObject({ bucket: request.bucket, key })) === null)
        progress.succeeded(key, Number(pending[key]));
    }
    await progress.flush();
  }

  private assertReachable(): void {
    if (this.requests.status !== 'ready') throw new JobsUnavailableError();
  }

  /** Redis failures become JOBS_UNAVAILABLE; the gateway's own errors pass. */
  private async reachRedis<T>(action: () => Promise<T>): Promise<T> {
    this.assertReachable();
    try {
      return await action();
    } catch (error) {
      if (error instanceof GatewayError) throw error;
      throw new JobsUnavailableError({ cause: error });
    }
  }

  async start(request: JobRequest, owner: string): Promise<JobHandle> {
    // The input is checked here, at once; the instance that runs the job plans it again from the request.
    this.plan(request);
    const id = randomUUID();
    const snapshot = await this.reachRedis(async () => {
      const admitted = await this.requests.eval(
        ADMIT,
        2,
        ownerKey(owner),
        UNFINISHED,
        id,
        this.bounds.maxRunningPerOwner,
        this.bounds.maxRunning,
      );
      if (admitted === 1)
        throw new ResourceExhaustedError(
          `You already have ${this.bounds.maxRunningPerOwner} jobs unfinished, as many as one caller may; start more when one is done.`,
        );
      if (admitted === 2)
        throw new ResourceExhaustedError('The gateways hold as many unfinished jobs as they may; try again when some are done.');
      const keep = { age: this.bounds.retentionSeconds, count: this.bounds.maxFinished };
      const job = await this.queue.add(
        request.kind,
        { request, owner },
        { jobId: id, attempts: this.config.attempts, removeOnComplete: keep, removeOnFail: keep },
      );
      return this.snapshotOf(job);
    });
    const finished = (async () => {
      let last = snapshot;
      for await (const update of this.follow(id, owner)) last = update;
      return last;
    })();
    return { snapshot, finished };
  }

  private async snapshotOf(job: Job<JobData>): Promise<JobSnapshot> {
    const id = job.id ?? '';
    const [counts, failures, error, state] = await Promise.all([
      this.requests.hgetall(jobKey(id, 'counts')),
      this.requests.lrange(jobKey(id, 'failures'), 0, -1),
      this.requests.get(jobKey(id, 'error')),
      job.getState(),
    ]);
    const failed = Number(counts.failed ?? 0);
    let jobState: JobState = 'RUNNING';
    if (state === 'completed') jobState = failed > 0 ? 'PARTIAL' : 'SUCCEEDED';
    else if (state === 'failed') jobState = 'FAILED';
    return {
      id,
      owner: job.data.owner,
      kind: job.data.request.kind,
      ...targetOf(job.data.request),
      state: jobState,
      succeeded: Number(counts.succeeded ?? 0),
      failed,
      bytes: Number(counts.bytes ?? 0),
      failures: failures.map((failure) => JSON.parse(failure) as KeyFailure),
      error: jobState === 'FAILED' ? this.failureOf(job, error) : null,
      startedAt: new Date(job.timestamp),
      finishedAt: jobState === 'RUNNING' || job.finishedOn === undefined ? null : new Date(job.finishedOn),
    };
  }

  /** The reason of the last run; a job whose processes kept dying says so. */
  private failureOf(job: Job<JobData>, recorded: string | null): { code: ErrorCode; message: string } {
    if (recorded !== null && !/stalled/i.test(job.failedReason)) return JSON.parse(recorded) as { code: ErrorCode; message: string };
    return {
      code: 'INTERNAL',
      message: `The job stopped without finishing ${this.config.attempts} times (its gateway process ended each time).`,
    };
  }

  private async ownedJob(id: string, owner: string): Promise<Job<JobData> | undefined> {
    const job = await Job.fromId<JobData>(this.queue, id);
    return job?.data.owner === owner ? job : undefined;
  }

  get(id: string, owner: string): Promise<JobSnapshot | undefined> {
    return this.reachRedis(async () => {
      const job = await this.ownedJob(id, owner);
      return job === undefined ? undefined : this.snapshotOf(job);
    });
  }

  async watch(id: string, owner: string): Promise<AsyncGenerator<JobSnapshot> | undefined> {
    const known = await this.reachRedis(() => this.ownedJob(id, owner));
    return known === undefined ? undefined : this.follow(id, owner);
  }

  /** Reads the job from Redis until it is done, yielding each change; while Redis is away it waits for it to return. */
  private async *follow(id: string, owner: string): AsyncGenerator<JobSnapshot> {
    let last = '';
    for (;;) {
      let snapshot: JobSnapshot | undefined;
      try {
        const job = await this.ownedJob(id, owner);
        if (job === undefined) return;
        snapshot = await this.snapshotOf(job);
      } catch {
        snapshot = undefined;
      }
      if (snapshot !== undefined) {
        const seen = JSON.stringify(snapshot);
        if (seen !== last) yield snapshot;
        last = seen;
        if (snapshot.state !== 'RUNNING') return;
      }
      await new Promise((resolve) => setTimeout(resolve, PUBLISH_INTERVAL_MS));
    }
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  async close(): Promise<void> {
    // Jobs still running here are abandoned: their lock expires and another instance resumes them.
    await this.worker.close(true);
    await this.queue.close();
  }
}
