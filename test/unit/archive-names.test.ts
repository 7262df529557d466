import { describe, expect, it } from 'vitest';
import { safeEntryName } from '../../src/server/archive.js';

describe('ZIP entry names', () => {
  it.each([
    ['docs/a.txt', 'docs/', 'a.txt'],
    ['docs/sub/b.txt', 'docs/', 'sub/b.txt'],
    ['odd/../../escaped.txt', 'odd/', 'escaped.txt'],
    ['a/../../../etc/passwd', '', 'a/etc/passwd'],
    ['/leading.txt', '', 'leading.txt'],
    ['double//slash.txt', '', 'double/slash.txt'],
    ['./dot/./segments.txt', '', 'dot/segments.txt'],
    ['back\\..\\..\\slash.txt', '', 'back_.._.._slash.txt'],
    ['C:/windows/drive.txt', '', 'C_/windows/drive.txt'],
    ['..', '', ''],
    ['folder/', 'folder/', ''],
  ])('%j below %j is %j, which cannot leave the extraction folder', (key, base, name) => {
    expect(safeEntryName(key, base)).toBe(name);
    for (const segment of name.split('/')) expect(['.', '..']).not.toContain(segment);
    expect(name.startsWith('/') || name.includes('\\')).toBe(false);
  });
});
