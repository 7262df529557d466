import { downloadArchive } from './archive.js';
import { failIf } from './client.js';
import { byId, h } from './dom.js';
import type { BrowserHooks, Folder } from './hooks.js';
import { DeleteFolderMutation, DeleteObjectsMutation, MoveFolderMutation, MoveObjectMutation } from './operations.js';

/**
 * Multi-select: a checkbox on every row (folder listing and search results), a bar with what to do with the chosen
 * entries (download as ZIP, move, delete), select-all for the rows loaded. The choice lasts until another folder opens.
 */

export type EntryKind = 'object' | 'folder';

/** An object (its key) or a folder (its prefix, ending in "/"). */
export interface Entry {
  kind: EntryKind;
  key: string;
}

/** Attributes of a row that shows an entry: the keyboard and the selection find rows by them. */
export const entryAttributes = ({ kind, key }: Entry): Record<string, string> => ({ 'data-kind': kind, 'data-key': key, tabindex: '-1' });

/** The entry a row shows, from its attributes. */
export function entryOfRow(row: Element): Entry | undefined {
  const key = row.getAttribute('data-key');
  const kind = row.getAttribute('data-kind');
  return key !== null && (kind === 'object' || kind === 'folder') ? { kind, key } : undefined;
}

/** The last segment of a key or prefix: what a move keeps. */
export const baseName = (key: string): string => key.replace(/\/$/, '').split('/').pop() ?? key;

/** deleteObjects takes at most this many keys a call. */
const DELETE_BATCH = 10_000;
/** Objects moved at once: each is a copy then a delete on the store. */
const PARALLEL_MOVES = 4;

export class Selection {
  private readonly chosen = new Map<string, EntryKind>();

  constructor(private readonly hooks: BrowserHooks) {
    // One listener for every checkbox, however many rows a folder has.
    document.addEventListener('change', (event) => {
      const box = event.target;
      if (!(box instanceof HTMLInputElement) || box.dataset.select === undefined) return;
      const entry = entryOfRow(box.closest('tr') ?? box);
      if (entry !== undefined) this.set(entry, box.checked);
    });
    byId('select-all', HTMLInputElement).addEventListener('change', (event) => {
      // One pass over the rows, each row's own box: ten thousand rows are ten thousand steps, not their square.
      const on = (event.target as HTMLInputElement).checked;
      for (const row of byId('rows').children) {
        const entry = entryOfRow(row);
        if (entry === undefined) continue;
        if (on) this.chosen.set(entry.key, entry.kind);
        else this.chosen.delete(entry.key);
        const box = row.querySelector<HTMLInputElement>('input[data-select]');
        if (box !== null) box.checked = on;
      }
      this.show();
    });
    const action = (id: string, run: () => Promise<void>) =>
      byId(id, HTMLButtonElement).addEventListener('click', () => void hooks.attempt(run));
    action('selection-zip', () =>
      downloadArchive(
        hooks,
        this.entries.map(({ key }) => key),
      ),
    );
    action('selection-delete', () => this.remove());
    action('selection-move', () => this.move());
    byId('selection-clear', HTMLButtonElement).addEventListener('click', () => this.clear());
  }

  get entries(): Entry[] {
    return [...this.chosen].map(([key, kind]) => ({ key, kind }));
  }

  has(key: string): boolean {
    return this.chosen.has(key);
  }

  set(entry: Entry, on: boolean): void {
    if (on) this.chosen.set(entry.key, entry.kind);
    else this.chosen.delete(entry.key);
    for (const box of document.querySelectorAll<HTMLInputElement>(`tr[data-key="${CSS.escape(entry.key)}"] input[data-select]`))
      box.checked = on;
    this.show();
  }

  clear(): void {
    this.chosen.clear();
    for (const box of document.querySelectorAll<HTMLInputElement>('input[data-select]:checked')) box.checked = false;
    byId('select-all', HTMLInputElement).checked = false;
    this.show();
  }

  /** The checkbox of a row, checked when its entry is chosen (a row drawn again after a refresh keeps its choice). */
  box(entry: Entry): HTMLInputElement {
    const box = h('input', { type: 'checkbox', 'data-select': '', 'aria-label': `Select ${baseName(entry.key)}`, 'data-testid': 'select' });
    box.checked = this.has(entry.key);
    return box;
  }

