import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../src/resolvers/cursor.js';

describe('cursors', () => {
  it('round-trip any key, and are URL-safe', () => {
    for (const key of ['a', 'folder/', 'ünï/😀 +&?#', 'x'.repeat(1024)]) {
      const cursor = encodeCursor(key);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(cursor)).toBe(key);
    }
  });

  it('treat a missing cursor as the start and refuse a forged one', () => {
    expect(decodeCursor(undefined)).toBeUndefined();
    expect(decodeCursor(null)).toBeUndefined();
    for (const forged of ['', '!!!', Buffer.from('no-tag').toString('base64url'), 'a b']) {
      expect(() => decodeCursor(forged)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    }
  });
});
