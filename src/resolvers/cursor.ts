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

/** A position in a listing of multipart uploads: S3 resumes it after a key and an uploadId. */
export function encodeUploadCursor({ key, uploadId }: { key: string; uploadId: string }): string {
  return Buffer.from(UPLOAD_CURSOR_TAG + JSON.stringify([key, uploadId]), 'utf8').toString('base64url');
}

export function decodeUploadCursor(cursor: string | null | undefined): { key: string; uploadId: string } | undefined {
  if (cursor === null || cursor === undefined) return undefined;
  const decoded = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const position: unknown = decoded.startsWith(UPLOAD_CURSOR_TAG) ? safeParse(decoded.slice(UPLOAD_CURSOR_TAG.length)) : undefined;
  if (!Array.isArray(position) || position.length !== 2 || !position.every((part) => typeof part === 'string')) {
    throw new InvalidInputError('Invalid cursor: pass a cursor from a previous page of this listing.');
  }
  return { key: position[0] as string, uploadId: position[1] as string };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
