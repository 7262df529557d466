import { describe, expect, it } from 'vitest';
import { MAX_PART_BYTES, MIN_PART_BYTES, partSizeFor } from '../../src/s3/multipart.js';
import { MAX_PARTS } from '../../src/s3/objects.js';

const MiB = 1024 * 1024;
const TiB = 1024 * 1024 * MiB;

describe('partSizeFor', () => {
  it.each([0, 1, 8 * MiB, 80 * 1024 * MiB, 100 * 1024 * MiB, TiB, 5 * TiB])(
    'keeps a %d-byte object within S3 limits: parts of 5 MiB to 5 GiB, at most 10,000 of them',
    (size) => {
      const partSize = partSizeFor(size);
      expect(partSize).toBeGreaterThanOrEqual(MIN_PART_BYTES);
      expect(partSize).toBeLessThanOrEqual(MAX_PART_BYTES);
      expect(Math.ceil(size / partSize)).toBeLessThanOrEqual(MAX_PARTS);
      expect(partSize % MiB).toBe(0);
    },
  );

  it('uses 8 MiB parts for small files, about 16 parts up to 64 MiB each, and larger ones only past 10,000 parts', () => {
    expect(partSizeFor(10 * MiB)).toBe(8 * MiB);
    expect(partSizeFor(200 * MiB)).toBe(13 * MiB);
    expect(partSizeFor(1024 * MiB)).toBe(64 * MiB);
    expect(partSizeFor(100 * 1024 * MiB)).toBe(64 * MiB);
    expect(partSizeFor(5 * TiB)).toBe(525 * MiB);
  });
});
