import { describe, expect, it } from 'vitest';
import { assertBucketName, assertKeyPrefix, assertMetadata, assertObjectKey, isValidBucketName } from '../../src/s3/validation.js';

describe('bucket names', () => {
  it.each(['abc', 'my-bucket', 'my.bucket.name', 'a1b2c3', '0-9', 'x'.repeat(63)])('accepts %j', (name) => {
    expect(isValidBucketName(name)).toBe(true);
  });
  it.each([
    'ab',
    'x'.repeat(64),
    'My-Bucket',
    'my_bucket',
    '-start',
    'end-',
    '.start',
    'a..b',
    '10.0.0.1',
    'xn--abc',
    'sthree-x',
    'x-s3alias',
    'a/b',
    '..',
  ])('refuses %j', (name) => {
    expect(isValidBucketName(name)).toBe(false);
    expect(() => assertBucketName(name)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});

describe('object keys', () => {
  it('accepts 1 to 1024 UTF-8 bytes of any printable text, including path-like keys', () => {
    for (const key of ['a', '../x', 'a//b', '😀'.repeat(256), 'x'.repeat(1024), ' spaced ', '%%'])
      expect(() => assertObjectKey(key)).not.toThrow();
  });
  it('refuses empty keys, keys over 1024 bytes, control characters and lone surrogates', () => {
    for (const key of ['', 'x'.repeat(1025), '😀'.repeat(256) + 'x', 'tab\there', 'nul\u0000', 'del\u007f', 'half\udc00']) {
      expect(() => assertObjectKey(key)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    }
  });
  it('lets prefixes be empty but holds them to the rules of keys otherwise', () => {
    expect(() => assertKeyPrefix('')).not.toThrow();
    expect(() => assertKeyPrefix('x'.repeat(1025))).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});

describe('metadata', () => {
  it('accepts lower-case token names with printable ASCII values up to 2 KiB in all', () => {
    expect(() => assertMetadata({ author: 'Ada Lovelace', 'x-version_2.1': '' })).not.toThrow();
  });
  it.each([[{ Author: 'x' }], [{ 'with space': 'x' }], [{ k: 'naïve' }], [{ k: 'line\nbreak' }], [{ k: 'v'.repeat(2048) }]])(
    'refuses %j',
    (metadata) => {
      expect(() => assertMetadata(metadata)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    },
  );
});
