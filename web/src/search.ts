import { GatewayRequestError } from './client.js';
import { byId, formatSize, h, yieldToBrowser } from './dom.js';
import type { BrowserHooks, Folder } from './hooks.js';
import { SearchQuery } from './operations.js';
import { entryAttributes, type Selection } from './selection.js';

/**
 * The search box: objects at any depth below the folder on show whose name contains the text typed, with optional filters
 * (glob, size range, modified range), over Bucket.search. Each request scans a bounded number of keys, so a page may come
 * back short: the search goes on by itself until a page is full, then on "Keep searching" or when the end scrolls into view.
 */

/** Typing pauses this long before the search runs: one request per word, not per key. */
const TYPING_PAUSE_MS = 300;
/** Requests a search makes by itself to fill its first page before it waits for the user (each scans a bounded number of keys). */
const AUTOMATIC_SCANS = 10;
const PAGE_SIZE = 100;

interface Filters {
  nameContains?: string;
  glob?: string;
  minSize?: number;
  maxSize?: number;
  modifiedAfter?: string;
  modifiedBefore?: string;
}

const UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** "500", "10 KiB", "1.5M", "2 GB" as bytes (binary units, as the listing shows them); undefined for an empty field. */
export function parseSize(text: string, field: string): number | undefined {
  if (text.trim() === '') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  const unit = UNITS[match?.[2]?.toLowerCase() ?? ''];
  if (match === null || unit === undefined)
    throw new GatewayRequestError(`${field}: "${text}" is not a size (e.g. 500 KiB, 2 MiB).`, 'INVALID_INPUT');
  return Math.round(Number(match[1]) * unit);
}

/** A day picked in a date field, as the instant it starts (or ends) in the browser's time zone. */
function dayBound(text: string, end: boolean): string | undefined {
  if (text === '') return undefined;
  const day = new Date(`${text}T00:00:00`);
  if (end) day.setDate(day.getDate() + 1);
  return new Date(day.getTime() - (end ? 1 : 0)).toISOString();
}

const field = (id: string) => byId(id, HTMLInputElement).value;

function filtersOfForm(): Filters {
  const name = field('search').trim();
  const glob = field('search-glob').trim();
  return {
    nameContains: name === '' ? undefined : name,
    glob: glob === '' ? undefined : glob,
    minSize: parseSize(field('search-min-size'), 'Smallest size'),
    maxSize: parseSize(field('search-max-size'), 'Largest size'),
    modifiedAfter: dayBound(field('search-modified-after'), false),
    modifiedBefore: dayBound(field('search-modified-before'), true),
  };
}

export class Search {
  /** Counts searches: the pages of an older one are dropped when they arrive. */
  private runs = 0;
  private typing: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly hooks: BrowserHooks,
    private readonly selection: Selection,
    private readonly preview: (bucket: string, key: string) => Promise<void>,
  ) {
    const form = byId('search-form', HTMLFormElement);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      clearTimeout(this.typing);
      void hooks.attempt(() => this.run());
    });
    form.addEventListener('input', () => {
      clearTimeout(this.typing);
      this.typing = setTimeout(() => void hooks.attempt(() => this.run()), TYPING_PAUSE_MS);
    });
    byId('search', HTMLInputElement).addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.close();
    });
    byId('results-close', HTMLButtonElement).addEventListener('click', () => this.close());
    const more = byId('results-more', HTMLButtonElement);
    new IntersectionObserver((seen) => {
      if (seen.some(({ isIntersecting }) => isIntersecting) && !more.hidden && !more.disabled) more.click();
    }).observe(more);
  }

  /** Ends the search on show and brings the folder back (also when another folder opens). */
  close(): void {
    this.runs += 1;
    clearTimeout(this.typing);
    byId('search-form', HTMLFormElement).reset();
    byId('results').hidden = true;
    byId('listing').hidden = false;
  }

  private async run(): Promise<void> {
    const folder = this.hooks.folder();
    if (folder === undefined) return;
    const filters = filtersOfForm();
    if (Object.values(filters).every((value) => value === undefined)) {
      this.close();
      return;
    }
    const run = ++this.runs;
    byId('result-rows').replaceChildren();
    byId('results-title').textContent = `Search below ${folder.bucket}/${folder.prefix}`;
    byId('results').hidden = false;
    byId('listing').hidden = true;
    await this.page(run, folder, filters, undefined, AUTOMATIC_SCANS);
  }

  /** Loads pages until one more page of matches is shown, the scan ends, or `scans` requests were made. */
  private async page(run: number, folder: Folder, filters: Filters, after: string | undefined, scans: number): Promise<void> {
    const rows = byId('result-rows');
    const more = byId('results-more', HTMLButtonElement);
    const state = byId('results-state');
    more.disabled = true;
    const wanted = rows.children.length + PAGE_SIZE;
    let cursor = after;
    let hasNextPage = true;
    try {
      for (let scan = 0; scan < scans && hasNextPage && rows.children.length < wanted; scan += 1) {
        state.textContent = rows.children.length === 0 ? 'Searching…' : `${rows.children.length} found; searching…`;
        const { bucket } = await this.hooks.client.request(SearchQuery, {
          bucket: folder.bucket,
          prefix: folder.prefix,
          ...filters,
          after: cursor,
        });
        if (run !== this.runs) return;
        if (!bucket) throw new GatewayRequestError(`Bucket ${folder.bucket} does not exist.`, 'NO_SUCH_BUCKET');
        for (const { node } of bucket.search.edges) rows.append(this.row(folder, node.key, node.size, node.lastModified));
        ({ hasNextPage } = bucket.search.pageInfo);
        cursor = bucket.search.pageInfo.endCursor ?? undefined;
        await yieldToBrowser();
        if (run !== this.runs) return;
      }
      const found = rows.children.length;
      state.textContent =
        found === 0 && !hasNextPage
          ? 'Nothing below this folder matches.'
          : hasNextPage
            ? `${found} found so far; the search has not reached the end of the folder yet.`
            : `${found} found.`;
      more.hidden = !hasNextPage;
      more.onclick = () => void this.hooks.attempt(() => this.page(run, folder, filters, cursor, AUTOMATIC_SCANS));
    } catch (error) {
      if (run === this.runs) state.textContent = 'The search stopped (see the message above).';
      throw error;
    } finally {
      more.disabled = false;
    }
  }

  private row(folder: Folder, key: string, size: number, lastModified: string | null | undefined): HTMLTableRowElement {
    const name = key.slice(folder.prefix.length);
    const open = h('a', { href: '#', 'data-open': '', 'data-testid': 'result' }, name);
    open.addEventListener('click', (event) => {
      event.preventDefault();
      void this.hooks.attempt(() => this.preview(folder.bucket, key));
    });
    const parent = key.slice(0, key.lastIndexOf('/') + 1);
    const show = h('a', { href: '#' }, 'Open its folder');
    show.addEventListener('click', (event) => {
      event.preventDefault();
      this.close();
      this.hooks.open(parent);
    });
    return h(
      'tr',
      entryAttributes({ kind: 'object', key }),
      h('td', {}, this.selection.box({ kind: 'object', key }), open),
      h('td', { class: 'number' }, formatSize(size)),
      h('td', {}, lastModified ? new Date(lastModified).toLocaleString() : ''),
      h('td', { class: 'actions' }, show),
    );
  }
}
