import { GatewayRequestError } from './client.js';
import { byId } from './dom.js';
import type { BrowserHooks } from './hooks.js';
import { ShareLinkQuery } from './operations.js';

/**
 * Share: a presigned link to one object that anyone may open until it expires, without the gateway or a credential,
 * in a dialog with its lifetime (up to PRESIGN_MAX_EXPIRES_SECONDS) and a copy button.
 */

let shared: { bucket: string; key: string } | undefined;

async function makeLink(hooks: BrowserHooks): Promise<void> {
  if (shared === undefined) return;
  const expiresIn = Number(byId('share-expires', HTMLSelectElement).value);
  const { object } = await hooks.client.request(ShareLinkQuery, { ...shared, expiresIn });
  if (!object) throw new GatewayRequestError(`${shared.key} no longer exists.`, 'NO_SUCH_KEY');
  byId('share-link', HTMLInputElement).value = object.downloadUrl;
}

/** Opens the share dialog for an object, with a link of the lifetime chosen last. */
export async function share(hooks: BrowserHooks, bucket: string, key: string): Promise<void> {
  shared = { bucket, key };
  byId('share-name').textContent = key;
  byId('share-link', HTMLInputElement).value = '';
  byId('share', HTMLDialogElement).showModal();
  await makeLink(hooks);
}

export function installSharing(hooks: BrowserHooks): void {
  byId('share-expires', HTMLSelectElement).addEventListener('change', () => void hooks.attempt(() => makeLink(hooks)));
  byId('share-copy', HTMLButtonElement).addEventListener('click', () => {
    const link = byId('share-link', HTMLInputElement);
    link.select();
    void hooks.attempt(() => navigator.clipboard.writeText(link.value));
  });
}
