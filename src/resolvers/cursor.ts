import { InvalidInputError } from '../errors.js';

/** Cursors are S3 positions (a key or a common prefix), so they are stateless and outlive any gateway process. */

const CURSOR_TAG = 'k:';

export function encodeCursor(position: string): string {
  return Buffer.from(CURSOR_TAG + position, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined): string | undefined {
  if (cursor === null || cursor === undefined) return undefined;
  const decoded = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!decoded.startsWith(CURSOR_TAG)) throw new InvalidInputError('Invalid cursor: pass a cursor from a previous page of this listing.');
  return decoded.slice(CURSOR_TAG.length);
}

const UPLOAD_CURSOR_TAG = 'u:';
const VERSION_CURSOR_TAG = 'v:';

/** A position named by two strings (S3's key and uploadId or versionId markers), tagged with the listing it belongs to. */
function encodePair(tag: string, pair: [string, string]): string {
  return Buffer.from(tag + JSON.stringify(pair), 'utf8').toString('base64url');
}

function decodePair(tag: string, cursor: string): [string, string] {
  const decoded = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const position: unknown = decoded.startsWith(tag) ? safeParse(decoded.slice(tag.length)) : undefined;
  if (!Array.isArray(position) || position.length !== 2 || !position.every((part) => typeof part === 'string')) {
    throw new InvalidInputError('Invalid cursor: pass a cursor from a previous page of this listing.');
  }
  return [position[0] as string, position[1] as string];
}

/** A position in a listing of multipart uploads: S3 resumes it after a key and an uploadId. */
export function encodeUploadCursor({ key, uploadId }: { key: string; uploadId: string }): string {
  return encodePair(UPLOAD_CURSOR_TAG, [key, uploadId]);
}

export function decodeUploadCursor(cursor: string | null | undefined): { key: string; uploadId: string } | undefined {
  if (cursor === null || cursor === undefined) return undefined;
  const [key, uploadId] = decodePair(UPLOAD_CURSOR_TAG, cursor);
  return { key, uploadId };
}

/** A position in a listing of object versions: S3 resumes it after a key and a versionId. */
export function encodeVersionCursor({ key, versionId }: { key: string; versionId: string }): string {
  return encodePair(VERSION_CURSOR_TAG, [key, versionId]);
}

export function decodeVersionCursor(cursor: string | null | undefined): { key: string; versionId: string } | undefined {
  if (cursor === null || cursor === undefined) return undefined;
  const [key, versionId] = decodePair(VERSION_CURSOR_TAG, cursor);
  return { key, versionId };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
