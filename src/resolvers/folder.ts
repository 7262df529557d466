import type { Context } from '../context.js';
import { InvalidInputError } from '../errors.js';
import type { PrefixModel } from './models.js';
import { storeOf, writeOptions, type StoreArgs } from './object-mutations.js';
import { attempt, type Payload } from './payload.js';

export interface CreateFolderArgs extends StoreArgs {
  bucket: string;
  prefix: string;
}

const FOLDER_DELIMITER = '/';

/** "photos/2024" and "photos/2024/" name the same folder; empty, "." and ".." segments name none a console can show. */
export function folderPrefix(prefix: string): string {
  const folder = prefix.endsWith(FOLDER_DELIMITER) ? prefix : prefix + FOLDER_DELIMITER;
  const segments = folder.slice(0, -1).split(FOLDER_DELIMITER);
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..'))
    throw new InvalidInputError('A folder needs a name, and no empty, "." or ".." segment (e.g. "photos/2024/").');
  return folder;
}

/** The zero-byte `prefix/` object S3 consoles make: the folder then exists, and is listed, before anything is put in it. */
export function createFolder(context: Context, args: CreateFolderArgs): Promise<Payload<PrefixModel>> {
  return attempt(context, async () => {
    const prefix = folderPrefix(args.prefix);
    await context.stores.get(args.store).putObject({
      bucket: args.bucket,
      key: prefix,
      body: Buffer.alloc(0),
      contentType: 'application/x-directory',
      metadata: {},
      options: writeOptions({}),
      overwrite: true,
    });
    return { ...storeOf(args), bucket: args.bucket, prefix, delimiter: FOLDER_DELIMITER };
  });
}
