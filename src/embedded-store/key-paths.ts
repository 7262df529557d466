export const OBJECT_SUFFIX = '._S3rver_object';
// Directory entries hold at most 255 bytes; long key segments are split into chained directories.
const MAX_NAME_BYTES = 200;
const CONTINUED = '%+';

function chunkByBytes(value: string): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const character of value) {
    if (Buffer.byteLength(current + character) > MAX_NAME_BYTES) {
      chunks.push(current);
      current = '';
    }
    current += character;
  }
  chunks.push(current);
  return chunks;
}

/** One key segment as a safe, reversible path: '%' is escaped so that '%E', '%2E' and '%+' can only be ours. */
function encodeSegment(segment: string): string {
  if (segment === '') return '%E';
  if (segment === '.' || segment === '..') return segment.replaceAll('.', '%2E');
  return chunkByBytes(segment.replaceAll('%', '%25')).join(`${CONTINUED}/`);
}

function decodeSegment(encoded: string): string {
  if (encoded === '%E') return '';
  return encoded.replace(/%(25|2E)/g, (_match, code: string) => (code === '25' ? '%' : '.'));
}

export function encodeKeyPath(key: string): string {
  return key.split('/').map(encodeSegment).join('/');
}

export function decodeKeyPath(path: string): string {
  const segments: string[] = [];
  let pending = '';
  for (const part of path.split('/')) {
    if (part.endsWith(CONTINUED)) {
      pending += part.slice(0, -CONTINUED.length);
      continue;
    }
    segments.push(decodeSegment(pending + part));
    pending = '';
  }
  return segments.join('/');
}
