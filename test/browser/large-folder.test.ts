import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../scripts/build-web.js';
import { startStack, type TestStack } from '../support/stack.js';
import { launchChromium, type Chromium } from './chromium.js';

/**
 * The object browser on a folder of 10,000 objects, in headless Chromium: the first page shows, scrolling loads the next,
 * and the search box takes keys and answers while the folder loads. Long tasks are recorded for the log, not asserted.
 */

const OBJECTS = 10_000;
const PAGE = 200;
/** Puts in flight at once while the folder is filled. */
const PARALLEL_PUTS = 32;
let stack: TestStack;
let chromium: Chromium;
let origin: string;

const keyOf = (index: number) => `big/file-${String(index).padStart(5, '0')}.txt`;
/** Runs in the page: "Load more" is busy (the next page is on its way) or more than the first page is shown. */
const nextPageRequested = (firstPage: number) =>
  (document.getElementById('more') as HTMLButtonElement).disabled || document.querySelectorAll('#rows tr').length > firstPage;

beforeAll(async () => {
  await buildWeb();
  stack = await startStack();
  origin = new URL(stack.gateway.url).origin;
  const started = performance.now();
  let next = 0;
  const put = async () => {
    for (let index = next++; index < OBJECTS; index = next++)
      await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: keyOf(index), Body: `object ${index}` }));
  };
  await Promise.all(Array.from({ length: PARALLEL_PUTS }, put));
  console.log(`${OBJECTS} objects put in ${Math.round((performance.now() - started) / 1000)} s`);
  chromium = await launchChromium();
}, 600_000);

afterEach(() => chromium.closePages());

afterAll(async () => {
  await chromium.close();
  // Deleting 10,000 keys through the embedded store takes minutes (each listing reads every key): its files go at once.
  if (stack.dataDirectory !== undefined) await rm(join(stack.dataDirectory, stack.bucket), { recursive: true, force: true });
  await stack.close();
});

describe.each([
  { speed: 'human', delay: 80 },
  { speed: 'machine', delay: 0 },
])('a folder of 10,000 objects at $speed speed', ({ delay }) => {
  it('shows its first page, loads more on scrolling, and answers the search box while it loads', async () => {
    const page = await chromium.context.newPage();
    await page.addInitScript(() => {
      const durations: number[] = [];
      Object.assign(window, { longTasks: durations });
      new PerformanceObserver((list) => durations.push(...list.getEntries().map(({ duration }) => duration))).observe({
        type: 'longtask',
        buffered: true,
      });
    });
    await page.goto(`${origin}/browser#${stack.bucket}/big/`);
    const rows = page.locator('#rows tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(PAGE);
    expect(await page.getByTestId('listing-state').innerText()).toBe(`${PAGE} entries shown; scroll down for more.`);

    // Scrolling to the end loads the next page; the search box takes the keys typed meanwhile.
    await page.mouse.move(600, 400);
    await page.mouse.wheel(0, 100_000);
    // The wheel scrolls in a later frame; '/' before that frame would move the focus, and the page, back to the search box.
    await expect.poll(() => page.evaluate(nextPageRequested, PAGE), { timeout: 30_000 }).toBe(true);
    await page.keyboard.press('/');
    await page.keyboard.type('FILE-0999', { delay });
    expect(await page.getByTestId('search').inputValue()).toBe('FILE-0999');
    await expect
      .poll(() => page.locator('#result-rows a[data-open]').allInnerTexts(), { timeout: 60_000 })
      .toEqual(Array.from({ length: 10 }, (_, index) => keyOf(9990 + index).slice('big/'.length)));
    await page.keyboard.press('Escape');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(2 * PAGE);

    // Each turn of the wheel brings the next page, appended in order, none twice.
    for (let pages = 3; pages <= 6; pages += 1) {
      await page.mouse.wheel(0, 100_000);
      await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(pages * PAGE);
    }
    const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
    // Taken before the test reads every row's text, which is a long task of the test's own.
    console.log(
      `long tasks while ${await rows.count()} rows loaded: ${longTasks.length}, longest ${Math.round(Math.max(0, ...longTasks))} ms (recorded, not asserted)`,
    );
    const shown = await page.locator('#rows a[data-open]').allInnerTexts();
    expect(shown).toEqual(Array.from({ length: shown.length }, (_, index) => keyOf(index).slice('big/'.length)));

    // The keyboard still walks the rows: the first row, then the next.
    await page.locator('#rows tr').first().focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.querySelector('a[data-open]')?.textContent)).toBe('file-00001.txt');

    // Select-all takes every row loaded, in one pass.
    await page.getByTestId('select-all').check();
    await expect.poll(() => page.getByTestId('selection-count').innerText()).toBe(`${shown.length} selected`);
  }, 300_000);
});
