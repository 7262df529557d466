import { InvalidInputError } from '../errors.js';

/** Input checks done before any S3 call, so that bad names never reach the store. */

const MAX_KEY_BYTES = 1024;
// S3 counts user metadata as the UTF-8 bytes of every name and value.
const MAX_METADATA_BYTES = 2048;
const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;
const IP_ADDRESS = /^\d{1,3}(\.\d{1,3}){3}$/;
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];
/** An S3 region name such as eu-west-1, or a store's own (Ceph zone groups, MinIO's "us-east-1"). */
export const REGION_NAME = /^[a-z0-9-]{2,32}$/;

/** S3's naming rules for general purpose buckets. */
export function isValidBucketName(name: string): boolean {
  return (
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) &&
    !name.includes('..') &&
    !IP_ADDRESS.test(name) &&
    !RESERVED_PREFIXES.some((prefix) => name.startsWith(prefix)) &&
    !RESERVED_SUFFIXES.some((suffix) => name.endsWith(suffix))
  );
}

export function assertBucketName(name: string): void {
  if (!isValidBucketName(name)) {
    throw new InvalidInputError(
      `Invalid bucket name "${name.slice(0, 100)}": bucket names are 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit.`,
    );
  }
}

export function assertRegion(region: string): void {
  if (!REGION_NAME.test(region)) throw new InvalidInputError(`Invalid region "${region.slice(0, 40)}".`);
}

function hasControlCharacter(value: string): boolean {
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function utf8Length(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

function assertKeyCharacters(value: string, what: string): void {
  if (!value.isWellFormed()) throw new InvalidInputError(`${what} must be valid Unicode.`);
  if (hasControlCharacter(value)) throw new InvalidInputError(`${what} may not contain control characters.`);
  if (utf8Length(value) > MAX_KEY_BYTES) throw new InvalidInputError(`${what} is longer than ${MAX_KEY_BYTES} UTF-8 bytes.`);
}

export function assertObjectKey(key: string): void {
  if (key.length === 0) throw new InvalidInputError('An object key may not be empty.');
  assertKeyCharacters(key, 'An object key');
}

/** A versionId travels in a query string: S3's are short printable ASCII ("null" for what was written without versioning). */
export function assertVersionId(versionId: string): void {
  if (!/^[\x21-\x7e]{1,1024}$/.test(versionId)) throw new InvalidInputError('A versionId must be 1 to 1024 printable ASCII characters.');
}

/** Prefixes and delimiters may be empty but are otherwise held to the rules of keys. */
export function assertKeyPrefix(prefix: string, what = 'A prefix'): void {
  if (prefix.length > 0) assertKeyCharacters(prefix, what);
}

export function assertMetadata(metadata: Record<string, string>): void {
  let bytes = 0;
  for (const [name, value] of Object.entries(metadata)) {
    if (!HTTP_TOKEN.test(name)) {
      throw new InvalidInputError(`Invalid metadata key "${name.slice(0, 100)}": use lower-case letters, digits and - _ . characters.`);
    }
    // Metadata travels in HTTP headers, which carry printable ASCII only.
    if (!/^[\x20-\x7e]*$/.test(value)) {
      throw new InvalidInputError(`Metadata value for "${name}" must be printable ASCII.`);
    }
    bytes += utf8Length(name) + utf8Length(value);
  }
  if (bytes > MAX_METADATA_BYTES) throw new InvalidInputError(`User metadata is limited to ${MAX_METADATA_BYTES} bytes.`);
}

export function assertContentType(contentType: string): void {
  if (contentType.length === 0 || contentType.length > 255 || !/^[\x20-\x7e]+$/.test(contentType)) {
    throw new InvalidInputError('contentType must be 1-255 printable ASCII characters, e.g. "image/png".');
  }
}
