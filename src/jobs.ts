import { randomUUID } from 'node:crypto';
import { clientFacingError, type ErrorCode, type GatewayError } from './errors.js';
import type { BulkProgress, KeyFailure } from './s3/bulk.js';

/**
 * Long bulk operations run as jobs: their progress can be followed live (a subscription) and queried afterwards.
 * Jobs live in the memory of the gateway process that runs them.
 */

export type JobKind = 'DELETE_OBJECTS' | 'DELETE_PREFIX' | 'COPY_PREFIX' | 'MOVE_PREFIX';
export type JobState = 'RUNNING' | 'SUCCEEDED' | 'PARTIAL' | 'FAILED';

export interface JobTarget {
  bucket: string;
  prefix: string | undefined;
  destinationBucket: string | undefined;
  destinationPrefix: string | undefined;
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

const MAX_KEPT_FAILURES = 1000;
// Progress is published at most this often, so that a job over 10,000 objects does not flood its subscribers.
const PUBLISH_INTERVAL_MS = 200;

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

export class JobRegistry {
  private readonly jobs = new Map<string, Job>();
  private readonly running = new Set<Promise<JobSnapshot>>();

  constructor(
    private readonly retentionSeconds: number,
    private readonly onUnexpectedError: (error: unknown) => void,
  ) {}

  start(kind: JobKind, target: JobTarget, owner: string, work: (progress: BulkProgress) => Promise<void>): JobHandle {
    const job = new Job(kind, target, owner);
    this.jobs.set(job.snapshot.id, job);
    const finished = work(job)
      .then(
        () => job.finish(undefined),
        (caught: unknown) => job.finish(clientFacingError(caught, this.onUnexpectedError)),
      )
      .then(() => {
        setTimeout(() => this.jobs.delete(job.snapshot.id), this.retentionSeconds * 1000).unref();
        this.running.delete(finished);
        return job.snapshot;
      });
    this.running.add(finished);
    return { snapshot: job.snapshot, finished };
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
