import { GatewayRequestError } from './client.js';
import { formatSize, h } from './dom.js';
import type { BrowserHooks } from './hooks.js';
import { FolderSummaryQuery, JobSubscription } from './operations.js';

/**
 * Folder sizes on demand: a folder row's "Size" button asks for the folder's summary (objects and bytes at any depth).
 * A large folder is counted by a job: its count shows live in the row, then the figure, with its age when it was kept.
 */

/** A figure older than this says how old it is. */
const FRESH_SECONDS = 60;

function age(seconds: number): string {
  if (seconds < FRESH_SECONDS) return '';
  const minutes = Math.round(seconds / 60);
  return minutes < 120 ? ` (counted ${minutes} min ago)` : ` (counted ${Math.round(minutes / 60)} h ago)`;
}

async function summarize(hooks: BrowserHooks, bucket: string, prefix: string, cell: HTMLElement, maxAgeSeconds?: number): Promise<void> {
  const before = [...cell.childNodes];
  try {
    await count(hooks, bucket, prefix, cell, maxAgeSeconds);
  } catch (error) {
    cell.replaceChildren(...before);
    throw error;
  }
}

/** Shows the folder's figure in `cell`; `maxAgeSeconds` 0 counts again whatever the gateway kept. */
async function count(hooks: BrowserHooks, bucket: string, prefix: string, cell: HTMLElement, maxAgeSeconds?: number): Promise<void> {
  cell.textContent = 'Counting…';
  const ask = async (maxAgeSeconds?: number) => {
    const { bucket: found } = await hooks.client.request(FolderSummaryQuery, { bucket, prefix, maxAgeSeconds });
    if (!found) throw new GatewayRequestError(`Bucket ${bucket} does not exist.`, 'NO_SUCH_BUCKET');
    return found.summary;
  };
  let summary = await ask(maxAgeSeconds);
  if (summary.job) {
    await hooks.client.subscribe(JobSubscription, { id: summary.job.id }, ({ job }) => {
      if (job.error) throw new GatewayRequestError(job.error.message, job.error.code);
      if (!job.done) cell.textContent = `Counting… ${job.succeeded} objects so far`;
    });
    // The job's figure is the freshest there is: asked for with no age limit, it is not counted a second time.
    summary = await ask();
  }
  const { objects, bytes, ageSeconds } = summary;
  if (objects === null || bytes === null) throw new GatewayRequestError(`The size of ${prefix} is not known yet; try again.`, 'INTERNAL');
  const recount = h('button', { type: 'button', class: 'link', title: 'Count again', 'data-testid': 'recount' }, '↻');
  recount.addEventListener('click', () => void hooks.attempt(() => summarize(hooks, bucket, prefix, cell, 0)));
  cell.replaceChildren(
    h(
      'span',
      { 'data-testid': 'folder-size' },
      `${formatSize(bytes)}, ${objects} object${objects === 1 ? '' : 's'}${age(ageSeconds ?? 0)}`,
    ),
    ' ',
    recount,
  );
}

/** The size cell of a folder row: a button that counts the folder when pressed. */
export function folderSizeCell(hooks: BrowserHooks, bucket: string, prefix: string): HTMLTableCellElement {
  const sizeButton = h('button', { type: 'button', 'data-testid': 'folder-size-button' }, 'Size');
  const cell = h('td', { class: 'number' }, sizeButton);
  sizeButton.addEventListener('click', () => void hooks.attempt(() => summarize(hooks, bucket, prefix, cell)));
  return cell;
}
