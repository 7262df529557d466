import { byId } from './dom.js';
import type { BrowserHooks } from './hooks.js';
import { entryOfRow, type Selection } from './selection.js';

/**
 * Keyboard navigation of the listing and the search results: arrows move between rows, Enter opens, Space selects,
 * Backspace or Alt+Up opens the parent folder, Delete deletes (after asking), `/` goes to the search box.
 */

/** Rows of the table on show (the folder, or the search results while a search is on). */
function visibleRows(): HTMLElement[] {
  const body = byId('results').hidden ? byId('rows') : byId('result-rows');
  return [body.firstElementChild, body.lastElementChild].filter((row): row is HTMLElement => row instanceof HTMLElement);
}

function focusedRow(): HTMLElement | undefined {
  const row = document.activeElement?.closest('tr[data-key]');
  return row instanceof HTMLElement ? row : undefined;
}

function moveFocus(step: 1 | -1): void {
  const current = focusedRow();
  const next =
    current === undefined ? visibleRows()[step === 1 ? 0 : 1] : step === 1 ? current.nextElementSibling : current.previousElementSibling;
  if (next instanceof HTMLElement) {
    next.focus();
    next.scrollIntoView({ block: 'nearest' });
  }
}

const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;

export function installKeyboard(hooks: BrowserHooks, selection: Selection): void {
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || isTyping(event.target)) return;
    const row = focusedRow();
    const onRow = row !== undefined && event.target === row;
    const parent = () => {
      const folder = hooks.folder();
      if (folder !== undefined && folder.prefix !== '') hooks.open(folder.prefix.replace(/[^/]*\/$/, ''));
    };
    const keys: Record<string, (() => void) | undefined> = {
      '/': () => byId('search', HTMLInputElement).focus(),
      ArrowDown: () => (event.altKey ? undefined : moveFocus(1)),
      ArrowUp: () => (event.altKey ? parent() : moveFocus(-1)),
      Backspace: parent,
      Enter: onRow ? () => row.querySelector<HTMLAnchorElement>('a[data-open]')?.click() : undefined,
      ' ': onRow ? () => row.querySelector<HTMLInputElement>('input[data-select]')?.click() : undefined,
      Delete: () => {
        const focused = row === undefined ? undefined : entryOfRow(row);
        const entries = selection.entries.length > 0 ? selection.entries : focused === undefined ? [] : [focused];
        void hooks.attempt(() => selection.remove(entries));
      },
    };
    const handle = Object.hasOwn(keys, event.key) ? keys[event.key] : undefined;
    if (handle === undefined) return;
    event.preventDefault();
    handle();
  });
}
