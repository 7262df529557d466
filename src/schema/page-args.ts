import { DEFAULT_PAGE_SIZE } from '../resolvers/listing.js';
import { MAX_LISTING_PAGE } from '../s3/service.js';
import { builder } from './builder.js';

/** Forward-only paging: S3 lists in one direction, so connections take first/after and no last/before. */
export const pageArgs = builder.args((t) => ({
  first: t.int({ required: false, description: `How many items, 1 to ${MAX_LISTING_PAGE} (${DEFAULT_PAGE_SIZE} when omitted).` }),
  after: t.string({ required: false, description: 'Resume after this cursor, e.g. pageInfo.endCursor of the previous page.' }),
}));
