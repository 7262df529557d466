import { text } from 'node:stream/consumers';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { SafeFilesystemStore } from './filesystem-store.js';
import { objectKey } from './multipart-uploads.js';
import { type Controller, type Middleware, S3Error } from './s3rver.js';
import { s3XmlDocument } from './xml.js';

/**
 * Object tags as S3 keeps them, where s3rver differs: it ignored x-amz-tagging on PutObject and CreateMultipartUpload,
 * kept an object's tags after it was replaced or deleted (a new object under the key inherited them), did not copy them
 * with CopyObject, and read "007" back as "7". Tags live in a JSON file beside the object; object lock, which s3rver
 * lacks, is refused with NotImplemented instead of being ignored or answered 405.
 */

// A type, not an interface: the XML writer takes it as a record.
type Tag = { Key: string; Value: string };

export const TAGS_RESOURCE = 'tags.json';
const MAX_TAGS = 10;
const notImplemented = () => new S3Error('NotImplemented', 'A parameter you provided implies functionality that is not implemented');
// Tag values stay strings: "007" is not the number 7.
const xmlParser = new XMLParser({ parseTagValue: false, trimValues: false, isArray: (name) => name === 'Tag' });

function checked(tags: Tag[]): Tag[] {
  if (tags.length > MAX_TAGS) throw new S3Error('BadRequest', `Object tags cannot be greater than ${MAX_TAGS}`);
  if (new Set(tags.map(({ Key }) => Key)).size !== tags.length) {
    throw new S3Error('InvalidTag', 'Cannot provide multiple Tags with the same key');
  }
  return tags;
}

/** x-amz-tagging: the tags as a URL query string. */
function headerTags(header: string | undefined): Tag[] {
  return checked([...new URLSearchParams(header ?? '')].map(([Key, Value]) => ({ Key, Value })));
}

export class ObjectTagFiles {
  constructor(private readonly store: SafeFilesystemStore) {}

  private path(bucket: string, key: string): string {
    return this.store.getResourcePath(bucket, key, TAGS_RESOURCE);
  }

  async read(bucket: string, key: string): Promise<Tag[]> {
    const stored = await readFile(this.path(bucket, key), 'utf8').catch(() => '[]');
    return JSON.parse(stored) as Tag[];
  }

  async write(bucket: string, key: string, tags: Tag[]): Promise<void> {
    if (tags.length === 0) await this.remove(bucket, key);
    else await writeFile(this.path(bucket, key), JSON.stringify(tags));
  }

  remove(bucket: string, key: string): Promise<void> {
    return rm(this.path(bucket, key), { force: true });
  }

  private uploadPath(bucket: string, uploadId: string): string {
    return join(this.store.getResourcePath(bucket, undefined, 'uploads'), uploadId, TAGS_RESOURCE);
  }

  /**
   * The tags a write leaves on its object: x-amz-tagging on PutObject, CreateMultipartUpload (kept with the upload until
   * it completes) and CopyObject with x-amz-tagging-directive REPLACE; a copy to another key takes the source's tags.
   */
  writes(): Middleware {
    return async (ctx, next) => {
      const [, bucket = '', ...keyParts] = ctx.path.split('/');
      if (keyParts.join('') === '') {
        if (ctx.method === 'PUT' && ctx.headers['x-amz-bucket-object-lock-enabled'] === 'true') throw notImplemented();
        return next();
      }
      if ('retention' in ctx.query || 'legal-hold' in ctx.query) throw notImplemented();
      const key = objectKey(keyParts);
      const { uploadId } = ctx.query;
      if (ctx.method === 'POST' && 'uploads' in ctx.query) {
        const tags = headerTags(ctx.headers['x-amz-tagging']);
        await next();
        // s3rver has encoded its answer as XML by now.
        const answer = xmlParser.parse(String(ctx.body)) as { InitiateMultipartUploadResult?: { UploadId?: string } };
        const created = answer.InitiateMultipartUploadResult?.UploadId;
        if (created !== undefined && tags.length > 0) await writeFile(this.uploadPath(bucket, created), JSON.stringify(tags));
        return;
      }
      if (ctx.method === 'POST' && uploadId !== undefined) {
        const tags = await readFile(this.uploadPath(bucket, uploadId), 'utf8').then(JSON.parse as (text: string) => Tag[], () => []);
        await next();
        await this.write(bucket, key, tags);
        return;
      }
      if (ctx.method !== 'PUT' || uploadId !== undefined || 'tagging' in ctx.query) return next();
      const tags = await this.tagsOfPut(ctx.headers, bucket, key);
      await next();
      if (tags !== undefined) await this.write(bucket, key, tags);
    };
  }

  /** undefined: the write keeps the tags it has (a copy onto itself that does not replace them). */
  private async tagsOfPut(headers: Record<string, string | undefined>, bucket: string, key: string): Promise<Tag[] | undefined> {
    const copySource = headers['x-amz-copy-source'];
    if (copySource === undefined || headers['x-amz-tagging-directive'] === 'REPLACE') return headerTags(headers['x-amz-tagging']);
    let source: string;
    try {
      source = decodeURIComponent(copySource).replace(/^\//, '');
    } catch {
      // The copy refuses a source it cannot decode.
      return undefined;
    }
    const [sourceBucket = '', ...sourceKey] = source.split('/');
    if (sourceBucket === bucket && sourceKey.join('/') === key) return undefined;
    return this.read(sourceBucket, sourceKey.join('/'));
  }
}

async function assertExists(store: SafeFilesystemStore, bucket: string, key: string): Promise<void> {
  const exists = await store.getMetadata(bucket, key).then(
    () => true,
    () => false,
  );
  if (!exists) throw new S3Error('NoSuchKey', 'The specified key does not exist.', { Key: key });
}

/** GetObjectTagging, in place of s3rver's. */
export const getObjectTagging: Controller = async (ctx) => {
  const { bucket, key = '' } = ctx.params;
  await assertExists(ctx.store, bucket, key);
  ctx.type = 'application/xml';
  ctx.body = s3XmlDocument('Tagging', { TagSet: { Tag: await new ObjectTagFiles(ctx.store).read(bucket, key) } });
};

/** PutObjectTagging, in place of s3rver's. */
export const putObjectTagging: Controller = async (ctx) => {
  const { bucket, key = '' } = ctx.params;
  await assertExists(ctx.store, bucket, key);
  const parsed = xmlParser.parse(await text(ctx.req)) as { Tagging?: { TagSet?: { Tag?: Partial<Tag>[] } | '' } };
  const tagSet = parsed.Tagging?.TagSet;
  const tags = (tagSet === '' || tagSet === undefined ? [] : (tagSet.Tag ?? [])).map(({ Key = '', Value = '' }) => ({ Key, Value }));
  await new ObjectTagFiles(ctx.store).write(bucket, key, checked(tags));
  ctx.body = '';
};
