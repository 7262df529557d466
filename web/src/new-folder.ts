import { failIf, GatewayRequestError } from './client.js';
import type { BrowserHooks } from './hooks.js';
import { CreateFolderMutation } from './operations.js';

/** "New folder": an empty folder (the zero-byte `prefix/` object) in the folder on show, also made for empty folders dropped. */

export async function createFolder(hooks: BrowserHooks, bucket: string, prefix: string): Promise<void> {
  const { createFolder: created } = await hooks.client.request(CreateFolderMutation, { input: { bucket, prefix } });
  failIf(created);
}

/** Asks for a name and creates the folder below the folder on show; a name with "/" makes the folders along its path. */
export async function askForNewFolder(hooks: BrowserHooks): Promise<void> {
  const folder = hooks.folder();
  if (folder === undefined) throw new GatewayRequestError('Choose a bucket first.', 'INVALID_INPUT');
  const name = prompt('Name of the new folder')
    ?.trim()
    .replace(/^\/+|\/+$/g, '');
  if (name === undefined || name === '') return;
  await createFolder(hooks, folder.bucket, `${folder.prefix}${name}/`);
  await hooks.refresh();
}
