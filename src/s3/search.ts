import { type S3Access, withS3Errors } from './access.js';
import { listObjectsV2Command } from './list-objects-v2.js';
import { MAX_LISTING_PAGE } from './listing.js';
import { toObjectSummary } from './objects.js';
import type { ObjectSummary } from './types.js';
import { assertBucketName, assertKeyPrefix } from './validation.js';

export interface ScanRequest {
  bucket: string;
  /** Every key below it, at any depth. */
  prefix: string;
  /** Resume after this key (exclusive). */
  startAfter: string | undefined;
  /** Most matching objects to return. */
  limit: number;
  /** Most keys to read from the store, matching or not: what bounds one request's work. */
  maxScanned: number;
  matches: (object: ObjectSummary) => boolean;
}

export interface ScanPage {
  items: ObjectSummary[];
  hasMore: boolean;
  /** The last key read: the next page starts after it, so that no key is read twice or skipped. */
  resumeAfter: string | undefined;
}

/** A recursive walk below a prefix that keeps the objects `matches` accepts, reading at most `maxScanned` keys. */
export async function scanObjects(access: S3Access, request: ScanRequest): Promise<ScanPage> {
  const { bucket, prefix, limit, maxScanned, matches } = request;
  assertBucketName(bucket);
  assertKeyPrefix(prefix);
  if (request.startAfter !== undefined) assertKeyPrefix(request.startAfter, 'A cursor');
  const items: ObjectSummary[] = [];
  let position = request.startAfter;
  let scanned = 0;
  while (scanned < maxScanned) {
    const { command, answer } = listObjectsV2Command({
      Bucket: bucket,
      Prefix: prefix,
      // StartAfter before the prefix would make S3 list from the prefix's start anyway.
      StartAfter: position,
      MaxKeys: Math.min(MAX_LISTING_PAGE, maxScanned - scanned),
    });
    const response = answer(await withS3Errors(access, { bucket }, () => access.client.send(command)));
    const contents = response.Contents ?? [];
    for (const [index, entry] of contents.entries()) {
      if (entry.Key === undefined) continue;
      scanned += 1;
      position = entry.Key;
      const object = toObjectSummary(bucket, entry);
      if (!matches(object)) continue;
      items.push(object);
      if (items.length === limit) {
        const more = response.IsTruncated === true || index < contents.length - 1;
        return { items, hasMore: more, resumeAfter: position };
      }
    }
    if (response.IsTruncated !== true || contents.length === 0) return { items, hasMore: false, resumeAfter: position };
  }
  return { items, hasMore: true, resumeAfter: position };
}
