import { DEFAULT_PAGE_SIZE } from '../resolvers/listing.js';
import { searchObjects } from '../resolvers/search.js';
import { MAX_LISTING_PAGE } from '../s3/listing.js';
import { may } from './auth.js';
import { BucketRef } from './bucket.js';
import { builder } from './builder.js';
import { S3ObjectConnection } from './object.js';

builder.objectField(BucketRef, 'search', (t) =>
  t.field({
    type: S3ObjectConnection,
    description:
      'Objects at any depth below `prefix` that pass every filter given, in key order. Each page reads at most SEARCH_MAX_SCANNED_KEYS keys: a page that reaches it ends early (even empty) with hasNextPage and an endCursor that resumes the scan.',
    args: {
      prefix: t.arg.string({ defaultValue: '', required: false }),
      nameContains: t.arg.string({ required: false, description: 'Part of the key below `prefix`, in any case.' }),
      glob: t.arg.string({
        required: false,
        description: 'A glob on the key below `prefix`: `*` within a segment, `**` across segments, `?`, `[...]`, `{a,b}`.',
      }),
      minSize: t.arg({ type: 'SafeInt', required: false, description: 'Bytes, inclusive.' }),
      maxSize: t.arg({ type: 'SafeInt', required: false, description: 'Bytes, inclusive.' }),
      modifiedAfter: t.arg({ type: 'DateTime', required: false, description: 'Inclusive.' }),
      modifiedBefore: t.arg({ type: 'DateTime', required: false, description: 'Inclusive.' }),
      first: t.arg.int({ required: false, description: `How many matches, 1 to ${MAX_LISTING_PAGE} (${DEFAULT_PAGE_SIZE} when omitted).` }),
      after: t.arg.string({ required: false, description: 'pageInfo.endCursor of the previous page.' }),
    },
    // One ListObjectsV2 per 1000 keys scanned, and whatever is selected of each match.
    complexity: (args, context) => ({
      field: Math.ceil(context.limits.searchMaxScannedKeys / MAX_LISTING_PAGE),
      multiplier: Math.max(0, args.first ?? DEFAULT_PAGE_SIZE),
    }),
    authScopes: (bucket, args) => may(['list', bucket.name, args.prefix ?? '', bucket.store]),
    resolve: (bucket, args, context) => searchObjects(context, bucket.name, args, bucket.store),
  }),
);
