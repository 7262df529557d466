import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeKeyPath, encodeKeyPath } from '../../src/embedded-store/key-paths.js';

const KEYS = [
  'plain.txt',
  'a/b/c.txt',
  '../../etc/passwd',
  'a/../b',
  './x',
  '.',
  '..',
  'a//b',
  '/leading',
  'trailing/',
  '%2E%2E/x',
  '%E',
  '%+/x',
  '100%',
  'ü'.repeat(300),
  `${'x'.repeat(199)}%${'y'.repeat(300)}`,
  '😀'.repeat(256),
];

describe('the embedded store maps keys to paths', () => {
  it.each(KEYS)('%j round-trips', (key) => {
    expect(decodeKeyPath(encodeKeyPath(key))).toBe(key);
  });

  it.each(KEYS)('%j stays inside its bucket directory, in names of at most 255 bytes', (key) => {
    const path = encodeKeyPath(key);
    expect(posix.normalize(`bucket/${path}`).startsWith('bucket/')).toBe(true);
    for (const segment of path.split('/')) {
      expect(['', '.', '..']).not.toContain(segment);
      expect(Buffer.byteLength(`${segment}._S3rver_metadata.json`)).toBeLessThanOrEqual(255);
    }
  });

  it('maps different keys to different paths', () => {
    const paths = new Set(KEYS.map(encodeKeyPath));
    expect(paths.size).toBe(KEYS.length);
  });
});
