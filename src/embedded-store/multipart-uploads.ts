import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { SafeFilesystemStore } from './filesystem-store.js';
import { type Middleware, S3Error } from './s3rver.js';
import { s3XmlDocument } from './xml.js';

/**
 * What s3rver lacks of multipart uploads, which clients that send parts straight to the store rely on: ListParts,
 * AbortMultipartUpload, ListMultipartUploads (prefix and paging), an uploadId good only for its own key, part checks
 * on completion, and conditional writes (If-None-Match: *).
 */

const UPLOAD_ID = /^[\w-]{1,200}$/;
const MAX_PAGE = 1000;
const MIN_PART_BYTES = 5 * 1024 * 1024;
const MAX_PART_NUMBER = 10_000;

const noSuchUpload = (uploadId: string) => new S3Error('NoSuchUpload', 'The specified upload does not exist.', { UploadId: uploadId });

function uploadsDirectory(store: SafeFilesystemStore, bucket: string): string {
  return store.getResourcePath(bucket, undefined, 'uploads');
}

/** The upload's directory, when `uploadId` is an upload of this very key; NoSuchUpload otherwise (S3 says the same). */
async function uploadDirectory(store: SafeFilesystemStore, bucket: string, key: string, uploadId: string): Promise<string> {
  if (!UPLOAD_ID.test(uploadId)) throw noSuchUpload(uploadId);
  const directory = join(uploadsDirectory(store, bucket), uploadId);
  const uploadKey = await readFile(join(directory, 'key'), 'utf8').catch(() => undefined);
  if (uploadKey !== key) throw noSuchUpload(uploadId);
  return directory;
}

interface StoredPart {
  partNumber: number;
  size: number;
  eTag: string;
  lastModified: Date;
}

async function storedParts(directory: string): Promise<StoredPart[]> {
  const names = (await readdir(directory)).filter((name) => /^\d+$/.test(name));
  const parts = await Promise.all(
    names.map(async (name) => {
      // A part whose PUT was cut off (a reload, a lost network) has bytes but no checksum yet: it is not stored.
      const md5 = await readFile(join(directory, `${name}.md5`), 'utf8').catch(() => undefined);
      if (md5 === undefined) return undefined;
      const info = await stat(join(directory, name));
      return { partNumber: Number(name), size: info.size, eTag: `"${md5.trim()}"`, lastModified: info.mtime };
    }),
  );
  return parts.filter((part) => part !== undefined).sort((left, right) => left.partNumber - right.partNumber);
}

function pageSize(value: string | undefined): number {
  if (value === undefined) return MAX_PAGE;
  if (!/^\d+$/.test(value)) throw new S3Error('InvalidArgument', 'The page size is not an integer.');
  return Math.min(MAX_PAGE, Number(value));
}

async function listParts(directory: string, bucket: string, key: string, uploadId: string, query: Record<string, string | undefined>) {
  const marker = Number(query['part-number-marker'] ?? '0');
  const maxParts = pageSize(query['max-parts']);
  const after = (await storedParts(directory)).filter((part) => part.partNumber > marker);
  const page = after.slice(0, maxParts);
  const isTruncated = after.length > page.length;
  return s3XmlDocument('ListPartsResult', {
    Bucket: bucket,
    Key: key,
    UploadId: uploadId,
    PartNumberMarker: marker,
    NextPartNumberMarker: isTruncated ? page.at(-1)?.partNumber : undefined,
    MaxParts: maxParts,
    IsTruncated: isTruncated,
    Part: page.map((part) => ({
      PartNumber: part.partNumber,
      LastModified: part.lastModified.toISOString(),
      ETag: part.eTag,
      Size: part.size,
    })),
  });
}

/** The incomplete uploads below a prefix, by key then uploadId, after (key-marker, upload-id-marker). */
async function listUploads(store: SafeFilesystemStore, bucket: string, query: Record<string, string | undefined>): Promise<string> {
  const prefix = query.prefix ?? '';
  const keyMarker = query['key-marker'] ?? '';
  const uploadIdMarker = query['upload-id-marker'] ?? '';
  const maxUploads = pageSize(query['max-uploads']);
  const directory = uploadsDirectory(store, bucket);
  const uploadIds = await readdir(directory).catch(() => []);
  const uploads = (
    await Promise.all(
      uploadIds.map(async (uploadId) => ({
        key: await readFile(join(directory, uploadId, 'key'), 'utf8').catch(() => undefined),
        uploadId,
        initiated: (await stat(join(directory, uploadId))).mtime,
      })),
    )
  )
    .filter((upload): upload is { key: string; uploadId: string; initiated: Date } => upload.key?.startsWith(prefix) === true)
    .sort((left, right) => Buffer.compare(Buffer.from(left.key), Buffer.from(right.key)) || left.uploadId.localeCompare(right.uploadId))
    .filter(({ key, uploadId }) => {
      const order = Buffer.compare(Buffer.from(key), Buffer.from(keyMarker));
      return order > 0 || (order === 0 && uploadIdMarker !== '' && uploadId > uploadIdMarker);
    });
  const page = uploads.slice(0, maxUploads);
  const isTruncated = uploads.length > page.length;
  const last = page.at(-1);
  return s3XmlDocument('ListMultipartUploadsResult', {
    Bucket: bucket,
    Prefix: prefix,
    KeyMarker: keyMarker,
    UploadIdMarker: uploadIdMarker,
    NextKeyMarker: isTruncated ? last?.key : undefined,
    NextUploadIdMarker: isTruncated ? last?.uploadId : undefined,
    MaxUploads: maxUploads,
    IsTruncated: isTruncated,
    Upload: page.map((upload) => ({ Key: upload.key, UploadId: upload.uploadId, Initiated: upload.initiated.toISOString() })),
  });
}

