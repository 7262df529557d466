import { DEFAULT_PAGE_SIZE, type PageArgs } from '../resolvers/listing.js';
import { MAX_LISTING_PAGE } from '../s3/listing.js';
import { builder } from './builder.js';

/** Forward-only paging: S3 lists in one direction, so connections take first/after and no last/before. */
export const pageArgs = builder.args((t) => ({
  first: t.int({ required: false, description: `How many items, 1 to ${MAX_LISTING_PAGE} (${DEFAULT_PAGE_SIZE} when omitted).` }),
  after: t.string({ required: false, description: 'Resume after this cursor, e.g. pageInfo.endCursor of the previous page.' }),
  startAfter: t.string({
    required: false,
    description: 'Start after this key (exclusive), as S3 StartAfter does; an alternative to `after` for jumping into a listing.',
  }),
}));

/** A listing makes one S3 request, and whatever is selected below it may cost that again for each of `first` items. */
export function listingCost(args: PageArgs): { field: number; multiplier: number } {
  return { field: 1, multiplier: Math.max(0, args.first ?? DEFAULT_PAGE_SIZE) };
}
