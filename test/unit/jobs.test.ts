import { describe, expect, it } from 'vitest';
import { NoSuchBucketError } from '../../src/errors.js';
import { JobRegistry, jobPlanner, type JobSnapshot } from '../../src/jobs.js';
import { keptInMemory } from '../../src/kept-state.js';
import type { BulkProgress } from '../../src/s3/bulk.js';
import type { S3Storage } from '../../src/s3/storage.js';
import { StoreRegistry } from '../../src/s3/stores.js';
import type { ObjectVersionSummary } from '../../src/s3/types.js';
import { Summaries } from '../../src/summaries.js';

const TARGET = { bucket: 'demo', prefix: 'logs/', destinationBucket: undefined, destinationPrefix: undefined };

function registry(): { jobs: JobRegistry; unexpected: unknown[] } {
  const unexpected: unknown[] = [];
  return {
    jobs: new JobRegistry({ retentionSeconds: 60, maxRunningPerOwner: 4, maxRunning: 16, maxFinished: 1000 }, (error) =>
      unexpected.push(error),
    ),
    unexpected,
  };
}

describe('a job', () => {
  it('counts what succeeded, ending SUCCEEDED, and only its owner sees it', async () => {
    const { jobs } = registry();
    const handle = jobs.start('DELETE_PREFIX', TARGET, 'alice', (progress: BulkProgress) => {
      progress.succeeded('logs/a', 10);
      progress.succeeded('logs/b', 5);
      return Promise.resolve();
    });
    expect(handle.snapshot).toMatchObject({ state: 'RUNNING', kind: 'DELETE_PREFIX', bucket: 'demo', owner: 'alice' });
    const done = await handle.finished;
    expect(done).toMatchObject({ state: 'SUCCEEDED', succeeded: 2, failed: 0, bytes: 15, error: null });
    expect(done.finishedAt).toBeInstanceOf(Date);
    expect(jobs.get(done.id, 'alice')).toBe(done);
    expect(jobs.get(done.id, 'mallory')).toBeUndefined();
    expect(jobs.watch(done.id, 'mallory')).toBeUndefined();
  });

  it('ends PARTIAL when some objects failed, listing them', async () => {
    const { jobs } = registry();
    const done = await jobs.start('DELETE_OBJECTS', TARGET, 'alice', (progress) => {
      progress.succeeded('a', 0);
      progress.failed({ key: 'b', code: 'ACCESS_DENIED', message: 'no' });
      return Promise.resolve();
    }).finished;
    expect(done).toMatchObject({ state: 'PARTIAL', succeeded: 1, failed: 1, failures: [{ key: 'b', code: 'ACCESS_DENIED' }] });
  });

  it('ends FAILED with the gateway error that stopped it, which is no surprise to log', async () => {
    const { jobs, unexpected } = registry();
    const done = await jobs.start('COPY_PREFIX', TARGET, 'alice', () => Promise.reject(new NoSuchBucketError('demo'))).finished;
    expect(done).toMatchObject({ state: 'FAILED', error: { code: 'NO_SUCH_BUCKET', message: 'Bucket "demo" does not exist.' } });
    expect(unexpected).toEqual([]);
  });

  it('ends FAILED with INTERNAL for anything else, whose cause is logged and never shown', async () => {
    const { jobs, unexpected } = registry();
    const cause = new Error('socket to http://store.internal broke');
    const done = await jobs.start('MOVE_PREFIX', TARGET, 'alice', () => Promise.reject(cause)).finished;
    expect(done).toMatchObject({ state: 'FAILED', error: { code: 'INTERNAL', message: 'Unexpected error.' } });
    expect(unexpected).toEqual([cause]);
  });

  it('can be followed: its state now, then changes, until it is done', async () => {
    const { jobs } = registry();
    let finish: () => void = () => undefined;
    const handle = jobs.start('DELETE_PREFIX', TARGET, 'alice', async (progress) => {
      progress.succeeded('logs/a', 1);
      await new Promise<void>((resolve) => (finish = resolve));
    });
    const seen: JobSnapshot[] = [];
    const following = (async () => {
      for await (const snapshot of jobs.watch(handle.snapshot.id, 'alice') ?? []) {
        seen.push(snapshot);
        if (seen.length === 1) finish();
      }
    })();
    await following;
    expect(seen[0]?.state).toBe('RUNNING');
    expect(seen.at(-1)).toMatchObject({ state: 'SUCCEEDED', succeeded: 1 });
  });

  it('lets the registry wait until every running job is done', async () => {
    const { jobs } = registry();
    const order: string[] = [];
    jobs.start('DELETE_PREFIX', TARGET, 'alice', async () => {
      await Promise.resolve();
      order.push('job done');
    });
    await jobs.idle();
    order.push('idle');
    expect(order).toEqual(['job done', 'idle']);
  });
});

describe('a job on a store of STORES_FILE', () => {
  it("runs no more S3 requests at once than its store's maxConcurrency, a restore as much as a copy", async () => {
    let inFlight = 0;
    let mostAtOnce = 0;
    const version = (key: string, versionId: string, isLatest: boolean, lastModified: Date): ObjectVersionSummary => ({
      bucket: 'demo',
      key,
      versionId,
      isLatest,
      isDeleteMarker: false,
      size: 1,
      eTag: `"${versionId}"`,
      lastModified,
    });
    // Ten keys, each rewritten since the moment restored to: each needs one restore.
    const storage = {
      *keyHistories() {
        for (let index = 0; index < 10; index += 1)
          yield [version(`k${index}`, 'new', true, new Date(2_000_000)), version(`k${index}`, 'old', false, new Date(1_000_000))];
      },
      async restoreObjectVersion() {
        inFlight += 1;
        mostAtOnce = Math.max(mostAtOnce, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight -= 1;
      },
    } as unknown as S3Storage;
    const stores = new StoreRegistry([{ name: 'slow', storage, isDefault: true, maxConcurrency: 2 }]);
    const plan = jobPlanner(storage, 16, new Summaries(keptInMemory(), 60), stores);
    let restored = 0;
    await plan({ kind: 'RESTORE_PREFIX', store: 'slow', bucket: 'demo', prefix: '', atMs: 1_500_000 })({
      succeeded: () => (restored += 1),
      failed: () => undefined,
    });
    expect(restored).toBe(10);
    expect(mostAtOnce).toBe(2);
  });
});