/** Checks the parts a CompleteMultipartUpload names, as S3 does, before s3rver assembles them. */
export async function assertCompletableParts(directory: string, parts: { number: number; etag: string }[]): Promise<void> {
  const stored = new Map((await storedParts(directory)).map((part) => [part.partNumber, part]));
  parts.forEach((part, index) => {
    const previous = parts[index - 1];
    if (previous !== undefined && part.number <= previous.number) {
      throw new S3Error('InvalidPartOrder', 'The list of parts was not in ascending order.');
    }
    const uploaded = stored.get(part.number);
    if (uploaded === undefined || uploaded.eTag.replace(/"/g, '') !== part.etag.replace(/"/g, '')) {
      throw new S3Error('InvalidPart', 'One or more of the specified parts could not be found or its ETag did not match.');
    }
    if (index < parts.length - 1 && uploaded.size < MIN_PART_BYTES) {
      throw new S3Error('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.');
    }
  });
}

/** The key of a request's path, as S3 decodes it. */
export function objectKey(keyParts: string[]): string {
  try {
    return decodeURIComponent(keyParts.join('/'));
  } catch {
    throw new S3Error('InvalidURI', "Couldn't parse the specified URI.");
  }
}

/** Keys a conditional write is in flight for: a second one waits for nothing and is refused, as if the first had won. */
const conditionalWrites = new Set<string>();

/** If-None-Match: * on PutObject and CompleteMultipartUpload: refused with 412 when the key exists (or is being written so). */
async function writeIfAbsent(store: SafeFilesystemStore, bucket: string, key: string, write: () => Promise<void>): Promise<void> {
  const name = `${bucket}/${key}`;
  const exists = await store.getMetadata(bucket, key).then(
    () => true,
    () => false,
  );
  if (exists || conditionalWrites.has(name)) {
    throw new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', {
      Condition: 'If-None-Match',
    });
  }
  conditionalWrites.add(name);
  try {
    await write();
  } finally {
    conditionalWrites.delete(name);
  }
}

export function multipartUploads(store: SafeFilesystemStore): Middleware {
  return async (ctx, next) => {
    const [, bucket = '', ...keyParts] = ctx.path.split('/');
    if (keyParts.join('') === '') {
      if (ctx.method !== 'GET' || !('uploads' in ctx.query)) return next();
      ctx.type = 'application/xml';
      ctx.body = await listUploads(store, bucket, ctx.query);
      return;
    }
    const uploadId = ctx.query.uploadId;
    const ifAbsent = ctx.headers['if-none-match'] === '*' && (ctx.method === 'PUT' || ctx.method === 'POST') && !('uploads' in ctx.query);
    if (uploadId === undefined && !ifAbsent) return next();
    const key = objectKey(keyParts);
    if (uploadId === undefined) return writeIfAbsent(store, bucket, key, next);
    const directory = await uploadDirectory(store, bucket, key, uploadId);
    if (ctx.method === 'DELETE') {
      await rm(directory, { recursive: true, force: true });
      ctx.status = 204;
      return;
    }
    if (ctx.method === 'GET') {
      ctx.type = 'application/xml';
      ctx.body = await listParts(directory, bucket, key, uploadId, ctx.query);
      return;
    }
    if (ctx.method === 'PUT') {
      const partNumber = ctx.query.partNumber ?? '';
      if (!/^\d+$/.test(partNumber) || Number(partNumber) < 1 || Number(partNumber) > MAX_PART_NUMBER) {
        throw new S3Error('InvalidArgument', `Part number must be an integer between 1 and ${MAX_PART_NUMBER}, inclusive`, {
          ArgumentName: 'partNumber',
        });
      }
    }
    return ifAbsent ? writeIfAbsent(store, bucket, key, next) : next();
  };
}
