import { ageSeconds, summarize, type SummaryModel } from '../resolvers/summary.js';
import { MAX_LISTING_PAGE } from '../s3/listing.js';
import type { Context } from '../context.js';
import { may } from './auth.js';
import { BucketRef } from './bucket.js';
import { builder } from './builder.js';
import { JobRef } from './job.js';
import { PrefixRef } from './prefix.js';

const PrefixSummaryRef = builder.objectRef<SummaryModel>('PrefixSummary').implement({
  description:
    'How much a prefix holds, at any depth. Small prefixes are counted when asked; larger ones by a job: the figures are null until it is done, then asking again answers with its figure (kept for SUMMARY_RETENTION_SECONDS).',
  fields: (t) => ({
    objects: t.field({ type: 'SafeInt', nullable: true, resolve: ({ figure }) => figure?.objects ?? null }),
    bytes: t.field({ type: 'SafeInt', nullable: true, resolve: ({ figure }) => figure?.bytes ?? null }),
    lastModified: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Of the most recently modified object; null for an empty prefix or while the job counts.',
      resolve: ({ figure }) => (figure?.lastModifiedMs == null ? null : new Date(figure.lastModifiedMs)),
    }),
    computedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the figure was counted: now for a small prefix, when its job ended for a large one.',
      resolve: ({ figure }) => (figure === undefined ? null : new Date(figure.computedAtMs)),
    }),
    ageSeconds: t.int({
      nullable: true,
      description: 'How old the figure is.',
      resolve: ({ figure }) => (figure === undefined ? null : ageSeconds(figure)),
    }),
    job: t.field({
      type: JobRef,
      nullable: true,
      description: 'The job counting a large prefix (follow it with the job subscription, then ask again); null when the figure is here.',
      resolve: ({ job }) => job ?? null,
    }),
  }),
});

const maxAgeDescription = 'Count again when the kept figure is older than this; any kept figure when omitted.';

// Up to SUMMARY_INLINE_MAX_KEYS keys are listed, 1000 per request, before a job takes over.
const summaryCost = (_args: unknown, context: Context) => Math.ceil(context.limits.summaryInlineMaxKeys / MAX_LISTING_PAGE);

builder.objectField(BucketRef, 'summary', (t) =>
  t.field({
    type: PrefixSummaryRef,
    description: 'How many objects and bytes are below `prefix` (at any depth), and when the last was modified.',
    args: {
      prefix: t.arg.string({ defaultValue: '', required: false }),
      maxAgeSeconds: t.arg.int({ required: false, description: maxAgeDescription }),
    },
    complexity: summaryCost,
    authScopes: (bucket, args) => may(['list', bucket.name, args.prefix ?? '', bucket.store]),
    resolve: (bucket, args, context) => summarize(context, bucket.name, args.prefix ?? '', args.maxAgeSeconds, bucket.store),
  }),
);

builder.objectField(PrefixRef, 'summary', (t) =>
  t.field({
    type: PrefixSummaryRef,
    description: 'How many objects and bytes are below this prefix (at any depth), and when the last was modified.',
    args: { maxAgeSeconds: t.arg.int({ required: false, description: maxAgeDescription }) },
    complexity: summaryCost,
    authScopes: (prefix) => may(['list', prefix.bucket, prefix.prefix, prefix.store]),
    resolve: (prefix, args, context) => summarize(context, prefix.bucket, prefix.prefix, args.maxAgeSeconds, prefix.store),
  }),
);
