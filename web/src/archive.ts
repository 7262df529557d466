import { failIf, GatewayRequestError } from './client.js';
import { h } from './dom.js';
import type { BrowserHooks } from './hooks.js';
import { CreateArchiveMutation } from './operations.js';

/** Download as ZIP: the gateway makes a short-lived link to a ZIP it streams, and the browser saves what the link answers. */

/**
 * Downloads a ZIP of `keys` (objects, and folders ending in "/") named relative to the folder on show, or of the whole
 * folder when `keys` is undefined; then names the entries left out because the caller may not read them.
 */
export async function downloadArchive(hooks: BrowserHooks, keys?: string[]): Promise<void> {
  const folder = hooks.folder();
  if (folder === undefined) throw new GatewayRequestError('Choose a bucket first.', 'INVALID_INPUT');
  const { createArchive } = await hooks.client.request(CreateArchiveMutation, {
    input: { bucket: folder.bucket, prefix: folder.prefix, keys },
  });
  failIf(createArchive);
  if (!createArchive.url) throw new GatewayRequestError('The gateway made no link to the ZIP.', 'INTERNAL');
  // The link needs no credential: the browser downloads it as any file, with its own progress and no copy in this page's memory.
  h('a', { href: createArchive.url, download: '' }).click();
  const { refused } = createArchive;
  if (refused.length > 0) throw new GatewayRequestError(`Left out of the ZIP: ${refused.join(', ')}.`, 'ACCESS_DENIED');
}
