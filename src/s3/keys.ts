import type { ListingEntry } from './types.js';

/** S3 orders keys by their UTF-8 bytes, which is not JavaScript's UTF-16 order. */
export function compareKeys(left: string, right: string): number {
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index += 1) {
    const leftUnit = left.charCodeAt(index);
    const rightUnit = right.charCodeAt(index);
    if (leftUnit === rightUnit) continue;
    // UTF-8 follows code points: a surrogate (half of a code point above U+FFFF) sorts after every other UTF-16 unit.
    const leftSurrogate = leftUnit >= 0xd800 && leftUnit <= 0xdfff;
    const rightSurrogate = rightUnit >= 0xd800 && rightUnit <= 0xdfff;
    if (leftSurrogate !== rightSurrogate) return leftSurrogate ? 1 : -1;
    return leftUnit - rightUnit;
  }
  return left.length - right.length;
}

/** Merges S3's two sorted lists (objects and common prefixes) into one, in S3 order. */
export function mergeSorted(objects: ListingEntry[], prefixes: ListingEntry[]): ListingEntry[] {
  if (prefixes.length === 0) return objects;
  if (objects.length === 0) return prefixes;
  const merged: ListingEntry[] = [];
  let objectIndex = 0;
  let prefixIndex = 0;
  while (objectIndex < objects.length || prefixIndex < prefixes.length) {
    const object = objects[objectIndex];
    const prefix = prefixes[prefixIndex];
    if (prefix === undefined || (object !== undefined && compareKeys(object.position, prefix.position) < 0)) {
      merged.push(object as ListingEntry);
      objectIndex += 1;
    } else {
      merged.push(prefix);
      prefixIndex += 1;
    }
  }
  return merged;
}
