import { describe, expect, it } from 'vitest';
import { decodeCursor, decodeUploadCursor, decodeVersionCursor, encodeCursor, encodeVersionCursor } from '../../src/resolvers/cursor.js';

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

  it('name a version by key and versionId, and refuse a cursor of another listing', () => {
    const position = { key: 'ünï/😀 "quoted" [1]', versionId: 'LQHqsUbjM44qTMdDHIZ9jxIBKbXParr' };
    const cursor = encodeVersionCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeVersionCursor(cursor)).toEqual(position);
    expect(() => decodeVersionCursor(encodeCursor('a'))).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => decodeUploadCursor(cursor)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
