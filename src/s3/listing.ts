import { paginateListObjectsV2 } from '@aws-sdk/client-s3';
import { InvalidInputError } from '../errors.js';
import { type S3Access, withS3Errors } from './access.js';
import { compareKeys, mergeSorted } from './keys.js';
import { listObjectsV2Command } from './list-objects-v2.js';
import { toObjectSummary } from './objects.js';
import type { ListingEntry, ListingPage, ListingRequest, ObjectSummary } from './types.js';
import { assertBucketName, assertKeyPrefix } from './validation.js';

/** S3's largest page of ListObjectsV2, and so the largest page the gateway lists. */
export const MAX_LISTING_PAGE = 1000;
// A page of one kind (objects or prefixes) may sit behind many entries of the other kind: bound the S3 calls one page makes.
const MAX_LIST_CALLS_PER_PAGE = 10;

export function assertPageSize(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LISTING_PAGE) {
    throw new InvalidInputError(`first must be between 1 and ${MAX_LISTING_PAGE}.`);
  }
}

// Loops rather than flatMap: a page of 1000 objects would allocate an array for each of them.
export async function listObjects(access: S3Access, request: ListingRequest): Promise<ListingPage<ObjectSummary>> {
  const page = await listEntries(access, request, 'object');
  const items: ObjectSummary[] = [];
  for (const entry of page.items) if (entry.kind === 'object') items.push(entry.object);
  return { ...page, items };
}

export async function listPrefixes(access: S3Access, request: ListingRequest): Promise<ListingPage<string>> {
  const page = await listEntries(access, request, 'prefix');
  const items: string[] = [];
  for (const entry of page.items) if (entry.kind === 'prefix') items.push(entry.prefix);
  return { ...page, items };
}

/**
 * Objects and common prefixes together, in S3 order: what a file browser shows of a folder.
 * Pages with StartAfter rather than continuation tokens, so that any key can be a stateless cursor.
 */
export async function listEntries(
  access: S3Access,
  request: ListingRequest,
  kind: ListingEntry['kind'] | 'any' = 'any',
): Promise<ListingPage<ListingEntry>> {
  const { bucket, prefix, delimiter, limit, startAfter } = request;
  assertBucketName(bucket);
  assertKeyPrefix(prefix);
  if (delimiter !== undefined) assertKeyPrefix(delimiter, 'A delimiter');
  if (startAfter !== undefined) assertKeyPrefix(startAfter, 'A cursor');
  assertPageSize(limit);

  const items: ListingEntry[] = [];
  let position = startAfter;
  // One more than needed tells whether a further page exists; it also covers a common prefix that S3 repeats after StartAfter.
  const maxKeys = Math.min(MAX_LISTING_PAGE, limit + 1);
  for (let call = 0; call < MAX_LIST_CALLS_PER_PAGE; call += 1) {
    const response = await listOnce(
      access,
      { bucket, prefix, delimiter: delimiter === '' ? undefined : delimiter, startAfter: position },
      maxKeys,
    );
    for (const entry of response.entries) {
      // S3 lists a common prefix again when StartAfter lies inside it.
      if (position !== undefined && compareKeys(entry.position, position) <= 0) continue;
      // A folder's own marker (the `photos/` object of createFolder and S3 consoles) is the folder, not an object in it.
      const isFolderMarker =
        entry.kind === 'object' && delimiter !== undefined && delimiter !== '' && entry.position === prefix && prefix.endsWith(delimiter);
      if (!isFolderMarker && (kind === 'any' || entry.kind === kind)) {
        if (items.length === limit) return { items, hasMore: true, resumeAfter: position };
        items.push(entry);
      }
      position = entry.position;
    }
    if (!response.isTruncated) return { items, hasMore: false, resumeAfter: position };
    // One S3 request per page: a store's short answer (Ceph gives 988 of 1000) ends a short page, which resumes right after it.
    // Only an answer with nothing of the kind asked for is followed by another request, so that no page is empty.
    if (items.length > 0) return { items, hasMore: true, resumeAfter: position };
  }
  return { items, hasMore: true, resumeAfter: position };
}

/** One ListObjectsV2 call, its objects and common prefixes merged in S3 order. */
async function listOnce(
  access: S3Access,
  { bucket, prefix, delimiter, startAfter }: Omit<ListingRequest, 'limit'>,
  maxKeys: number,
): Promise<{ entries: ListingEntry[]; isTruncated: boolean }> {
  const { command, answer } = listObjectsV2Command({
    Bucket: bucket,
    Prefix: prefix,
    Delimiter: delimiter,
    StartAfter: startAfter,
    MaxKeys: maxKeys,
  });
  const response = answer(await withS3Errors(access, { bucket }, () => access.client.send(command)));
  const objects: ListingEntry[] = [];
  for (const entry of response.Contents ?? []) {
    if (entry.Key !== undefined) objects.push({ kind: 'object', position: entry.Key, object: toObjectSummary(bucket, entry) });
  }
  const prefixes: ListingEntry[] = [];
  for (const { Prefix } of response.CommonPrefixes ?? [])
    if (Prefix !== undefined) prefixes.push({ kind: 'prefix', prefix: Prefix, position: Prefix });
  return { entries: mergeSorted(objects, prefixes), isTruncated: response.IsTruncated === true };
}

/** Every object below a prefix, a page of up to 1000 at a time, for operations that walk a whole prefix. */
export async function* objectPages(access: S3Access, bucket: string, prefix: string): AsyncGenerator<ObjectSummary[]> {
  const pages = paginateListObjectsV2({ client: access.client, pageSize: MAX_LISTING_PAGE }, { Bucket: bucket, Prefix: prefix });
  const iterator = pages[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await withS3Errors(access, { bucket }, () => iterator.next());
      if (next.done === true) return;
      yield (next.value.Contents ?? []).flatMap((entry) => (entry.Key === undefined ? [] : [toObjectSummary(bucket, entry)]));
    }
  } finally {
    // A walk left early (a failed copy) stops paging too.
    await iterator.return(undefined);
  }
}
