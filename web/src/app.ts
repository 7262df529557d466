import { GRAPHQL_PATH } from '../../src/shared/routes.js';
import { failIf, GatewayClient, GatewayRequestError } from './client.js';
import {
  BucketsQuery,
  CopyObjectMutation,
  DeleteFolderMutation,
  DeleteObjectMutation,
  FolderQuery,
  JobSubscription,
  MoveFolderMutation,
  MoveObjectMutation,
  ObjectChangedSubscription,
  ObjectQuery,
  PendingUploadsQuery,
  PutObjectMutation,
} from './operations.js';
import { abortUpload, DirectUpload, unfinishedUploads, type UnfinishedUpload } from './direct-upload.js';
import { chooseDestination, inStoreOnShow, mountStoreSelector, showLinkedStore, splitStoreOfBucket, storeOfLink } from './stores.js';
import { downloadArchive } from './archive.js';
import { byId, type Child, formatSize, h, yieldToBrowser } from './dom.js';
import { installDropZone, pickedTree, type DroppedTree } from './drop.js';
import { meaningOf } from './error-meanings.js';
import type { BrowserHooks } from './hooks.js';
import { folderSizeCell } from './folder-size.js';
import { installKeyboard } from './keyboard.js';
import { askForNewFolder, createFolder } from './new-folder.js';
import { Search } from './search.js';
import { entryAttributes, Selection } from './selection.js';
import { installSharing, share } from './share.js';
import { installSorting, resetSorting, sortRows } from './sort.js';
import { objectDetailsSection } from './object-details.js';
import { restoreFolderToDate, versionsSection } from './versions.js';

/**
 * The object browser: buckets, folders with breadcrumbs, uploads with progress (large files straight to the store, resumable;
 * files and folders dropped or picked), pending uploads, previews, rename, copy, delete, multi-select, keyboard navigation.
 */

const CREDENTIAL_KEY = 's3gw.credential';
const client = new GatewayClient(GRAPHQL_PATH, () => localStorage.getItem(CREDENTIAL_KEY) ?? '', inStoreOnShow);

/** Where the browser is: a bucket and a folder (prefix ending in "/", or "" for the bucket's top), kept in the URL hash. */
interface Place {
  bucket: string;
  prefix: string;
}

/** The hash's segments: the bucket first (after `store:` where it is not in the default store), then the folder's. */
const hashSegments = () => decodeURIComponent(location.hash.slice(1)).split('/');

