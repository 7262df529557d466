import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyIndex, SortedKeys } from '../../src/embedded-store/key-index.js';
import { compareKeys } from '../../src/s3/keys.js';

/** ListObjectsV2 as S3 defines it, read off every key: what the index must answer without reading every key. */
function referencePage(keys: string[], { prefix, delimiter, startAfter, maxKeys }: Parameters<SortedKeys['page']>[0]) {
  const objectKeys: string[] = [];
  const commonPrefixes: string[] = [];
  let lastPosition: string | undefined;
  for (const key of [...new Set(keys)].sort(compareKeys)) {
    if (!key.startsWith(prefix) || compareKeys(key, startAfter) <= 0) continue;
    const delimiterAt = delimiter === '' ? -1 : key.indexOf(delimiter, prefix.length);
    const commonPrefix = delimiterAt === -1 ? undefined : key.slice(0, delimiterAt + delimiter.length);
    if (commonPrefix !== undefined && (commonPrefix === commonPrefixes.at(-1) || compareKeys(commonPrefix, startAfter) <= 0)) continue;
    if (objectKeys.length + commonPrefixes.length >= maxKeys) return { objectKeys, commonPrefixes, isTruncated: true, lastPosition };
    if (commonPrefix === undefined) objectKeys.push(key);
    else commonPrefixes.push(commonPrefix);
    lastPosition = commonPrefix ?? key;
  }
  return { objectKeys, commonPrefixes, isTruncated: false, lastPosition };
}

// Few characters, so that keys share prefixes and delimiters often; '-' and '.' sort before '/', 'ü' and '😀' after every ASCII one.
const key = fc.string({ unit: fc.constantFrom('a', 'b', '/', '-', '.', 'ü', '😀', '\uffff'), maxLength: 8 });

describe('the embedded store’s key index', () => {
  it('answers every page as S3 defines it: prefixes, delimiters, StartAfter inside a common prefix, MaxKeys', () => {
    fc.assert(
      fc.property(
        fc.array(key, { maxLength: 60 }),
        key,
        fc.constantFrom('', '/', '-', 'a/'),
        key,
        fc.integer({ min: 1, max: 10 }),
        (keys, prefix, delimiter, startAfter, maxKeys) => {
          const request = { prefix, delimiter, startAfter, maxKeys };
          expect(new SortedKeys([...new Set(keys)]).page(request)).toEqual(referencePage(keys, request));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('follows adds and removes, including those made while the keys were being read', async () => {
    let finishReading: (keys: string[]) => void = () => undefined;
    const index = new KeyIndex(() => new Promise((resolve) => (finishReading = resolve)));
    const reading = index.keysOf('bucket');
    index.added('bucket', 'b');
    index.removed('bucket', 'a');
    index.added('other', 'x');
    finishReading(['a', 'c']);
    const keys = await reading;
    index.added('bucket', 'a/1');
    index.added('bucket', 'a/1');
    index.removed('bucket', 'c');
    expect(keys.page({ prefix: '', delimiter: '/', startAfter: '', maxKeys: 10 })).toEqual({
      objectKeys: ['b'],
      commonPrefixes: ['a/'],
      isTruncated: false,
      lastPosition: 'b',
    });
    index.forget('bucket');
    const readAgain = index.keysOf('bucket');
    finishReading(['z']);
    expect((await readAgain).page({ prefix: '', delimiter: '', startAfter: '', maxKeys: 10 }).objectKeys).toEqual(['z']);
  });
});
