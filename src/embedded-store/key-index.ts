import { compareKeys } from '../s3/keys.js';

/** The keys of one bucket in S3 order, where a listing page is found by binary search rather than by reading the folder. */
export class SortedKeys {
  private readonly keys: string[];

  constructor(keys: string[]) {
    this.keys = keys.sort(compareKeys);
  }

  /** The first index whose key is not before `bound` (`inclusive`) or after it (otherwise). */
  private search(bound: string, inclusive: boolean): number {
    let low = 0;
    let high = this.keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const order = compareKeys(this.keys[middle] ?? '', bound);
      if (order < 0 || (!inclusive && order === 0)) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The first index from `from` whose key does not start with `prefix`: keys with a prefix are contiguous. */
  private pastPrefix(prefix: string, from: number): number {
    let low = from;
    let high = this.keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.keys[middle] ?? '').startsWith(prefix)) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  add(key: string): void {
    const index = this.search(key, true);
    if (this.keys[index] !== key) this.keys.splice(index, 0, key);
  }

  remove(key: string): void {
    const index = this.search(key, true);
    if (this.keys[index] === key) this.keys.splice(index, 1);
  }

  /** One ListObjectsV2 page, as S3 answers it: MaxKeys counts objects and common prefixes, each prefix once. */
  page({ prefix, delimiter, startAfter, maxKeys }: { prefix: string; delimiter: string; startAfter: string; maxKeys: number }): {
    objectKeys: string[];
    commonPrefixes: string[];
    isTruncated: boolean;
    lastPosition: string | undefined;
  } {
    const objectKeys: string[] = [];
    const commonPrefixes: string[] = [];
    let lastPosition: string | undefined;
    let index = Math.max(this.search(prefix, true), this.search(startAfter, false));
    while (index < this.keys.length) {
      const key = this.keys[index] ?? '';
      if (!key.startsWith(prefix)) break;
      const delimiterAt = delimiter === '' ? -1 : key.indexOf(delimiter, prefix.length);
      if (delimiterAt === -1) {
        if (objectKeys.length + commonPrefixes.length >= maxKeys) return { objectKeys, commonPrefixes, isTruncated: true, lastPosition };
        objectKeys.push(key);
        lastPosition = key;
        index += 1;
        continue;
      }
      const commonPrefix = key.slice(0, delimiterAt + delimiter.length);
      // A common prefix that StartAfter lies inside was listed before: its keys are skipped together.
      if (compareKeys(commonPrefix, startAfter) > 0) {
        if (objectKeys.length + commonPrefixes.length >= maxKeys) return { objectKeys, commonPrefixes, isTruncated: true, lastPosition };
        commonPrefixes.push(commonPrefix);
        lastPosition = commonPrefix;
      }
      index = this.pastPrefix(commonPrefix, index);
    }
    return { objectKeys, commonPrefixes, isTruncated: false, lastPosition };
  }
}

type Change = { kind: 'add' | 'remove'; key: string };

interface BucketIndex {
  keys: Promise<SortedKeys>;
  /** The keys once read, which changes then reach at once. */
  read: SortedKeys | undefined;
  /** Changes made while the keys were being read from disk, applied once they are. */
  pending: Change[];
}

/**
 * The keys of every bucket listed so far, read from disk once and then kept current by the store's own writes, which
 * are the only writes to its directory.
 */
export class KeyIndex {
  private readonly buckets = new Map<string, BucketIndex>();

  constructor(private readonly readKeys: (bucket: string) => Promise<string[]>) {}

  keysOf(bucket: string): Promise<SortedKeys> {
    const known = this.buckets.get(bucket);
    if (known !== undefined) return known.keys;
    const entry: BucketIndex = { keys: Promise.resolve(new SortedKeys([])), read: undefined, pending: [] };
    entry.keys = this.readKeys(bucket).then(
      (keys) => {
        const sorted = new SortedKeys(keys);
        for (const change of entry.pending) applyChange(sorted, change);
        entry.pending = [];
        entry.read = sorted;
        return sorted;
      },
      (error: unknown) => {
        // A bucket that could not be read is read again by the next listing.
        if (this.buckets.get(bucket) === entry) this.buckets.delete(bucket);
        throw error;
      },
    );
    this.buckets.set(bucket, entry);
    return entry.keys;
  }

  added(bucket: string, key: string): void {
    this.change(bucket, { kind: 'add', key });
  }

  removed(bucket: string, key: string): void {
    this.change(bucket, { kind: 'remove', key });
  }

  /** A bucket deleted or created: its keys are read again when next listed. */
  forget(bucket: string): void {
    this.buckets.delete(bucket);
  }

  private change(bucket: string, change: Change): void {
    const entry = this.buckets.get(bucket);
    if (entry === undefined) return;
    if (entry.read === undefined) entry.pending.push(change);
    else applyChange(entry.read, change);
  }
}

function applyChange(sorted: SortedKeys, change: Change): void {
  if (change.kind === 'add') sorted.add(change.key);
  else sorted.remove(change.key);
}
