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
