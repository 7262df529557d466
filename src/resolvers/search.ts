import picomatch from 'picomatch';
import type { Context } from '../context.js';
import { InvalidInputError } from '../errors.js';
import type { ObjectSummary } from '../s3/types.js';
import { decodeCursor } from './cursor.js';
import { assertPageSize } from '../s3/listing.js';
import { DEFAULT_PAGE_SIZE, toConnection, type Connection } from './listing.js';
import type { ObjectModel } from './models.js';

export interface SearchArgs {
  prefix?: string | null;
  nameContains?: string | null;
  glob?: string | null;
  minSize?: number | null;
  maxSize?: number | null;
  modifiedAfter?: Date | null;
  modifiedBefore?: Date | null;
  first?: number | null;
  after?: string | null;
}

// A pattern is matched against every key scanned: a longer one is not a name pattern.
const MAX_GLOB_LENGTH = 1024;

function globMatcher(glob: string): (name: string) => boolean {
  if (glob.length > MAX_GLOB_LENGTH) throw new InvalidInputError(`glob is longer than ${MAX_GLOB_LENGTH} characters.`);
  try {
    // Keys are not file names: a dot at the start of a segment hides nothing.
    return picomatch(glob, { dot: true, strictBrackets: true });
  } catch (error) {
    throw new InvalidInputError(`glob is not a valid pattern: ${(error as Error).message}`);
  }
}

function assertRange<T extends number | Date>(low: T | null | undefined, high: T | null | undefined, names: string): void {
  if (low !== null && low !== undefined && high !== null && high !== undefined && low > high)
    throw new InvalidInputError(`${names}: the lower bound is above the upper bound.`);
}

/** Every filter given, as one test of an object; the name tests see the key below the prefix. */
export function searchFilter(prefix: string, args: SearchArgs): (object: ObjectSummary) => boolean {
  const { nameContains, glob, minSize, maxSize, modifiedAfter, modifiedBefore } = args;
  assertRange(minSize, maxSize, 'minSize and maxSize');
  assertRange(modifiedAfter, modifiedBefore, 'modifiedAfter and modifiedBefore');
  if ((minSize ?? 0) < 0) throw new InvalidInputError('minSize must not be negative.');
  const needle = nameContains === null || nameContains === undefined || nameContains === '' ? undefined : nameContains.toLowerCase();
  const globMatches = glob === null || glob === undefined ? undefined : globMatcher(glob);
  return (object) => {
    const name = object.key.slice(prefix.length);
    if (needle !== undefined && !name.toLowerCase().includes(needle)) return false;
    if (globMatches !== undefined && !globMatches(name)) return false;
    if (minSize !== null && minSize !== undefined && object.size < minSize) return false;
    if (maxSize !== null && maxSize !== undefined && object.size > maxSize) return false;
    const modified = object.lastModified?.getTime();
    if (modifiedAfter !== null && modifiedAfter !== undefined && (modified === undefined || modified < modifiedAfter.getTime()))
      return false;
    if (modifiedBefore !== null && modifiedBefore !== undefined && (modified === undefined || modified > modifiedBefore.getTime()))
      return false;
    return true;
  };
}

/** The objects below a prefix that pass every filter, one bounded scan per page: a page may end early, with a cursor that resumes the scan. */
export async function searchObjects(context: Context, bucket: string, args: SearchArgs, store?: string): Promise<Connection<ObjectModel>> {
  const prefix = args.prefix ?? '';
  const limit = args.first ?? DEFAULT_PAGE_SIZE;
  assertPageSize(limit);
  const startAfter = decodeCursor(args.after);
  const page = await context.stores.get(store).scanObjects({
    bucket,
    prefix,
    startAfter,
    limit,
    maxScanned: context.limits.searchMaxScannedKeys,
    matches: searchFilter(prefix, args),
  });
  // The end cursor is the last key scanned, which may lie past the last match: resuming there reads no key twice.
  return toConnection(
    page,
    args,
    (object) => object.key,
    (object): ObjectModel => (store === undefined ? object : { ...object, store }),
  );
}
