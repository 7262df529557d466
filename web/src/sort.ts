import { byId } from './dom.js';

/**
 * Sorting a folder by name, size or date is the browser's own work (S3 lists in key order only): it orders the rows
 * loaded so far, folders first, and orders again as more pages arrive.
 */

type SortKey = 'name' | 'size' | 'modified';

let order: { key: SortKey; descending: boolean } | undefined;

const valueOf = (row: Element, key: SortKey): string | number =>
  key === 'size'
    ? Number(row.getAttribute('data-size') ?? -1)
    : key === 'modified'
      ? (row.getAttribute('data-modified') ?? '')
      : (row.getAttribute('data-key') ?? '');

/** Orders the folder's rows as the user asked, if they asked: one sort and one pass over the table. */
export function sortRows(): void {
  if (order === undefined) return;
  const { key, descending } = order;
  const rows = byId('rows');
  const sorted = [...rows.children].sort((a, b) => {
    const folders = Number(b.getAttribute('data-kind') === 'folder') - Number(a.getAttribute('data-kind') === 'folder');
    if (folders !== 0) return folders;
    const [x, y] = [valueOf(a, key), valueOf(b, key)];
    return (x < y ? -1 : x > y ? 1 : 0) * (descending ? -1 : 1);
  });
  rows.append(...sorted);
}

/** Makes the listing's column headings sort it; a second click on the same heading reverses the order. */
export function installSorting(): void {
  for (const heading of document.querySelectorAll<HTMLButtonElement>('#listing th button[data-sort]')) {
    heading.addEventListener('click', () => {
      const key = heading.dataset.sort as SortKey;
      order = { key, descending: order?.key === key && !order.descending };
      for (const other of document.querySelectorAll('#listing th')) other.removeAttribute('aria-sort');
      heading.closest('th')?.setAttribute('aria-sort', order.descending ? 'descending' : 'ascending');
      sortRows();
    });
  }
}

/** Back to S3's key order, for a folder newly opened. */
export function resetSorting(): void {
  order = undefined;
  for (const heading of document.querySelectorAll('#listing th')) heading.removeAttribute('aria-sort');
}
