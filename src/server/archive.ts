import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { crc32 } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import type { YogaLogger as Logger } from '@graphql-yoga/logger';
import { ZipFile } from 'yazl';
import type { ArchiveLinks, ArchivePlan } from '../archives.js';
import { clientFacingError, UnauthenticatedError } from '../errors.js';
import type { S3Storage } from '../s3/storage.js';
import { StoreRegistry } from '../s3/stores.js';
import type { ObjectSummary, OpenedObject } from '../s3/types.js';
import { ARCHIVE_PATH } from '../shared/routes.js';
import { sendError } from './responses.js';

/** GET /archives/{token}/{name}.zip: a ZIP of a createArchive plan, streamed as it is read from S3. */

// yazl checksums every byte with buffer-crc32, a table walk in JavaScript (some 110 MB/s here, below S3's pace); Node's own
// crc32 gives the same sums ten times faster. The instance yazl itself requires is the one changed.
const yazlRequire = createRequire(createRequire(import.meta.url).resolve('yazl'));
const yazlCrc32 = yazlRequire('buffer-crc32') as typeof import('buffer-crc32');
yazlCrc32.unsigned = (input, partialCrc) => crc32(input, typeof partialCrc === 'number' ? partialCrc : (partialCrc?.readUInt32BE(0) ?? 0));

// Entries queued in the ZIP ahead of the one being read: enough to keep S3 busy, few enough that memory stays flat.
const MAX_QUEUED_ENTRIES = 64;

/**
 * An entry name that cannot leave the folder it is extracted to: no absolute path, drive, "." or ".." segment, and no backslash
 * (a separator on Windows). Empty when nothing of the key is left.
 */
export function safeEntryName(key: string, base: string): string {
  const relative = key.startsWith(base) ? key.slice(base.length) : key;
  return relative
    .replace(/[\\:]/g, '_')
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.' && segment !== '..')
    .join('/');
}

/** Every object of the plan, in order: each key, then every object below each folder. Leaving the loop early stops the listing. */
async function* planObjects(s3: S3Storage, plan: ArchivePlan): AsyncGenerator<ObjectSummary> {
  for (const source of plan.sources) {
    if (source === '' || source.endsWith('/')) {
      for await (const page of s3.objectPages(plan.bucket, source)) yield* page;
    } else {
      // Its size and date head the entry; a key deleted since the link was made is left out.
      const details = await s3.headObject({ bucket: plan.bucket, key: source });
      if (details !== null) yield details;
    }
  }
}

/** Adds every entry to the ZIP, waiting while MAX_QUEUED_ENTRIES are queued; each object is opened only when the ZIP reaches it. */
async function addEntries(zip: ZipFile, s3: S3Storage, plan: ArchivePlan, signal: AbortSignal): Promise<void> {
  // The objects queued, in ZIP order; the next one is opened while the current one streams, so that no request's latency stalls the ZIP.
  const queue: { key: string; opened?: Promise<OpenedObject> }[] = [];
  let wake: (() => void) | undefined;
  signal.addEventListener('abort', () => wake?.());
  const open = (key: string) =>
    s3.openObject({ bucket: plan.bucket, key }, { range: undefined, ifNoneMatch: undefined, ifModifiedSince: undefined }, signal);
  for await (const object of planObjects(s3, plan)) {
    const name = safeEntryName(object.key, plan.base);
    if (name === '') continue;
    const mtime = object.lastModified ?? new Date();
    if (object.key.endsWith('/') && object.size === 0) {
      zip.addEmptyDirectory(name, { mtime });
      continue;
    }
    while (queue.length >= MAX_QUEUED_ENTRIES && !signal.aborted) await new Promise<void>((resolve) => (wake = resolve));
    if (signal.aborted) return;
    queue.push({ key: object.key });
    // Stored, not deflated: what buckets hold is mostly compressed already, and deflating would cost the gateway's CPU.
    zip.addReadStreamLazy(name, { size: object.size, mtime, compress: false }, (callback) => {
      const current = queue.shift();
      if (current === undefined) return;
      const opened = current.opened ?? open(current.key);
      const [next] = queue;
      if (next !== undefined && next.opened === undefined) {
        next.opened = open(next.key);
        // Read when its turn comes; an abort before then is no error of anyone's.
        next.opened.catch(() => undefined);
      }
      wake?.();
      opened.then(
        // Without conditions or a range, S3 answers 200 with a body.
        (answer) => ('body' in answer ? callback(null, answer.body) : zip.emit('error', new Error(`GetObject answered ${answer.status}`))),
        // yazl fails the whole ZIP on a read that fails: so does emitting its error here.
        (error: unknown) => zip.emit('error', error),
      );
    });
  }
}

function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}.zip"; filename*=UTF-8''${encodeURIComponent(name)}.zip`;
}

export async function serveArchive(
  request: IncomingMessage,
  response: ServerResponse,
  {
    s3,
    stores,
    archives,
    logger,
    onBytes,
  }: { s3: S3Storage; stores?: StoreRegistry; archives: ArchiveLinks; logger: Logger; onBytes: (bytes: number) => void },
): Promise<void> {
  // A client that goes away stops the S3 reads: the walk, the object being read, and those not opened yet.
  const abort = new AbortController();
  response.once('close', () => abort.abort());
  try {
    const token = new URL(request.url ?? '/', 'http://gateway').pathname.slice(ARCHIVE_PATH.length).split('/')[0] ?? '';
    const plan = await archives.open(token);
    if (plan === undefined) throw new UnauthenticatedError('This archive link is unknown or has expired: ask createArchive for another.');
    response.writeHead(200, { 'content-type': 'application/zip', 'content-disposition': contentDisposition(plan.name) });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    const zip = new ZipFile();
    // The plan names its store where it is not the default one.
    const storage = (stores ?? StoreRegistry.single(s3)).get(plan.store);
    const adding = addEntries(zip, storage, plan, abort.signal).then(() => zip.end());
    const failed = new Promise<never>((_resolve, reject) => zip.once('error', reject));
    zip.outputStream.on('data', (chunk: Buffer) => onBytes(chunk.length));
    await Promise.race([Promise.all([adding, pipeline(zip.outputStream, response)]), failed]);
  } catch (caught) {
    abort.abort();
    if (response.headersSent) {
      // Headers are gone: the client's connection is reset, so that it cannot take a ZIP cut short for a whole one.
      if (!response.destroyed) logger.warn('archive cut off', caught instanceof Error ? caught.message : caught);
      response.destroy();
      return;
    }
    sendError(
      response,
      clientFacingError(caught, (cause) => logger.error('archive failed unexpectedly', cause)),
    );
  }
}
