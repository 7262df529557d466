import type { Context } from '../context.js';
import { InvalidInputError } from '../errors.js';
import type { JobSnapshot } from '../jobs.js';
import { countPrefix, summaryScope, type PrefixFigure } from '../summaries.js';
import { storeOf } from './object-mutations.js';

/** A prefix's figure, or the job that is computing it: a client follows the job and asks again. */
export interface SummaryModel {
  figure: PrefixFigure | undefined;
  job: JobSnapshot | undefined;
}

export async function summarize(
  context: Context,
  bucket: string,
  prefix: string,
  maxAgeSeconds: number | null | undefined,
  store?: string,
): Promise<SummaryModel> {
  if (maxAgeSeconds !== null && maxAgeSeconds !== undefined && maxAgeSeconds < 0)
    throw new InvalidInputError('maxAgeSeconds must not be negative.');
  const owner = context.principal.id;
  // Figures are kept per store: one bucket name may be in several stores.
  const scope = summaryScope(bucket, store);
  const kept = await context.summaries.kept(scope, prefix);
  if (kept !== undefined && (maxAgeSeconds ?? Number.POSITIVE_INFINITY) * 1000 >= Date.now() - kept.computedAtMs)
    return { figure: kept, job: undefined };
  const jobId = await context.summaries.jobOf(owner, scope, prefix);
  const running = jobId === undefined ? undefined : await context.jobs.get(jobId, owner);
  if (running?.state === 'RUNNING') return { figure: undefined, job: running };
  const counted = await countPrefix(context.stores.get(store), bucket, prefix, { maxObjects: context.limits.summaryInlineMaxKeys });
  if (counted !== undefined) return { figure: counted, job: undefined };
  const started = await context.jobs.start({ kind: 'SUMMARIZE_PREFIX', ...storeOf({ store }), bucket, prefix }, owner);
  await context.summaries.rememberJob(owner, scope, prefix, started.snapshot.id);
  return { figure: undefined, job: started.snapshot };
}

/** How old a figure is, in whole seconds. */
export const ageSeconds = (figure: PrefixFigure): number => Math.max(0, Math.floor((Date.now() - figure.computedAtMs) / 1000));
