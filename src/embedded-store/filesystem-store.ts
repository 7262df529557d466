import { readdir, rm, unlink } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { isValidBucketName } from '../s3/validation.js';
import { decodeKeyPath, encodeKeyPath, OBJECT_SUFFIX } from './key-paths.js';
import { assertCompletableParts } from './multipart-uploads.js';
import { TAGS_RESOURCE } from './object-tags.js';
import { FilesystemStore, S3Error, S3Object, type S3rverStoredObject } from './s3rver.js';

function isMissingFile(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

function compareUtf8(left: string, right: string): number {
  return Buffer.compare(Buffer.from(left), Buffer.from(right));
}

export interface ListOptions {
  prefix?: string;
  delimiter?: string;
  startAfter?: string;
  maxKeys?: number;
}

export interface ListResult {
  objects: S3rverStoredObject[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** The last key or common prefix listed, where a next page starts after. */
  lastPosition: string | undefined;
}

export class SafeFilesystemStore extends FilesystemStore {
  getBucketPath(bucket: string): string {
    if (!isValidBucketName(bucket)) throw new S3Error('InvalidBucketName', 'The specified bucket is not valid.', { BucketName: bucket });
    return join(this.rootDirectory, bucket);
  }

  getResourcePath(bucket: string, key = '', resource: string): string {
    const parts = encodeKeyPath(key).split('/');
    const last = parts.pop() ?? '';
    return join(this.getBucketPath(bucket), ...parts, `${last}._S3rver_${resource}`);
  }

  async deleteObject(bucket: string, key: string): Promise<void> {
    await Promise.all(
      // S3 forgets a deleted object's tags: a new object under the key starts without them.
      ['object', 'object.md5', 'metadata.json', TAGS_RESOURCE].map((resource) =>
        unlink(this.getResourcePath(bucket, key, resource)).catch((error: unknown) => {
          if (!isMissingFile(error)) throw error;
        }),
      ),
    );
    // Remove the directories the key leaves empty, never the bucket itself.
    const bucketPath = this.getBucketPath(bucket);
    const directories = encodeKeyPath(key).split('/').slice(0, -1);
    while (directories.length > 0) {
      const directory = join(bucketPath, ...directories);
      const entries = await readdir(directory).catch(() => ['(gone)']);
      if (entries.length > 0) break;
      await rm(directory, { recursive: true, force: true });
      directories.pop();
    }
  }

  /** Every key below the directory that holds `prefix`, in S3 order. */
  private async keysUnder(bucket: string, prefix: string): Promise<string[]> {
    const bucketPath = this.getBucketPath(bucket);
    const prefixDirectory = encodeKeyPath(prefix).split('/').slice(0, -1);
    const keys: string[] = [];
    const walk = async (relative: string): Promise<void> => {
      const entries = await readdir(join(bucketPath, relative), { withFileTypes: true }).catch((error: unknown) => {
        if (isMissingFile(error)) return [];
        throw error;
      });
      for (const entry of entries) {
        const path = relative === '' ? entry.name : posix.join(relative, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (entry.name.endsWith(OBJECT_SUFFIX)) keys.push(decodeKeyPath(path.slice(0, -OBJECT_SUFFIX.length)));
      }
    };
    await walk(prefixDirectory.join('/'));
    return keys.filter((key) => key.startsWith(prefix)).sort(compareUtf8);
  }

  async listObjects(bucket: string, options: ListOptions): Promise<ListResult> {
    const { prefix = '', delimiter = '', startAfter = '', maxKeys = 1000 } = options;
    const objectKeys: string[] = [];
    const commonPrefixes: string[] = [];
    let lastPosition: string | undefined;
    let isTruncated = false;
    for (const key of await this.keysUnder(bucket, prefix)) {
      if (compareUtf8(key, startAfter) <= 0) continue;
      const delimiterAt = delimiter === '' ? -1 : key.indexOf(delimiter, prefix.length);
      const commonPrefix = delimiterAt === -1 ? undefined : key.slice(0, delimiterAt + delimiter.length);
      // MaxKeys counts a common prefix once, where it first appears.
      if (commonPrefix !== undefined && commonPrefix === commonPrefixes.at(-1)) continue;
      if (compareUtf8(commonPrefix ?? key, startAfter) <= 0) continue;
      if (objectKeys.length + commonPrefixes.length >= maxKeys) {
        isTruncated = true;
        break;
      }
      if (commonPrefix === undefined) objectKeys.push(key);
      else commonPrefixes.push(commonPrefix);
      lastPosition = commonPrefix ?? key;
    }
    const objects = await Promise.all(objectKeys.map(async (key) => new S3Object(bucket, key, null, await this.getMetadata(bucket, key))));
    return { objects, commonPrefixes, isTruncated, lastPosition };
  }

  /** A new object replaces the tags too: its write (object-tags.ts) sets the ones it was given. */
  override async putObject(object: S3rverStoredObject): Promise<{ md5: string; size: number }> {
    await rm(this.getResourcePath(object.bucket, object.key, TAGS_RESOURCE), { force: true });
    return super.putObject(object);
  }

  /** s3rver assembles whatever parts it is given; S3 first checks their order, ETags and sizes. */
  override async putObjectMultipart(
    bucket: string,
    uploadId: string,
    parts: { number: number; etag: string }[],
  ): Promise<{ md5: string; size: number }> {
    await assertCompletableParts(join(this.getResourcePath(bucket, undefined, 'uploads'), uploadId), parts);
    return super.putObjectMultipart(bucket, uploadId, parts);
  }
}