  private show(): void {
    const count = this.chosen.size;
    byId('selection').hidden = count === 0;
    byId('selection-count').textContent = `${count} selected`;
  }

  /** Deletes the chosen entries, after asking: objects in deleteObjects jobs, folders in deletePrefix jobs. */
  async remove(entries = this.entries): Promise<void> {
    const folder = this.hooks.folder();
    if (folder === undefined || entries.length === 0) return;
    const names = entries.length === 1 ? baseName(entries[0]?.key ?? '') : `${entries.length} items`;
    if (!confirm(`Delete ${names}? Folders are deleted with everything in them.`)) return;
    const keys = entries.filter(({ kind }) => kind === 'object').map(({ key }) => key);
    for (let start = 0; start < keys.length; start += DELETE_BATCH) {
      const { deleteObjects } = await this.hooks.client.request(DeleteObjectsMutation, {
        input: { bucket: folder.bucket, keys: keys.slice(start, start + DELETE_BATCH), wait: false },
      });
      failIf(deleteObjects);
      if (deleteObjects.job) await this.hooks.followJob(`Deleting ${keys.length} objects`, deleteObjects.job.id);
    }
    for (const { key: prefix } of entries.filter(({ kind }) => kind === 'folder')) {
      const { deletePrefix } = await this.hooks.client.request(DeleteFolderMutation, {
        input: { bucket: folder.bucket, prefix, wait: false },
      });
      failIf(deletePrefix);
      if (deletePrefix.job) await this.hooks.followJob(`Deleting ${prefix}`, deletePrefix.job.id);
    }
    this.clear();
    // Search results are not reloaded: the rows of what is gone leave them.
    for (const { key } of entries)
      byId('result-rows')
        .querySelector(`tr[data-key="${CSS.escape(key)}"]`)
        ?.remove();
    await this.hooks.refresh();
  }

  /** Moves the chosen entries into another folder, keeping their names: objects one by one, folders as movePrefix jobs. */
  async move(): Promise<void> {
    const folder = this.hooks.folder();
    const entries = this.entries;
    if (folder === undefined || entries.length === 0) return;
    const answer = prompt(
      `Move ${entries.length === 1 ? baseName(entries[0]?.key ?? '') : `${entries.length} items`} to the folder`,
      folder.prefix,
    );
    if (answer === null) return;
    const destination = answer === '' || answer.endsWith('/') ? answer : `${answer}/`;
    await moveObjects(
      this.hooks,
      folder,
      entries.filter(({ kind }) => kind === 'object').map(({ key }) => key),
      destination,
    );
    for (const { key: prefix } of entries.filter(({ kind }) => kind === 'folder')) {
      const destinationPrefix = `${destination}${baseName(prefix)}/`;
      if (destinationPrefix === prefix) continue;
      const { movePrefix } = await this.hooks.client.request(MoveFolderMutation, {
        input: { bucket: folder.bucket, prefix, destinationPrefix, wait: false },
      });
      failIf(movePrefix);
      if (movePrefix.job) await this.hooks.followJob(`Moving ${prefix}`, movePrefix.job.id);
    }
    this.clear();
    await this.hooks.refresh();
  }
}

async function moveObjects(hooks: BrowserHooks, { bucket }: Folder, keys: string[], destination: string): Promise<void> {
  const moves = keys
    .map((key) => ({ key, destinationKey: `${destination}${baseName(key)}` }))
    .filter((move) => move.key !== move.destinationKey);
  if (moves.length === 0) return;
  const row = hooks.progress(`Moving ${moves.length} objects`);
  let done = 0;
  const queue = [...moves];
  const worker = async () => {
    for (let move = queue.shift(); move !== undefined; move = queue.shift()) {
      const { moveObject } = await hooks.client.request(MoveObjectMutation, { input: { bucket, ...move } });
      failIf(moveObject);
      done += 1;
      row.update(done / moves.length, `${done} of ${moves.length}`);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(PARALLEL_MOVES, moves.length) }, worker));
  } finally {
    row.finish(`${done} of ${moves.length} moved`);
  }
}
