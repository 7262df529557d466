import { truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, storeKind, type TestStack } from '../../support/stack.js';

/**
 * A ZIP above 4 GiB through ZIP64, streamed with the gateway's memory flat. The content is generated, not stored: two objects of
 * the embedded store are made sparse files of 2.25 GiB of zeros, so that only the embedded store can run it (Ceph would store them).
 */

const GiB = 1024 ** 3;
const OBJECT_BYTES = 2.25 * GiB;
const KEYS = ['huge/one.bin', 'huge/two.bin'];
let stack: TestStack;

describe.skipIf(storeKind === 'external')('a ZIP of 4.5 GiB', { timeout: 600_000 }, () => {
  beforeAll(async () => {
    stack = await startStack();
    for (const key of KEYS) {
      await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: key, Body: Buffer.alloc(0) }));
      // Grown to its size as a sparse file of zeros: nothing is written to disk.
      await truncate(join(stack.dataDirectory ?? '', stack.bucket, `${key}._S3rver_object`), OBJECT_BYTES);
    }
  });
  afterAll(() => stack.close());

  it('is a valid ZIP64 archive, streamed with flat memory', async () => {
    const created = await stack.graphql<{ createArchive: { url: string | null } }>(
      `mutation($input: CreateArchiveInput!) { createArchive(input: $input) { url } }`,
      { input: { bucket: stack.bucket, prefix: 'huge/' } },
    );
    const link = created.data?.createArchive.url;
    if (link === null || link === undefined) throw new Error('no link');
    const response = await fetch(link);
    if (response.body === null) throw new Error('no body');
    // Only the end of the ZIP is kept: the central directory and the end records are there.
    const TAIL_BYTES = 1024 * 1024;
    const tailChunks: Buffer[] = [];
    let tailLength = 0;
    let total = 0;
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const reader = response.body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      const bytes = Buffer.from(read.value);
      total += bytes.length;
      tailChunks.push(bytes);
      tailLength += bytes.length;
      while (tailLength - (tailChunks[0]?.length ?? 0) >= TAIL_BYTES) tailLength -= tailChunks.shift()?.length ?? 0;
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }
    const tail = Buffer.concat(tailChunks);
    expect(total).toBeGreaterThan(4 * GiB);
    // The gateway and this test share the process: 4.5 GiB went through it, and its memory grew by far less than one object.
    expect(rssPeak - rssBefore).toBeLessThan(200 * 1024 * 1024);

    const tailStart = total - tail.length;
    const end = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const locator = end - 20;
    expect(tail.readUInt32LE(locator)).toBe(0x07064b50);
    const zip64EndOffset = Number(tail.readBigUInt64LE(locator + 8));
    const zip64End = zip64EndOffset - tailStart;
    expect(tail.readUInt32LE(zip64End)).toBe(0x06064b50);
    const entries = Number(tail.readBigUInt64LE(zip64End + 32));
    const directorySize = Number(tail.readBigUInt64LE(zip64End + 40));
    const directoryOffset = Number(tail.readBigUInt64LE(zip64End + 48));
    expect(entries).toBe(KEYS.length);
    expect(directoryOffset + directorySize).toBe(zip64EndOffset);
    // The central directory starts past 4 GiB, which only the ZIP64 end record can say: the classic one holds 0xFFFFFFFF.
    expect(directoryOffset).toBeGreaterThan(0xffffffff);
    expect(tail.readUInt32LE(end + 16)).toBe(0xffffffff);

    let zeros = 0;
    const block = Buffer.alloc(16 * 1024 * 1024);
    for (let done = 0; done < OBJECT_BYTES; done += block.length) zeros = crc32(block, zeros);
    let position = directoryOffset - tailStart;
    for (const key of KEYS) {
      expect(tail.readUInt32LE(position)).toBe(0x02014b50);
      const crc = tail.readUInt32LE(position + 16);
      const nameLength = tail.readUInt16LE(position + 28);
      const extraLength = tail.readUInt16LE(position + 30);
      const commentLength = tail.readUInt16LE(position + 32);
      expect(tail.toString('utf8', position + 46, position + 46 + nameLength)).toBe(key.slice('huge/'.length));
      expect(tail.readUInt32LE(position + 24)).toBe(OBJECT_BYTES);
      expect(crc).toBe(zeros);
      position += 46 + nameLength + extraLength + commentLength;
    }
  });
});
