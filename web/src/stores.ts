import type { GatewayClient } from './client.js';
import { graphql } from './gql/index.js';

/**
 * Several stores in the object browser: with more than one, a store selector above the bucket selector, and every request
 * names the store on show (a `store` variable, and `store` in a mutation's input); copy and move dialogs may pick another
 * store. With one store nothing changes: no selector, and requests are sent as they always were.
 */

const StoresQuery = graphql(`
  query Stores {
    stores {
      name
      default
    }
  }
`);

const STORE_KEY = 's3gw.store';

/** The store on show; undefined: the default one (requests then name none). */
let storeOnShow: string | undefined = sessionStorage.getItem(STORE_KEY) ?? undefined;
let storeNames: string[] = [];
let defaultStore: string | undefined;

/**
 * Links name the store on show before the bucket, as `#store:bucket/folder/`: no bucket name has a colon, so a hash
 * without one (as links were before stores) means the default store. Splits a hash's first segment so.
 */
export function splitStoreOfBucket(segment: string): { store: string | undefined; bucket: string } {
  const colon = segment.indexOf(':');
  return colon < 0 ? { store: undefined, bucket: segment } : { store: segment.slice(0, colon), bucket: segment.slice(colon + 1) };
}

/** What a link puts before the bucket: the store on show and a colon, nothing for the default store. */
export function storeOfLink(): string {
  return storeOnShow === undefined ? '' : `${storeOnShow}:`;
}

/** Shows the store a link names (undefined: the default one); true when that changed the store on show. */
export function showLinkedStore(store: string | undefined): boolean {
  const wanted =
    store === defaultStore || (storeNames.length > 0 && store !== undefined && !storeNames.includes(store)) ? undefined : store;
  if (wanted === storeOnShow) return false;
  storeOnShow = wanted;
  if (storeOnShow === undefined) sessionStorage.removeItem(STORE_KEY);
  else sessionStorage.setItem(STORE_KEY, storeOnShow);
  const select = document.getElementById('store');
  if (select instanceof HTMLSelectElement) select.value = storeOnShow ?? defaultStore ?? '';
  return true;
}

/** The variables of a request in the store on show: `store` beside them, and in `input` unless it names one already. */
export function inStoreOnShow<Variables>(variables: Variables): Variables {
  if (storeOnShow === undefined || typeof variables !== 'object' || variables === null) return variables;
  const scoped: Record<string, unknown> = { store: storeOnShow, ...variables };
  const { input } = scoped;
  if (typeof input === 'object' && input !== null && !('store' in input)) scoped.input = { store: storeOnShow, ...input };
  return scoped as Variables;
}

/**
 * Lists the stores; with more than one, shows a selector before `bucketSelect` whose changes call `onChange` (which lists
 * the chosen store's buckets).
 */
export async function mountStoreSelector(client: GatewayClient, bucketSelect: HTMLElement, onChange: () => void): Promise<void> {
  const { stores } = await client.request(StoresQuery, {});
  storeNames = stores.map(({ name }) => name);
  const defaultName = stores.find((store) => store.default)?.name;
  defaultStore = defaultName;
  if (storeOnShow !== undefined && (!storeNames.includes(storeOnShow) || storeOnShow === defaultName)) storeOnShow = undefined;
  if (stores.length < 2 || document.getElementById('store') !== null) return;
  const select = document.createElement('select');
  select.id = 'store';
  select.dataset.testid = 'store';
  for (const { name } of stores) select.append(new Option(name, name, false, name === (storeOnShow ?? defaultName)));
  select.addEventListener('change', () => {
    storeOnShow = select.value === defaultName ? undefined : select.value;
    if (storeOnShow === undefined) sessionStorage.removeItem(STORE_KEY);
    else sessionStorage.setItem(STORE_KEY, storeOnShow);
    location.hash = '';
    onChange();
  });
  const label = document.createElement('label');
  label.append('Store ', select);
  (bucketSelect.closest('label') ?? bucketSelect).before(label);
}

export interface Destination {
  destinationKey: string;
  destinationStore?: string;
  destinationBucket?: string;
}

/** Where a copy or move goes: with several stores it asks for the store too, and a bucket there; null when the user cancelled. */
export function chooseDestination(verb: string, suggestedKey: string, bucket: string): Destination | null {
  const destinationKey = prompt(`${verb} to`, suggestedKey);
  if (destinationKey === null) return null;
  const here = storeOnShow ?? storeNames.find((name) => name === defaultStore) ?? '';
  if (storeNames.length < 2) return { destinationKey };
  const destinationStore = prompt(`${verb} to which store? (${storeNames.join(', ')})`, here);
  if (destinationStore === null) return null;
  if (destinationStore === here) return { destinationKey };
  const destinationBucket = prompt(`${verb} to which bucket of ${destinationStore}?`, bucket);
  return destinationBucket === null ? null : { destinationKey, destinationStore, destinationBucket };
}
