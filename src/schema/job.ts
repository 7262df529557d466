import type { JobSnapshot } from '../jobs.js';
import { InvalidInputError } from '../errors.js';
import type { KeyFailure } from '../s3/bulk.js';
import { builder } from './builder.js';
import { ErrorCodeEnum, OperationErrorRef } from './errors.js';
import { payloadType } from './mutation.js';

const JobKindEnum = builder.enumType('JobKind', {
  values: [
    'DELETE_OBJECTS',
    'DELETE_PREFIX',
    'COPY_PREFIX',
    'MOVE_PREFIX',
    'ABORT_MULTIPART_UPLOADS',
    'SUMMARIZE_PREFIX',
    'RESTORE_PREFIX',
  ] as const,
});

const JobStateEnum = builder.enumType('JobState', {
  values: {
    RUNNING: { description: 'Still working.' },
    SUCCEEDED: { description: 'Done; every object succeeded.' },
    PARTIAL: { description: 'Done; some objects failed (see failures), the others succeeded.' },
    FAILED: { description: 'Stopped by an error that concerns the whole operation (see error), e.g. a missing bucket.' },
  },
});

const KeyFailureRef = builder.objectRef<KeyFailure>('KeyFailure').implement({
  description: 'One object a bulk operation could not handle, and why.',
  fields: (t) => ({
    key: t.exposeString('key'),
    code: t.expose('code', { type: ErrorCodeEnum }),
    message: t.exposeString('message'),
  }),
});

export const JobRef = builder.objectRef<JobSnapshot>('Job').implement({
  description:
    'A bulk operation (delete, copy or move of many objects) and its progress. Jobs are kept for JOB_RETENTION_SECONDS after they end.',
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.expose('kind', { type: JobKindEnum }),
    state: t.expose('state', { type: JobStateEnum }),
    done: t.boolean({ resolve: (job) => job.state !== 'RUNNING' }),
    bucket: t.exposeString('bucket'),
    prefix: t.exposeString('prefix', { nullable: true }),
    destinationBucket: t.exposeString('destinationBucket', { nullable: true }),
    destinationPrefix: t.exposeString('destinationPrefix', { nullable: true }),
    store: t.string({
      nullable: true,
      description: 'The store of bucket, as the request named it; null: the default store.',
      resolve: (job) => job.store ?? null,
    }),
    destinationStore: t.string({
      nullable: true,
      description: 'The store of destinationBucket, as the request named it; null: the default store.',
      resolve: (job) => job.destinationStore ?? null,
    }),
    succeeded: t.field({ type: 'SafeInt', description: 'Objects done so far.', resolve: (job) => job.succeeded }),
    failed: t.field({ type: 'SafeInt', description: 'Objects that failed so far.', resolve: (job) => job.failed }),
    bytes: t.field({
      type: 'SafeInt',
      description: 'Bytes of the objects done so far (0 for deleteObjects, which knows no sizes).',
      resolve: (job) => job.bytes,
    }),
    failures: t.field({
      type: [KeyFailureRef],
      description: 'The failed objects (the first 1000), with why.',
      args: { first: t.arg.int({ defaultValue: 100, required: false }) },
      resolve: (job, { first }) => job.failures.slice(0, Math.max(0, first ?? 100)),
    }),
    error: t.field({ type: OperationErrorRef, nullable: true, resolve: (job) => job.error }),
    startedAt: t.field({ type: 'DateTime', resolve: (job) => job.startedAt }),
    finishedAt: t.field({ type: 'DateTime', nullable: true, resolve: (job) => job.finishedAt }),
  }),
});

export const BatchPayloadRef = payloadType<JobSnapshot>('BatchPayload', {
  description: 'The answer of a bulk operation. success is true when every object succeeded (or, with wait: false, when the job started).',
  fields: (t) => ({
    job: t.field({ type: JobRef, nullable: true, description: 'null when the input was refused.', resolve: (payload) => payload.result }),
  }),
});

builder.queryField('job', (t) =>
  t.field({
    type: JobRef,
    nullable: true,
    description: 'A bulk operation you started (on any instance, when jobs are on Redis); null when unknown or expired.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, context) => (await context.jobs.get(id, context.principal.id)) ?? null,
  }),
);

builder.subscriptionField('job', (t) =>
  t.field({
    type: JobRef,
    description: "A job's progress, live: its state now, then after each change (at most five a second) until it is done.",
    args: { id: t.arg.id({ required: true }) },
    subscribe: async (_root, { id }, context) => {
      const updates = await context.jobs.watch(id, context.principal.id);
      if (updates === undefined) throw new InvalidInputError(`No job "${id}" of yours (unknown or expired).`);
      return updates;
    },
    resolve: (job) => job,
  }),
);
