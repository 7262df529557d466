import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutBucketCorsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../scripts/build-web.js';
import { startStack, type TestStack } from '../support/stack.js';
import { unzip } from '../support/unzip.js';
import { launchChromium, type Chromium } from './chromium.js';

/**
 * The object browser's search, multi-select (ZIP download, move, delete), new folder, drag and drop of folders and
 * keyboard, in headless Chromium against a gateway on the embedded store: once at a person's pace (typing with
 * pauses, one action at a time) and once at a machine's (no pauses).
 */

const ARTIFACTS = join(import.meta.dirname, '../../test-artifacts');
const MiB = 1024 * 1024;
let stack: TestStack;
let chromium: Chromium;
let origin: string;

const SPEEDS = [
  { speed: 'human', delay: 80 },
  { speed: 'machine', delay: 0 },
] as const;

/** What each speed's folder holds at the start. */
const SEED: Record<string, string> = {
  'album/2024/a.jpg': 'a'.repeat(1000),
  'album/2024/b.jpg': 'b'.repeat(3000),
  'album/2025/c.png': 'c'.repeat(500),
  'album/notes.txt': 'notes about the album',
  'docs/readme.md': 'read me',
  'trash/x.txt': 'x',
  'trash/y.txt': 'y',
  'trash/old/z.txt': 'z',
  'keys/one.txt': '1',
  'keys/three.txt': '3',
  'keys/two.txt': '2',
  'sizes/big.txt': 'b'.repeat(300),
  'sizes/middle.txt': 'm'.repeat(100),
  'sizes/small.txt': 's'.repeat(10),
  'sizes/sub/inner.txt': 'i',
};

async function storedText(key: string): Promise<string> {
  const { Body } = await stack.s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: key }));
  return (await Body?.transformToString()) ?? '';
}

async function keysBelow(prefix: string): Promise<string[]> {
  const { Contents = [] } = await stack.s3.send(new ListObjectsV2Command({ Bucket: stack.bucket, Prefix: prefix }));
  return Contents.map(({ Key }) => (Key ?? '').slice(prefix.length));
}

const exists = (key: string) =>
  stack.s3.send(new HeadObjectCommand({ Bucket: stack.bucket, Key: key })).then(
    () => true,
    () => false,
  );

beforeAll(async () => {
  await Promise.all([buildWeb(), mkdir(ARTIFACTS, { recursive: true })]);
  // Small bounds, so that a search here pages across scan bounds and a folder of four objects is counted by a job.
  stack = await startStack({ SEARCH_MAX_SCANNED_KEYS: '4', SUMMARY_INLINE_MAX_KEYS: '3' });
  origin = new URL(stack.gateway.url).origin;
  // Dropped files of 16 MiB and more go straight to the store, from the gateway's page.
  await stack.s3.send(
    new PutBucketCorsCommand({
      Bucket: stack.bucket,
      CORSConfiguration: {
        CORSRules: [{ AllowedOrigins: [origin], AllowedMethods: ['GET', 'PUT'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'] }],
      },
    }),
  );
  for (const { speed } of SPEEDS)
    for (const [key, body] of Object.entries(SEED))
      await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: `${speed}/${key}`, Body: body, ContentType: 'text/plain' }));
  chromium = await launchChromium();
}, 600_000);

afterEach(() => chromium.closePages());

afterAll(async () => {
  await chromium.close();
  await stack.close();
});