function placeFromHash(): Place | undefined {
  const [first = '', ...rest] = hashSegments();
  const { bucket } = splitStoreOfBucket(first);
  if (bucket === '') return undefined;
  const prefix = rest.join('/');
  return { bucket, prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/` };
}

const go = (place: Place) => {
  location.hash = storeOfLink() + encodeURIComponent(`${place.bucket}/${place.prefix}`).replaceAll('%2F', '/');
};

function showMessage(text: string, kind: 'error' | 'info' = 'error', meaning?: string): void {
  const message = byId('message');
  message.replaceChildren(...(meaning === undefined ? [] : [h('strong', {}, meaning), ' ']), text);
  message.className = kind;
  message.hidden = text === '';
}

/** Runs an action of the user; a gateway error is shown with what its code means, then as the gateway worded it. */
async function attempt(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (error instanceof GatewayRequestError) showMessage(`${error.message} (${error.code})`, 'error', meaningOf(error.code));
    else showMessage(String(error), 'error', 'The gateway could not be reached, or answered something this page does not understand.');
  }
}

/** Files from this size on go straight to the store in parallel parts (S3's smallest part is 5 MiB); smaller ones through the gateway. */
const DIRECT_UPLOAD_BYTES = 16 * 1024 * 1024;

function progressRow(
  label: string,
  onCancel?: () => Promise<void>,
): { update(fraction: number, text?: string): void; finish(text: string): void } {
  const bar = h('progress', { max: '1', value: '0' });
  const text = h('span', {}, label);
  const row = h('li', { 'data-testid': 'progress' }, text, bar);
  if (onCancel !== undefined) row.append(button('Cancel', onCancel, 'cancel-upload'));
  byId('progress').append(row);
  return {
    update(fraction, note) {
      bar.value = fraction;
      if (note !== undefined) text.textContent = `${label}: ${note}`;
    },
    finish(note) {
      bar.value = 1;
      text.textContent = `${label}: ${note}`;
      row.querySelector('button')?.remove();
      setTimeout(() => row.remove(), 4000);
    },
  };
}

async function loadBuckets(): Promise<void> {
  const select = byId('bucket', HTMLSelectElement);
  const { buckets } = await client.request(BucketsQuery, {});
  select.replaceChildren(h('option', { value: '' }, 'Choose a bucket'), ...buckets.map(({ name }) => h('option', { value: name }, name)));
  const place = placeFromHash();
  if (place !== undefined) showSelectedBucket(place.bucket);
  else if (buckets[0] !== undefined) go({ bucket: buckets[0].name, prefix: '' });
}

/** The bucket selector names the bucket on show, once it lists it. */
function showSelectedBucket(bucket: string): void {
  const select = byId('bucket', HTMLSelectElement);
  if (Array.from(select.options).some(({ value }) => value === bucket)) select.value = bucket;
}

function renderBreadcrumbs({ bucket, prefix }: Place): void {
  const crumbs: Child[] = [h('a', { href: '#', 'data-prefix': '' }, bucket)];
  let path = '';
  for (const segment of prefix.split('/').filter(Boolean)) {
    path += `${segment}/`;
    crumbs.push(' / ', h('a', { href: '#', 'data-prefix': path }, segment));
  }
  const nav = byId('breadcrumbs');
  nav.replaceChildren(...crumbs);
  nav.querySelectorAll<HTMLAnchorElement>('a').forEach((link) =>
    link.addEventListener('click', (event) => {
      event.preventDefault();
      go({ bucket, prefix: link.dataset.prefix ?? '' });
    }),
  );
}

function button(label: string, onClick: () => Promise<void>, testId: string): HTMLButtonElement {
  const element = h('button', { type: 'button', 'data-testid': testId }, label);
  element.addEventListener('click', () => void attempt(onClick));
  return element;
}

/** Follows a folder job to its end through the job subscription, as a progress bar. */
async function followJob(label: string, id: string): Promise<void> {
  const row = progressRow(label);
  await client.subscribe(JobSubscription, { id }, ({ job }) => {
    row.update(job.done ? 1 : 0.5, `${job.succeeded} done, ${job.failed} failed`);
    if (job.error) showMessage(`${job.error.message} (${job.error.code})`, 'error', meaningOf(job.error.code));
  });
  row.finish('finished');
}

function objectRow(place: Place, key: string, size: number, lastModified: string | null | undefined): HTMLTableRowElement {
  const name = key.slice(place.prefix.length);
  const open = h('a', { href: '#', 'data-testid': 'object', 'data-open': '' }, name);
  open.addEventListener('click', (event) => {
    event.preventDefault();
    void attempt(() => preview(place.bucket, key));
  });
  const rename = async () => {
    const target = chooseDestination('Rename (move)', key, place.bucket);
    if (target === null || (target.destinationKey === key && target.destinationStore === undefined)) return;
    const { moveObject } = await client.request(MoveObjectMutation, { input: { bucket: place.bucket, key, ...target } });
    failIf(moveObject);
    await showFolder(place);
  };
  const copy = async () => {
    const target = chooseDestination('Copy', `${key}.copy`, place.bucket);
    if (target === null) return;
    const { copyObject } = await client.request(CopyObjectMutation, { input: { bucket: place.bucket, key, ...target } });
    failIf(copyObject);
    await showFolder(place);
  };
  const remove = async () => {
    if (!confirm(`Delete ${key}?`)) return;
    const { deleteObject } = await client.request(DeleteObjectMutation, { input: { bucket: place.bucket, key } });
    failIf(deleteObject);
    await showFolder(place);
  };
  const download = async () => {
    const { object } = await client.request(ObjectQuery, { bucket: place.bucket, key });
    if (!object) throw new GatewayRequestError(`${key} no longer exists.`, 'NO_SUCH_KEY');
    const link = h('a', { href: URL.createObjectURL(await client.download(object.gatewayUrl)), download: name });
    link.click();
    URL.revokeObjectURL(link.href);
  };
  return h(
    'tr',
    { ...entryAttributes({ kind: 'object', key }), 'data-size': String(size), 'data-modified': lastModified ?? '' },
    h('td', {}, selection.box({ kind: 'object', key }), open),
    h('td', { class: 'number' }, formatSize(size)),
    h('td', {}, lastModified ? new Date(lastModified).toLocaleString() : ''),
    h(
      'td',
      { class: 'actions' },
      button('Download', download, 'download'),
      button('Share', () => share(hooks, place.bucket, key), 'share'),
      button('Rename', rename, 'rename'),
      button('Copy', copy, 'copy'),
      button('Delete', remove, 'delete'),
    ),
  );
}

function folderRow(place: Place, prefix: string, name: string): HTMLTableRowElement {
  const open = h('a', { href: '#', 'data-testid': 'folder', 'data-open': '' }, `${name}/`);
  open.addEventListener('click', (event) => {
    event.preventDefault();
    go({ bucket: place.bucket, prefix });
  });
  const rename = async () => {
    const target = prompt('Move folder to', prefix);
    if (target === null || target === prefix) return;
    const destinationPrefix = target.endsWith('/') ? target : `${target}/`;
    const { movePrefix } = await client.request(MoveFolderMutation, {
      input: { bucket: place.bucket, prefix, destinationPrefix, wait: false },
    });
    failIf(movePrefix);
    if (movePrefix.job) await followJob(`Moving ${prefix}`, movePrefix.job.id);
    await showFolder(place);
  };
  const remove = async () => {
    if (!confirm(`Delete the folder ${prefix} and everything in it?`)) return;
    const { deletePrefix } = await client.request(DeleteFolderMutation, { input: { bucket: place.bucket, prefix, wait: false } });
    failIf(deletePrefix);
    if (deletePrefix.job) await followJob(`Deleting ${prefix}`, deletePrefix.job.id);
    await showFolder(place);
  };
  const restore = async () => {
    const job = await restoreFolderToDate(client, place.bucket, prefix);
    if (job !== undefined) await followJob(`Restoring ${prefix}`, job);
    await showFolder(place);
  };
  return h(
    'tr',
    { class: 'folder', ...entryAttributes({ kind: 'folder', key: prefix }) },
    h('td', {}, selection.box({ kind: 'folder', key: prefix }), open),
    folderSizeCell(hooks, place.bucket, prefix),
    h('td', {}, ''),
    h(
      'td',
      { class: 'actions' },
      button('Rename', rename, 'rename-folder'),
      button('Delete', remove, 'delete-folder'),
      button('Restore to a date', restore, 'restore-folder'),
    ),
  );
}

/** Counts the loads of a folder: a page that arrives after a newer load started is stale and never shown. */
let folderLoads = 0;
/** Rows appended between two yields to the browser: a page of a large folder never blocks input for long. */
const ROWS_PER_CHUNK = 50;

/** Says what the listing is doing (loading, empty, how much is shown), in words. */
function showListingState(text: string): void {
  const state = byId('listing-state');
  state.textContent = text;
  state.hidden = text === '';
}

async function showFolder(place: Place, after?: string): Promise<void> {
  const load = after === undefined ? ++folderLoads : folderLoads;
  renderBreadcrumbs(place);
  showSelectedBucket(place.bucket);
  const more = byId('more', HTMLButtonElement);
  more.disabled = true;
  showListingState(after === undefined ? 'Loading this folder…' : 'Loading more…');
  const rows = byId('rows');
  try {
    const { bucket } = await client.request(FolderQuery, { bucket: place.bucket, prefix: place.prefix, after });
    if (load !== folderLoads) return;
    // A reload (a live change, an action) keeps the keyboard's place: the row in focus gets it back once drawn again.
    let refocus = after === undefined ? document.activeElement?.closest('tr[data-key]')?.getAttribute('data-key') : undefined;
    if (after === undefined) rows.replaceChildren();
    if (!bucket) throw new GatewayRequestError(`Bucket ${place.bucket} does not exist.`, 'NO_SUCH_BUCKET');
    const { edges } = bucket.entries;
    for (let start = 0; start < edges.length; start += ROWS_PER_CHUNK) {
      if (start > 0) await yieldToBrowser();
      if (load !== folderLoads) return;
      rows.append(
        ...edges
          .slice(start, start + ROWS_PER_CHUNK)
          .map(({ node }) =>
            node.__typename === 'Prefix'
              ? folderRow(place, node.prefix, node.name)
              : objectRow(place, node.key, node.size, node.lastModified),
          ),
      );
      const focused = typeof refocus === 'string' ? rows.querySelector<HTMLElement>(`tr[data-key="${CSS.escape(refocus)}"]`) : null;
      if (focused !== null) {
        focused.focus();
        refocus = undefined;
      }
    }
    sortRows();
    const { hasNextPage, endCursor } = bucket.entries.pageInfo;
    more.hidden = !hasNextPage;
    more.onclick = () => void attempt(() => showFolder(place, endCursor ?? undefined));
    const count = rows.children.length;
    showListingState(
      count === 0
        ? 'This folder is empty. Drop files or folders here, or use Upload or New folder.'
        : hasNextPage
          ? `${count} entries shown; scroll down for more.`
          : '',
    );
  } catch (error) {
    if (load === folderLoads) showListingState(after === undefined ? 'This folder could not be shown (see the message above).' : '');
    throw error;
  } finally {
    more.disabled = false;
  }
}

/** Loads the next page of the folder when its end scrolls into view, as "Load more" would. */
function loadMoreOnScroll(): void {
  const more = byId('more', HTMLButtonElement);
  new IntersectionObserver((seen) => {
    if (seen.some(({ isIntersecting }) => isIntersecting) && !more.hidden && !more.disabled) more.click();
  }).observe(more);
}

/** Ends the live refresh of the folder shown before. */
let stopWatchingFolder: () => void = () => undefined;
// Changes arrive in bursts (a folder job changes every object in it): one reload per burst.
const REFRESH_DELAY_MS = 300;

/** Reloads the folder shown when an object in it changes, through any gateway instance, by anyone. */
function watchFolder(place: Place): void {
  stopWatchingFolder();
  const watching = new AbortController();
  stopWatchingFolder = () => watching.abort();
  let reload: ReturnType<typeof setTimeout> | undefined;
  const refreshSoon = () => {
    reload ??= setTimeout(() => {
      reload = undefined;
      if (!watching.signal.aborted) void attempt(() => showFolder(place));
    }, REFRESH_DELAY_MS);
  };
  // The folder works without live refresh (a caller whose policy refuses the subscription, a stream cut by a proxy): it is an extra.
  client
    .subscribe(ObjectChangedSubscription, { bucket: place.bucket, prefix: place.prefix }, refreshSoon, watching.signal)
    .catch(() => undefined);
}

const PREVIEW_TEXT_BYTES = 100_000;

async function preview(bucket: string, key: string): Promise<void> {
  const pane = byId('preview');
  const { object } = await client.request(ObjectQuery, { bucket, key });
  if (!object) throw new GatewayRequestError(`${key} no longer exists.`, 'NO_SUCH_KEY');
  const type = object.contentType ?? 'application/octet-stream';
  const heading = h('h2', {}, key.split('/').pop() ?? key);
  const details = h('p', {}, `${type}, ${formatSize(object.size)}`);
  if (type.startsWith('image/')) {
    const blob = await client.download(object.gatewayUrl);
    pane.replaceChildren(heading, details, h('img', { src: URL.createObjectURL(blob), alt: key, 'data-testid': 'preview-image' }));
  } else if (type.startsWith('text/') || type.includes('json') || type.includes('xml')) {
    const text = await (await client.download(object.gatewayUrl)).slice(0, PREVIEW_TEXT_BYTES).text();
    pane.replaceChildren(heading, details, h('pre', { 'data-testid': 'preview-text' }, text));
  } else pane.replaceChildren(heading, details, h('p', {}, 'No preview for this type; use Download.'));
  pane.hidden = false;
  pane.append(await objectDetailsSection({ client, attempt }, bucket, key));
  const changed = async () => {
    const place = placeFromHash();
    if (place) await showFolder(place);
    await preview(bucket, key);
  };
  pane.append(await versionsSection({ client, attempt, changed }, bucket, key));
}

/** Sends a direct upload's missing parts under a progress bar with a cancel button; a failure leaves it to resume. */
async function runDirectUpload(upload: DirectUpload): Promise<void> {
  const row = progressRow(`Uploading ${upload.upload.fileName} to the store`, async () => {
    await upload.cancel();
    row.finish('cancelled');
    showUnfinished();
  });
  try {
    await upload.run((fraction) => row.update(fraction, `${Math.round(fraction * 100)}%`));
    row.finish('done');
  } catch (error) {
    if (upload.cancelled) return;
    row.finish('stopped');
    throw error;
  } finally {
    showUnfinished();
  }
}

/** Uploads files (each to its path below the folder on show, so dropped folders keep their structure) and creates empty folders. */
async function uploadFiles({ files, emptyFolders }: DroppedTree): Promise<void> {
  const place = placeFromHash();
  if (place === undefined) throw new GatewayRequestError('Choose a bucket first.', 'INVALID_INPUT');
  for (const { file, path } of files) {
    const target = { bucket: place.bucket, key: `${place.prefix}${path}`, contentType: file.type || undefined };
    if (file.size >= DIRECT_UPLOAD_BYTES) {
      await runDirectUpload(await DirectUpload.begin(client, target, file));
      continue;
    }
    const row = progressRow(`Uploading ${path}`);
    const input = { ...target, size: file.size };
    const { putObject } = await client.upload(PutObjectMutation, { input }, file, (fraction) =>
      row.update(fraction, `${Math.round(fraction * 100)}%`),
    );
    failIf(putObject);
    row.finish('done');
  }
  for (const prefix of emptyFolders) await createFolder(hooks, place.bucket, `${place.prefix}${prefix}`);
  await showFolder(place);
}

/** Uploads this browser began and did not finish (a reload, a lost network): each resumes when its file is picked again. */
function showUnfinished(): void {
  const uploads = unfinishedUploads();
  const section = byId('unfinished');
  section.hidden = uploads.length === 0;
  byId('unfinished-list').replaceChildren(...uploads.map(unfinishedRow));
}

function unfinishedRow(upload: UnfinishedUpload): HTMLLIElement {
  const picker = h('input', { type: 'file', 'data-testid': 'resume-file' });
  picker.addEventListener('change', () => {
    const file = picker.files?.[0];
    if (file === undefined) return;
    void attempt(async () => {
      await runDirectUpload(DirectUpload.resume(client, upload, file));
      const place = placeFromHash();
      if (place !== undefined) await showFolder(place);
    });
  });
  const abort = async () => {
    await abortUpload(client, upload);
    showUnfinished();
  };
  return h(
    'li',
    { 'data-testid': 'unfinished-upload' },
    h(
      'span',
      {},
      `${upload.bucket}/${upload.key} (${formatSize(upload.size)}, ${upload.fileName} modified ${new Date(upload.lastModified).toLocaleString()})`,
    ),
    h('label', { class: 'upload' }, 'Resume: pick the file again ', picker),
    button('Abort', abort, 'abort-unfinished'),
  );
}

/** The bucket's incomplete multipart uploads below the current folder, from any client, each with an abort. */
async function showPendingUploads(place: Place, after?: string): Promise<void> {
  const { bucket } = await client.request(PendingUploadsQuery, { bucket: place.bucket, prefix: place.prefix, after });
  if (!bucket) throw new GatewayRequestError(`Bucket ${place.bucket} does not exist.`, 'NO_SUCH_BUCKET');
  const rows = byId('pending-rows');
  if (after === undefined) rows.replaceChildren();
  for (const { node } of bucket.multipartUploads.edges) {
    const abort = async () => {
      await abortUpload(client, { bucket: place.bucket, key: node.key, uploadId: node.uploadId });
      showUnfinished();
      await showPendingUploads(place);
    };
    rows.append(
      h(
        'tr',
        { 'data-testid': 'pending-upload' },
        h('td', {}, node.key),
        h('td', {}, node.initiated ? new Date(node.initiated).toLocaleString() : ''),
        h('td', { class: 'actions' }, button('Abort', abort, 'abort-pending')),
      ),
    );
  }
  const { hasNextPage, endCursor } = bucket.multipartUploads.pageInfo;
  const more = byId('pending-more', HTMLButtonElement);
  more.hidden = !hasNextPage;
  more.onclick = () => void attempt(() => showPendingUploads(place, endCursor ?? undefined));
  byId('pending-empty').hidden = rows.children.length > 0;
  byId('pending').hidden = false;
}

const hooks: BrowserHooks = {
  client,
  folder: placeFromHash,
  open(prefix) {
    const place = placeFromHash();
    if (place !== undefined) go({ bucket: place.bucket, prefix });
  },
  async refresh() {
    const place = placeFromHash();
    if (place !== undefined) await showFolder(place);
  },
  attempt,
  progress: progressRow,
  followJob,
};
const selection = new Selection(hooks);
const search = new Search(hooks, selection, preview);

function start(): void {
  const credential = byId('credential', HTMLInputElement);
  credential.value = localStorage.getItem(CREDENTIAL_KEY) ?? '';
  credential.addEventListener('change', () => {
    localStorage.setItem(CREDENTIAL_KEY, credential.value.trim());
    void attempt(loadBuckets);
  });
  byId('bucket', HTMLSelectElement).addEventListener('change', (event) => {
    const bucket = (event.target as HTMLSelectElement).value;
    if (bucket !== '') go({ bucket, prefix: '' });
  });
  for (const id of ['files', 'folder-files']) {
    const input = byId(id, HTMLInputElement);
    input.addEventListener('change', () => {
      if (input.files !== null) void attempt(() => uploadFiles(pickedTree(input.files as FileList))).then(() => (input.value = ''));
    });
  }
  installDropZone(byId('drop-zone'), (tree) => void attempt(async () => uploadFiles(await tree)));
  installKeyboard(hooks, selection);
  byId('new-folder', HTMLButtonElement).addEventListener('click', () => void attempt(() => askForNewFolder(hooks)));
  byId('folder-zip', HTMLButtonElement).addEventListener('click', () => void attempt(() => downloadArchive(hooks)));
  loadMoreOnScroll();
  installSorting();
  installSharing(hooks);
  byId('show-pending', HTMLButtonElement).addEventListener('click', () => {
    const place = placeFromHash();
    if (place !== undefined) void attempt(() => showPendingUploads(place));
  });
  showUnfinished();
  const show = () => {
    // A link to another store: that store's buckets first, then its folder.
    const [first = ''] = hashSegments();
    if (first !== '' && showLinkedStore(splitStoreOfBucket(first).store)) {
      void attempt(loadBuckets).then(show);
      return;
    }
    const place = placeFromHash();
    showMessage('');
    byId('preview').hidden = true;
    byId('pending').hidden = true;
    selection.clear();
    search.close();
    resetSorting();
    if (place === undefined) return;
    watchFolder(place);
    void attempt(() => showFolder(place));
  };
  window.addEventListener('hashchange', show);
  const [first = ''] = hashSegments();
  // A link opens the store it names, before any bucket is listed; one without a store, the default store.
  if (first !== '') showLinkedStore(splitStoreOfBucket(first).store);
  void attempt(() => mountStoreSelector(client, byId('bucket'), () => void attempt(loadBuckets)))
    .then(() => attempt(loadBuckets))
    .then(show);
}

start();
