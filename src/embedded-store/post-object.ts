import { createHmac, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { type Controller, S3Error, S3Object, type S3rverContext, signatureV4 } from './s3rver.js';
import { s3XmlDocument } from './xml.js';

/**
 * POST Object (HTML form uploads), checked as S3 checks it: s3rver stored any form, whatever its policy said, so a
 * form signed for users/carol/ could write users/bob/ and any size. Here the policy's signature and expiry are
 * verified, every condition must hold, and every form field must be named by a condition.
 */

// The form fields S3 does not require a policy condition for.
const UNCONDITIONED_FIELDS = new Set(['policy', 'x-amz-signature', 'file']);
const FORM_LIMITS = { fields: 100, fieldSize: 64 * 1024, files: 1, parts: 101 };

interface Form {
  /** Field values by lower-case name, as they came before the file. */
  fields: Map<string, string>;
  file: Readable;
}

interface SizeRange {
  min: number;
  max: number;
}

function refuse(message: string): Error {
  return new S3Error('AccessDenied', `Invalid according to Policy: ${message}`);
}

/** The fields before the file part, and the file; S3 ignores fields after the file. */
function readForm(ctx: S3rverContext): Promise<Form> {
  return new Promise((resolve, reject) => {
    const fields = new Map<string, string>();
    const parser = busboy({ headers: ctx.req.headers, limits: FORM_LIMITS });
    // Listened for the whole request: a parser error after the file began must not become an unhandled event.
    parser.on('error', (error: Error) => reject(new S3Error('MalformedPOSTRequest', error.message)));
    parser.on('field', (name, value) => fields.set(name.toLowerCase(), value));
    parser.on('file', (name, file) => {
      if (name.toLowerCase() === 'file') resolve({ fields, file });
      else file.resume();
    });
    parser.on('finish', () => reject(new S3Error('InvalidArgument', 'POST requires exactly one file upload per request.')));
    ctx.req.pipe(parser);
  });
}

function verifySignature(fields: Map<string, string>, secretAccessKey: string): void {
  const policy = fields.get('policy') ?? '';
  const [, date = '', region = '', service = ''] = (fields.get('x-amz-credential') ?? '').split('/');
  if (policy === '' || fields.get('x-amz-algorithm') !== 'AWS4-HMAC-SHA256') {
    throw new S3Error('AccessDenied', 'Bucket POST must contain a policy signed with AWS4-HMAC-SHA256.');
  }
  const signingKey = signatureV4.getSigningKey(secretAccessKey, date, region, service);
  const expected = createHmac('sha256', signingKey).update(policy).digest();
  const provided = Buffer.from(fields.get('x-amz-signature') ?? '', 'hex');
  if (provided.length !== expected.length || !timingSafeEqual(provided, expected)) {
    throw new S3Error('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
  }
}

/** Checks every condition against the form, and that no field goes unchecked; answers the allowed size range. */
function checkConditions(fields: Map<string, string>, bucket: string): SizeRange {
  let document: { expiration?: unknown; conditions?: unknown };
  try {
    document = JSON.parse(Buffer.from(fields.get('policy') ?? '', 'base64').toString('utf8')) as typeof document;
  } catch {
    throw refuse('the policy is not JSON.');
  }
  if (typeof document.expiration !== 'string' || !(Date.parse(document.expiration) > Date.now())) throw refuse('Policy expired.');
  if (!Array.isArray(document.conditions)) throw refuse('the policy has no conditions.');
  const valueOf = (name: string) => (name === 'bucket' ? bucket : fields.get(name));
  const unchecked = new Set([...fields.keys()].filter((name) => !UNCONDITIONED_FIELDS.has(name) && !name.startsWith('x-ignore-')));
  const size: SizeRange = { min: 0, max: Number.POSITIVE_INFINITY };
  for (const condition of document.conditions as unknown[]) {
    if (typeof condition !== 'object' || condition === null) throw refuse(`Invalid condition: ${JSON.stringify(condition)}`);
    const [operator, field, expected] = Array.isArray(condition)
      ? (condition as unknown[])
      : ['eq', ...(Object.entries(condition as Record<string, unknown>)[0] ?? [])];
    if (operator === 'content-length-range') {
      size.min = Number(field);
      size.max = Number(expected);
      continue;
    }
    const name = String(field).replace(/^\$/, '').toLowerCase();
    const value = valueOf(name) ?? '';
    const holds = operator === 'eq' ? value === expected : operator === 'starts-with' && value.startsWith(String(expected));
    if (!holds) throw refuse(`Policy Condition failed: ${JSON.stringify(condition)}`);
    unchecked.delete(name);
  }
  if (unchecked.size > 0) throw refuse(`Extra input fields: ${[...unchecked].join(', ')}`);
  return size;
}

/** Spools the file, counting it: an upload outside the range is refused before it can replace anything. */
async function spool(file: Readable, path: string, size: SizeRange): Promise<void> {
  let bytes = 0;
  // Past the limit the rest is read and dropped, so that the client hears the refusal instead of a reset.
  const count = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      callback(null, bytes <= size.max ? chunk : undefined);
    },
  });
  await pipeline(file, count, createWriteStream(path));
  if (bytes > size.max)
    throw new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', { MaxSizeAllowed: size.max });
  if (bytes < size.min)
    throw new S3Error('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', { MinSizeAllowed: size.min });
}

/** A stored form upload answers 204, or the 200 or 201 (with an XML body) that success_action_status asks for. */
function answer(ctx: S3rverContext, stored: { bucket: string; key: string; md5: string }, successStatus: string | undefined): void {
  const { bucket, key } = stored;
  const location = new URL(`/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`, ctx.origin).href;
  const eTag = JSON.stringify(stored.md5);
  ctx.set('ETag', eTag);
  ctx.set('Location', location);
  if (successStatus === '201') {
    ctx.status = 201;
    ctx.type = 'application/xml';
    ctx.body = s3XmlDocument('PostResponse', { Location: location, Bucket: bucket, Key: key, ETag: eTag });
    return;
  }
  ctx.status = successStatus === '200' ? 200 : 204;
  ctx.body = '';
}

/** The POST Object controller, checking forms signed with the embedded store's one account. */
export function postObject(secretAccessKey: string): Controller {
  return async (ctx) => {
    const { bucket } = ctx.params;
    const { fields, file } = await readForm(ctx);
    let size: SizeRange;
    try {
      verifySignature(fields, secretAccessKey);
      size = checkConditions(fields, bucket);
    } catch (error) {
      // Drained, so that the client hears the refusal.
      file.resume();
      throw error;
    }
    const key = fields.get('key') ?? '';
    if (key === '') {
      file.resume();
      throw new S3Error('InvalidArgument', "Bucket POST must contain a non-empty field named 'key'.");
    }
    const directory = await mkdtemp(join(tmpdir(), 's3gw-post-'));
    try {
      const path = join(directory, 'file');
      await spool(file, path, size);
      const { md5 } = await ctx.store.putObject(new S3Object(bucket, key, createReadStream(path), Object.fromEntries(fields)));
      answer(ctx, { bucket, key, md5 }, fields.get('success_action_status'));
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  };
}
