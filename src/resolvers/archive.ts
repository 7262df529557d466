import type { Context } from '../context.js';
import { InvalidInputError, PolicyDeniedError } from '../errors.js';
import { archivePath } from '../shared/routes.js';
import { attempt, type Payload } from './payload.js';
import { storeOf } from './object-mutations.js';

export interface CreateArchiveArgs {
  store?: string | null;
  bucket: string;
  prefix?: string | null;
  keys?: string[] | null;
  name?: string | null;
}

export interface CreatedArchive {
  url: string;
  expiresAt: Date;
  /** The entries the caller may not read: they are not in the archive. */
  refused: string[];
}

// As many keys as deleteObjects takes: beyond, a prefix says it better.
const MAX_ARCHIVE_KEYS = 10_000;
// A file name, not a path: the browser saves it as it is.
const ARCHIVE_NAME = /^[^/\\]{1,200}$/u;

// The whole bucket ("") is a folder too.
const isFolder = (key: string) => key === '' || key.endsWith('/');

function archiveName(args: CreateArchiveArgs, base: string): string {
  const name =
    args.name ??
    (base
      .split('/')
      .filter((segment) => segment !== '')
      .pop() ||
      args.bucket);
  const bare = name.endsWith('.zip') ? name.slice(0, -'.zip'.length) : name;
  if (!ARCHIVE_NAME.test(bare) || /\p{Cc}/u.test(bare) || bare === '.' || bare === '..')
    throw new InvalidInputError('name must be a file name of 1 to 200 characters, without / or \\.');
  return bare;
}

/** The keys once each, without those a chosen folder holds anyway: every object is one entry. */
function selection(keys: string[]): string[] {
  const folders = keys.filter(isFolder);
  return [...new Set(keys)].filter((key) => !folders.some((folder) => folder !== key && key.startsWith(folder)));
}

/**
 * What goes in: every key the caller may read, and each folder (a key ending with "/", or the whole prefix) with every object below it.
 * A folder the caller may read only in part is walked now, so that the link streams only what its creator may read.
 */
async function grantedSources(
  context: Context,
  store: string | undefined,
  bucket: string,
  wanted: string[],
): Promise<{ sources: string[]; refused: string[] }> {
  const access = {
    allows: (action: 'list' | 'read', inBucket: string, key: string) => context.principal.access.allows(action, inBucket, key, store),
  };
  const sources: string[] = [];
  const refused: string[] = [];
  for (const key of wanted) {
    if (!isFolder(key) || access.allows('read', bucket, key)) {
      if (access.allows(isFolder(key) ? 'list' : 'read', bucket, key)) sources.push(key);
      else refused.push(key);
      continue;
    }
    if (!access.allows('list', bucket, key)) {
      refused.push(key);
      continue;
    }
    for await (const page of context.stores.get(store).objectPages(bucket, key)) {
      for (const object of page) (access.allows('read', bucket, object.key) ? sources : refused).push(object.key);
      if (sources.length > MAX_ARCHIVE_KEYS)
        throw new InvalidInputError(
          `You may read only part of "${key}", and more than ${MAX_ARCHIVE_KEYS} objects of it: archive a narrower prefix.`,
        );
    }
  }
  return { sources, refused };
}

/** A short-lived link to a ZIP of a prefix, or of chosen keys and folders below it; entries the caller may not read are left out and listed. */
export function createArchive(context: Context, args: CreateArchiveArgs): Promise<Payload<CreatedArchive>> {
  return attempt(context, async () => {
    const base = args.prefix ?? '';
    const keys = args.keys ?? undefined;
    if (keys !== undefined && keys.length === 0) throw new InvalidInputError('keys is empty: there is nothing to archive.');
    if (keys !== undefined && keys.length > MAX_ARCHIVE_KEYS) throw new InvalidInputError(`keys takes at most ${MAX_ARCHIVE_KEYS} keys.`);
    const outside = keys?.find((key) => !key.startsWith(base) || key === base);
    if (outside !== undefined) throw new InvalidInputError(`"${outside}" is not below the prefix "${base}".`);
    if (keys === undefined && base !== '' && !isFolder(base)) throw new InvalidInputError('prefix must end with "/" (a folder).');
    const name = archiveName(args, base);
    if (keys === undefined) {
      // One request, which also answers NO_SUCH_BUCKET here rather than in a ZIP cut short.
      const first = await context.stores.get(args.store).listObjects({
        bucket: args.bucket,
        prefix: base,
        delimiter: undefined,
        limit: 1,
        startAfter: undefined,
      });
      if (first.items.length === 0) throw new InvalidInputError(`Nothing is below "${base}": there is nothing to archive.`);
    }
    const store = args.store ?? undefined;
    const { sources, refused } = await grantedSources(context, store, args.bucket, keys === undefined ? [base] : selection(keys));
    if (sources.length === 0) throw new PolicyDeniedError(`read any of the entries asked for in bucket "${args.bucket}"`);
    const expiresAtMs = Date.now() + context.archives.lifetimeSeconds * 1000;
    const token = await context.archives.create({
      ...storeOf({ store }),
      bucket: args.bucket,
      base,
      sources,
      name,
      expiresAtMs,
    });
    return { url: context.publicOrigin + archivePath(token, name), expiresAt: new Date(expiresAtMs), refused };
  });
}
