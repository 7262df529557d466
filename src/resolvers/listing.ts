import type { Context } from '../context.js';
import { InvalidInputError } from '../errors.js';
import type { ListingPage } from '../s3/types.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { ObjectModel, PrefixModel } from './models.js';

export const DEFAULT_PAGE_SIZE = 100;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  /** Start after this key (exclusive), as S3's StartAfter: for jumping into a listing without a cursor. */
  startAfter?: string | null;
}

export interface ListingScope {
  /** Undefined: the default store. */
  store?: string;
  bucket: string;
  prefix: string;
  delimiter: string | undefined;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/** The S3 layer refuses a size outside 1 to MAX_LISTING_PAGE. */
function pageLimit(first: number | null | undefined): number {
  return first ?? DEFAULT_PAGE_SIZE;
}

function startPosition({ after, startAfter }: PageArgs): string | undefined {
  if (after !== null && after !== undefined && startAfter !== null && startAfter !== undefined) {
    throw new InvalidInputError('Give after or startAfter, not both.');
  }
  return decodeCursor(after) ?? startAfter ?? undefined;
}

/** An edge whose cursor is encoded only when it is asked for; its getter is the class's, not a closure per edge of a page of 1000. */
class ListingEdge<N> {
  constructor(
    readonly node: N,
    private readonly position: string,
  ) {}

  get cursor(): string {
    return encodeCursor(this.position);
  }
}

export function toConnection<T, N>(
  page: ListingPage<T>,
  args: PageArgs,
  positionOf: (item: T) => string,
  toNode: (item: T) => N,
): Connection<N> {
  const edges: ListingEdge<N>[] = [];
  for (const item of page.items) edges.push(new ListingEdge(toNode(item), positionOf(item)));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasMore,
      hasPreviousPage: startPosition(args) !== undefined,
      startCursor: page.items[0] === undefined ? null : encodeCursor(positionOf(page.items[0])),
      // May lie past the last edge when a page skipped entries of the other kind: resuming there skips them again for free.
      endCursor: page.resumeAfter === undefined ? null : encodeCursor(page.resumeAfter),
    },
  };
}

export async function listObjects(context: Context, scope: ListingScope, args: PageArgs): Promise<Connection<ObjectModel>> {
  const page = await context.stores
    .get(scope.store)
    .listObjects({ ...scope, limit: pageLimit(args.first), startAfter: startPosition(args) });
  const { store } = scope;
  return toConnection(
    page,
    args,
    (object) => object.key,
    // Objects of the default store are the listing's own, unchanged.
    (object): ObjectModel => (store === undefined ? object : { ...object, store }),
  );
}

/** Folders exist only with a delimiter to cut keys at. */
function folderDelimiter(scope: ListingScope, listing: string): string {
  if (scope.delimiter === undefined || scope.delimiter === '')
    throw new InvalidInputError(`Listing ${listing} needs a non-empty delimiter.`);
  return scope.delimiter;
}

export async function listPrefixes(context: Context, scope: ListingScope, args: PageArgs): Promise<Connection<PrefixModel>> {
  const delimiter = folderDelimiter(scope, 'prefixes');
  const page = await context.stores
    .get(scope.store)
    .listPrefixes({ ...scope, limit: pageLimit(args.first), startAfter: startPosition(args) });
  return toConnection(
    page,
    args,
    (prefix) => prefix,
    (prefix): PrefixModel => ({ store: scope.store, bucket: scope.bucket, prefix, delimiter }),
  );
}

/** Folders and objects directly below a prefix, in one connection and in S3 order: a file browser's view. */
export async function listEntries(context: Context, scope: ListingScope, args: PageArgs): Promise<Connection<ObjectModel | PrefixModel>> {
  const delimiter = folderDelimiter(scope, 'entries');
  const page = await context.stores
    .get(scope.store)
    .listEntries({ ...scope, limit: pageLimit(args.first), startAfter: startPosition(args) });
  const { store } = scope;
  return toConnection(
    page,
    args,
    (entry) => entry.position,
    (entry): ObjectModel | PrefixModel =>
      entry.kind === 'object'
        ? store === undefined
          ? entry.object
          : { ...entry.object, store }
        : { store, bucket: scope.bucket, prefix: entry.prefix, delimiter },
  );
}

/** The last segment of a prefix, without its delimiter: "photos/2024/" is "2024". */
export function prefixName({ prefix, delimiter }: PrefixModel): string {
  const withoutDelimiter = prefix.endsWith(delimiter) ? prefix.slice(0, -delimiter.length) : prefix;
  const start = withoutDelimiter.lastIndexOf(delimiter);
  return start === -1 ? withoutDelimiter : withoutDelimiter.slice(start + delimiter.length);
}