describe.each(SPEEDS)('the object browser at $speed speed', ({ speed, delay }) => {
  const home = `${speed}/`;
  /** A person's pause between two actions; none at machine speed. */
  const pause = (page: Page) => (delay === 0 ? Promise.resolve() : page.waitForTimeout(delay * 4));
  const rowNames = (page: Page, table = '#rows') => page.locator(`${table} tr a[data-open]`).allInnerTexts();

  async function open(prefix: string): Promise<Page> {
    const page = await chromium.openBrowser(origin, `${stack.bucket}/${home}${prefix}`);
    await expect.poll(() => page.locator('#rows tr').count()).toBeGreaterThan(0);
    return page;
  }

  async function check(page: Page, name: string): Promise<void> {
    await page
      .locator('#rows tr', { has: page.locator(`a[data-open]:text-is("${name}")`) })
      .getByTestId('select')
      .check();
    await pause(page);
  }

  it('searches below the folder by name, then with filters, and explains a refused filter', async () => {
    const page = await open('');
    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('search');
    await page.keyboard.type('JPG', { delay });
    await expect.poll(() => rowNames(page, '#result-rows')).toEqual(['album/2024/a.jpg', 'album/2024/b.jpg']);
    expect(await page.locator('#listing').isHidden()).toBe(true);
    if (speed === 'human') await page.screenshot({ path: join(ARTIFACTS, 'object-browser-search.png') });

    await page.getByTestId('search').fill('');
    await page.locator('summary', { hasText: 'Filters' }).click();
    await pause(page);
    await page.getByTestId('search-glob').pressSequentially('**/*.{jpg,png}', { delay });
    await pause(page);
    await page.getByTestId('search-min-size').pressSequentially('900 B', { delay });
    await expect.poll(() => rowNames(page, '#result-rows')).toEqual(['album/2024/a.jpg', 'album/2024/b.jpg']);
    await page.getByTestId('search-min-size').fill('2 KiB');
    await expect.poll(() => rowNames(page, '#result-rows')).toEqual(['album/2024/b.jpg']);

    await page.getByTestId('search-max-size').pressSequentially('1 KiB', { delay });
    await expect
      .poll(() => page.getByTestId('message').innerText())
      .toMatch(/^The gateway refused what was asked: a name, filter or value is not valid\.\n.*minSize and maxSize.*\(INVALID_INPUT\)$/);
    await page.getByTestId('search-max-size').fill('10 lightyears');
    await expect.poll(() => page.getByTestId('message').innerText()).toMatch(/Largest size: "10 lightyears" is not a size/);

    await page.getByTestId('search').focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('#results').isHidden()).toBe(true);
    expect(await rowNames(page)).toEqual(['album/', 'docs/', 'keys/', 'sizes/', 'trash/']);
  });

  it("shows a folder's size on demand, counted by a job for a large folder", async () => {
    const page = await open('');
    const folderRow = (name: string) => page.locator('#rows tr', { has: page.locator(`a[data-open]:text-is("${name}")`) });
    await folderRow('album/').getByTestId('folder-size-button').click();
    await expect.poll(() => folderRow('album/').getByTestId('folder-size').innerText(), { timeout: 30_000 }).toBe('4.4 KiB, 4 objects');
    await pause(page);
    await folderRow('keys/').getByTestId('folder-size-button').click();
    await expect.poll(() => folderRow('keys/').getByTestId('folder-size').innerText()).toBe('3 B, 3 objects');
    await pause(page);
    // A folder counted by a job keeps its figure; "count again" asks for a fresh one.
    await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: `${home}album/later.txt`, Body: 'later' }));
    await folderRow('album/').getByTestId('recount').click();
    await expect.poll(() => folderRow('album/').getByTestId('folder-size').innerText(), { timeout: 30_000 }).toBe('4.4 KiB, 5 objects');
  });

  it('downloads a selection of objects and folders, and a whole folder, as ZIPs holding them', async () => {
    const page = await open('album/');
    await check(page, 'notes.txt');
    await check(page, '2024/');
    await expect.poll(() => page.getByTestId('selection-count').innerText()).toBe('2 selected');
    if (speed === 'human') await page.screenshot({ path: join(ARTIFACTS, 'object-browser-selection.png') });
    const downloadOf = async (button: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(button).click()]);
      const contents = new Map<string, string>();
      for (const [name, entry] of await unzip(await readFile(await download.path())))
        if (!entry.isDirectory) contents.set(name, entry.data.toString());
      return { name: download.suggestedFilename(), contents };
    };
    const selected = await downloadOf('selection-zip');
    expect(selected.name).toBe('album.zip');
    expect(Object.fromEntries(selected.contents)).toEqual({
      'notes.txt': SEED['album/notes.txt'],
      '2024/a.jpg': SEED['album/2024/a.jpg'],
      '2024/b.jpg': SEED['album/2024/b.jpg'],
    });
    await pause(page);
    const whole = await downloadOf('folder-zip');
    expect([...whole.contents.keys()].sort()).toEqual(await keysBelow(`${home}album/`));
    expect(whole.contents.get('2025/c.png')).toBe(SEED['album/2025/c.png']);
  });

  it('sorts the folder by size on a click of the heading, folders first, and reverses on a second click', async () => {
    const page = await open('sizes/');
    await page.locator('th button', { hasText: 'Size' }).click();
    await expect.poll(() => rowNames(page)).toEqual(['sub/', 'small.txt', 'middle.txt', 'big.txt']);
    await pause(page);
    await page.locator('th button', { hasText: 'Size' }).click();
    await expect.poll(() => rowNames(page)).toEqual(['sub/', 'big.txt', 'middle.txt', 'small.txt']);
  });

  it('moves a selection of objects and folders, then deletes a selection', async () => {
    const page = await open('trash/');
    page.on('dialog', (dialog) => void (dialog.type() === 'prompt' ? dialog.accept(`${home}moved`) : dialog.accept()));
    await check(page, 'x.txt');
    await check(page, 'old/');
    await expect.poll(() => page.getByTestId('selection-count').innerText()).toBe('2 selected');
    await page.getByTestId('selection-move').click();
    await expect.poll(() => rowNames(page), { timeout: 30_000 }).toEqual(['y.txt']);
    expect(await keysBelow(`${home}moved/`)).toEqual(['old/z.txt', 'x.txt']);
    expect(await storedText(`${home}moved/old/z.txt`)).toBe('z');
    await expect.poll(() => page.getByTestId('selection').isHidden()).toBe(true);

    await page.getByTestId('select-all').check();
    await pause(page);
    await page.getByTestId('selection-delete').click();
    await expect.poll(() => page.getByTestId('listing-state').innerText(), { timeout: 30_000 }).toMatch(/^This folder is empty\./);
    expect(await keysBelow(`${home}trash/`)).toEqual([]);
  });

  it('shares an object through a link that works without the gateway, for the time chosen', async () => {
    const page = await open('docs/');
    await page.locator('#rows tr', { hasText: 'readme.md' }).getByTestId('share').click();
    const link = page.getByTestId('share-link');
    await expect.poll(() => link.inputValue()).toMatch(/X-Amz-Expires=86400/);
    expect(await (await fetch(await link.inputValue())).text()).toBe(SEED['docs/readme.md']);
    await pause(page);
    await page.getByTestId('share-expires').selectOption('1 hour');
    await expect.poll(() => link.inputValue()).toMatch(/X-Amz-Expires=3600/);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('share-dialog').isVisible()).toBe(false);
  });

  it('creates a new folder', async () => {
    const page = await open('docs/');
    page.on('dialog', (dialog) => void dialog.accept('drafts'));
    await page.getByTestId('new-folder').click();
    await expect.poll(() => rowNames(page)).toEqual(['drafts/', 'readme.md']);
    const { ContentLength } = await stack.s3.send(new HeadObjectCommand({ Bucket: stack.bucket, Key: `${home}docs/drafts/` }));
    expect(ContentLength).toBe(0);
  });

  it('uploads dropped files and folders, keeping the folder structure', async () => {
    const page = await open('docs/');
    let partsSentToTheStore = 0;
    const store = new URL(stack.gateway.storeEndpoint ?? '').origin;
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (request.method() === 'PUT' && url.origin === store && url.searchParams.has('partNumber')) partsSentToTheStore += 1;
    });
    // A drop of a folder, as Chromium hands it over: entries walked with readEntries, in batches, here of two.
    await page.evaluate((bigSize) => {
      interface Tree {
        [name: string]: Tree | string | number;
      }
      const entry = (name: string, content: Tree | string | number): unknown => {
        if (typeof content !== 'object')
          return {
            name,
            isFile: true,
            isDirectory: false,
            file: (resolve: (file: File) => void) =>
              resolve(new File([typeof content === 'number' ? new Uint8Array(content).fill(7) : content], name)),
          };
        const children = Object.entries(content).map(([child, value]) => entry(child, value));
        return {
          name,
          isFile: false,
          isDirectory: true,
          createReader: () => {
            let read = 0;
            return { readEntries: (resolve: (batch: unknown[]) => void) => resolve(children.slice(read, (read += 2))) };
          },
        };
      };
      const tree: Tree = {
        'a.txt': 'alpha',
        'b.txt': 'beta',
        sub: { 'c.txt': 'gamma', deeper: { 'd.txt': 'delta' } },
        empty: {},
        'big.bin': bigSize,
      };
      const dataTransfer = {
        types: ['Files'],
        items: [{ kind: 'file', webkitGetAsEntry: () => entry('dropped', tree), getAsFile: () => null }],
      };
      const over = new DragEvent('dragover', { bubbles: true, cancelable: true });
      Object.defineProperty(over, 'dataTransfer', { value: dataTransfer });
      document.getElementById('rows')?.dispatchEvent(over);
      const drop = new DragEvent('drop', { bubbles: true, cancelable: true });
      Object.defineProperty(drop, 'dataTransfer', { value: dataTransfer });
      document.getElementById('rows')?.dispatchEvent(drop);
    }, 17 * MiB);
    await expect
      .poll(() => keysBelow(`${home}docs/dropped/`), { timeout: 120_000 })
      .toEqual(['a.txt', 'b.txt', 'big.bin', 'empty/', 'sub/c.txt', 'sub/deeper/d.txt']);
    await expect.poll(() => rowNames(page)).toContain('dropped/');
    expect(await storedText(`${home}docs/dropped/sub/deeper/d.txt`)).toBe('delta');
    const big = await stack.s3.send(new HeadObjectCommand({ Bucket: stack.bucket, Key: `${home}docs/dropped/big.bin` }));
    expect(big.ContentLength).toBe(17 * MiB);
    expect(partsSentToTheStore).toBeGreaterThan(1);

    // Loose files dropped from a DataTransfer the page builds itself, as a drag from another page does.
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File(['one'], 'loose-1.txt', { type: 'text/plain' }));
      data.items.add(new File(['two'], 'loose-2.txt', { type: 'text/plain' }));
      document.getElementById('rows')?.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: data }));
    });
    await expect.poll(() => rowNames(page), { timeout: 30_000 }).toEqual(expect.arrayContaining(['loose-1.txt', 'loose-2.txt']));
    expect(await storedText(`${home}docs/loose-2.txt`)).toBe('two');

    // A file dropped beside the listing (on the header) neither uploads nor makes the browser leave the page to open it.
    const leftThePage = await page.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File(['stray'], 'stray.txt', { type: 'text/plain' }));
      const drop = new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: data });
      document.querySelector('header')?.dispatchEvent(drop);
      return !drop.defaultPrevented;
    });
    expect(leftThePage).toBe(false);
    expect(await exists(`${home}docs/stray.txt`)).toBe(false);
  }, 300_000);

  it('is driven by the keyboard: arrows, Enter, Space, Delete, Backspace and Alt+Up', async () => {
    const page = await open('');
    page.on('dialog', (dialog) => void dialog.accept());
    const press = async (key: string) => {
      await page.keyboard.press(key);
      await pause(page);
    };
    const focused = () => page.evaluate(() => document.activeElement?.querySelector('a[data-open]')?.textContent);
    await press('ArrowDown');
    await expect.poll(focused).toBe('album/');
    await press('ArrowDown');
    await press('ArrowDown');
    await expect.poll(focused).toBe('keys/');
    await press('ArrowUp');
    await press('ArrowDown');
    await press('Enter');
    await expect.poll(() => page.getByTestId('breadcrumbs').innerText()).toBe(`${stack.bucket} / ${speed} / keys`);
    await expect.poll(() => rowNames(page)).toEqual(['one.txt', 'three.txt', 'two.txt']);

    await press('ArrowDown');
    await press('Space');
    await press('ArrowDown');
    await press('ArrowDown');
    await press('Space');
    await expect.poll(() => page.getByTestId('selection-count').innerText()).toBe('2 selected');
    await press('Delete');
    await expect.poll(() => rowNames(page), { timeout: 30_000 }).toEqual(['three.txt']);
    expect(await exists(`${home}keys/one.txt`)).toBe(false);
    expect(await exists(`${home}keys/two.txt`)).toBe(false);

    // Delete with nothing selected deletes the row in focus, after asking.
    await press('ArrowDown');
    await press('Delete');
    await expect.poll(() => page.getByTestId('listing-state').innerText(), { timeout: 30_000 }).toMatch(/^This folder is empty/);
    await press('Backspace');
    await expect.poll(() => page.getByTestId('breadcrumbs').innerText()).toBe(`${stack.bucket} / ${speed}`);
    await expect.poll(() => rowNames(page)).toContain('album/');
    await press('ArrowDown');
    await press('Enter');
    await expect.poll(() => page.getByTestId('breadcrumbs').innerText()).toBe(`${stack.bucket} / ${speed} / album`);
    await press('Alt+ArrowUp');
    await expect.poll(() => page.getByTestId('breadcrumbs').innerText()).toBe(`${stack.bucket} / ${speed}`);
  });
});

describe('the states of the object browser', () => {
  it('says what an error code means, not only the raw message', async () => {
    const page = await chromium.openBrowser(origin, 'no-such-bucket-here/');
    await expect
      .poll(() => page.getByTestId('message').innerText())
      .toMatch(/^This bucket does not exist \(any more\)\.\n.*\(NO_SUCH_BUCKET\)$/);
    await expect.poll(() => page.getByTestId('listing-state').innerText()).toBe('This folder could not be shown (see the message above).');
  });
});
