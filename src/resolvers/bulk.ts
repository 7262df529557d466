import type { Context } from '../context.js';
import { GatewayError } from '../errors.js';
import type { JobHandle, JobRequest, JobSnapshot } from '../jobs.js';
import type { TransferMode } from '../s3/bulk.js';
import { storeOf } from './object-mutations.js';
import type { Payload } from './payload.js';

interface RunOptions {
  /** Answer when the job is done (true), or at once with the running job to follow. */
  wait: boolean;
}

/** A finished job as a payload: success only when every object succeeded; failures are listed on the job. */
function outcomeOf(job: JobSnapshot): Payload<JobSnapshot> {
  if (job.error !== null) return { success: false, error: job.error, result: job };
  const [firstFailure] = job.failures;
  if (firstFailure === undefined) return { success: true, error: null, result: job };
  const message = `${job.failed} of ${job.failed + job.succeeded} objects failed (the first: ${firstFailure.message}); job.failures lists them.`;
  return { success: false, error: { code: firstFailure.code, message }, result: job };
}

/** Checks the input and the job bounds (a refusal is answered at once), then runs the operation as a job. */
export async function runJob(context: Context, request: JobRequest, options: RunOptions): Promise<Payload<JobSnapshot>> {
  let job: JobHandle;
  try {
    job = await context.jobs.start(request, context.principal.id);
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    return { success: false, error: { code: error.code, message: error.message }, result: null };
  }
  if (!options.wait) return { success: true, error: null, result: job.snapshot };
  return outcomeOf(await job.finished);
}

export interface DeleteObjectsArgs {
  store?: string | null;
  bucket: string;
  keys: string[];
  wait?: boolean | null;
}

export function runDeleteObjects(context: Context, args: DeleteObjectsArgs): Promise<Payload<JobSnapshot>> {
  return runJob(context, { kind: 'DELETE_OBJECTS', ...storeOf(args), bucket: args.bucket, keys: args.keys }, { wait: args.wait ?? true });
}

export interface DeletePrefixArgs {
  store?: string | null;
  bucket: string;
  prefix: string;
  wait?: boolean | null;
}

export function runDeletePrefix(context: Context, args: DeletePrefixArgs): Promise<Payload<JobSnapshot>> {
  return runJob(
    context,
    { kind: 'DELETE_PREFIX', ...storeOf(args), bucket: args.bucket, prefix: args.prefix },
    { wait: args.wait ?? true },
  );
}

export interface TransferPrefixArgs {
  store?: string | null;
  bucket: string;
  prefix: string;
  destinationBucket?: string | null;
  destinationPrefix?: string | null;
  /** Undefined or null: `store`. */
  destinationStore?: string | null;
  wait?: boolean | null;
}

export function runTransferPrefix(context: Context, args: TransferPrefixArgs, mode: TransferMode): Promise<Payload<JobSnapshot>> {
  const destinationStore = args.destinationStore ?? args.store ?? undefined;
  const request: JobRequest = {
    kind: mode === 'move' ? 'MOVE_PREFIX' : 'COPY_PREFIX',
    bucket: args.bucket,
    prefix: args.prefix,
    destinationBucket: args.destinationBucket ?? args.bucket,
    destinationPrefix: args.destinationPrefix ?? args.prefix,
    ...storeOf(args),
    ...(destinationStore === undefined ? {} : { destinationStore }),
  };
  return runJob(context, request, { wait: args.wait ?? true });
}
