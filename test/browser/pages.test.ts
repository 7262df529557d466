import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../scripts/build-web.js';
import { startStack, type TestStack } from '../support/stack.js';
import { launchChromium, type Chromium } from './chromium.js';

/** GraphiQL and the object browser in headless Chromium, against a gateway on the embedded store. */

const ARTIFACTS = join(import.meta.dirname, '../../test-artifacts');
let stack: TestStack;
let chromium: Chromium;
let origin: string;
/** Requests the pages made to anywhere but the gateway: none may leave it (private networks). */
const foreignRequests: string[] = [];

/** Each page's requests still waiting for their answer, but for event streams (live subscriptions), which never end. */
const answersAwaited = new WeakMap<Page, Set<Request>>();

async function openPage(path: string): Promise<Page> {
  const page = await chromium.context.newPage();
  const awaited = new Set<Request>();
  answersAwaited.set(page, awaited);
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) foreignRequests.push(url);
    if (request.headers().accept !== 'text/event-stream') awaited.add(request);
  });
  const answered = (request: Request) => awaited.delete(request);
  page.on('requestfinished', answered);
  page.on('requestfailed', answered);
  await page.goto(`${origin}${path}`);
  return page;
}

beforeAll(async () => {
  await Promise.all([buildWeb(), mkdir(ARTIFACTS, { recursive: true })]);
  stack = await startStack();
  origin = new URL(stack.gateway.url).origin;
  for (const [key, body, contentType] of [
    ['docs/readme.txt', 'Hello from the object browser', 'text/plain'],
    ['docs/guides/setup.txt', 'Set it up', 'text/plain'],
    [
      'photos/pixel.svg',
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="red"/></svg>',
      'image/svg+xml',
    ],
    ['top.txt', 'at the top', 'text/plain'],
  ])
    await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: key, Body: body, ContentType: contentType }));
  chromium = await launchChromium();
}, 600_000);

afterAll(async () => {
  await chromium.close();
  await stack.close();
});

describe('GraphiQL', () => {
  it('opens with the example operations and runs a query', async () => {
    const page = await openPage('/graphql');
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(() => page.locator('.result-window').innerText(), { timeout: 30_000 }).toMatch(/"buckets"/);
    await page.screenshot({ path: join(ARTIFACTS, 'graphiql.png') });
    expect(foreignRequests).toEqual([]);
    await page.close();
  });

  it('runs a query pasted over the example and run at once', async () => {
    const page = await openPage('/graphql');
    const editor = page.locator('.graphiql-query-editor .monaco-editor').first();
    await expect.poll(() => editor.innerText(), { timeout: 30_000 }).toMatch(/query\sBrowse/);
    await editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText('query Names { __typename buckets { name } }');
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect.poll(() => page.locator('.result-window').innerText(), { timeout: 30_000 }).toMatch(/"__typename":\s"Query"/);
    expect(await page.locator('.result-window').innerText()).toMatch(new RegExp(`"name":\\s"${stack.bucket}"`));
    await page.close();
  });
});

describe('the object browser', () => {
  it('lists, navigates with breadcrumbs, previews, uploads with progress, renames and deletes', async () => {
    const page = await openPage(`/browser#${stack.bucket}/`);
    page.on('dialog', (dialog) => void (dialog.type() === 'prompt' ? dialog.accept('docs/renamed.bin') : dialog.accept()));
    const rows = page.locator('#rows tr');
    await expect
      .poll(() => rows.allInnerTexts())
      .toEqual([expect.stringMatching(/^docs\//), expect.stringMatching(/^photos\//), expect.stringMatching(/^top\.txt/)]);

    await page.getByTestId('folder').filter({ hasText: 'docs/' }).click();
    await expect.poll(() => page.getByTestId('breadcrumbs').innerText()).toBe(`${stack.bucket} / docs`);
    await expect
      .poll(() => rows.allInnerTexts())
      .toEqual([expect.stringMatching(/^guides\//), expect.stringMatching(/^readme\.txt\s+29 B/)]);
    await page.getByTestId('object').filter({ hasText: 'readme.txt' }).click();
    await expect.poll(() => page.getByTestId('preview-text').innerText()).toBe('Hello from the object browser');

    // Progress events of the upload, as the page shows them.
    await page.evaluate(() => {
      const seen: string[] = [];
      Object.assign(window, { progressSeen: seen });
      new MutationObserver(() => document.querySelectorAll('#progress li span').forEach((span) => seen.push(span.textContent))).observe(
        document.getElementById('progress') as Node,
        { subtree: true, childList: true, characterData: true },
      );
    });
    const upload = Buffer.alloc(4 * 1024 * 1024, 7);
    await page.getByTestId('upload').setInputFiles({ name: 'upload.bin', mimeType: 'application/octet-stream', buffer: upload });
    await expect.poll(() => rows.allInnerTexts(), { timeout: 30_000 }).toContainEqual(expect.stringMatching(/^upload\.bin\s+4\.0 MiB/));
    const progress = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
    expect(progress).toContainEqual(expect.stringMatching(/Uploading upload\.bin: \d+%/));
    const stored = await stack.s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: 'docs/upload.bin' }));
    expect(Buffer.from((await stored.Body?.transformToByteArray()) ?? []).equals(upload)).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'object-browser.png') });

    await rows.filter({ hasText: 'upload.bin' }).getByTestId('rename').click();
    await expect.poll(() => rows.allInnerTexts()).toContainEqual(expect.stringMatching(/^renamed\.bin/));
    await rows.filter({ hasText: 'renamed.bin' }).getByTestId('delete').click();
    await expect.poll(() => rows.allInnerTexts()).toEqual([expect.stringMatching(/^guides\//), expect.stringMatching(/^readme\.txt/)]);
    await expect(stack.s3.send(new HeadObjectCommand({ Bucket: stack.bucket, Key: 'docs/renamed.bin' }))).rejects.toMatchObject({
      name: 'NotFound',
    });

    await page.getByTestId('breadcrumbs').getByText(stack.bucket).click();
    await expect.poll(() => rows.count()).toBe(3);
    expect(foreignRequests).toEqual([]);
    await page.close();
  });

  it('deletes a folder, following the job to its end', async () => {
    const page = await openPage(`/browser#${stack.bucket}/docs/`);
    page.on('dialog', (dialog) => void dialog.accept());
    const rows = page.locator('#rows tr');
    await rows.filter({ hasText: 'guides/' }).getByTestId('delete-folder').click();
    await expect.poll(() => rows.allInnerTexts(), { timeout: 30_000 }).toEqual([expect.stringMatching(/^readme\.txt/)]);
    await expect(stack.s3.send(new HeadObjectCommand({ Bucket: stack.bucket, Key: 'docs/guides/setup.txt' }))).rejects.toMatchObject({
      name: 'NotFound',
    });
    await page.close();
  });

  it('refreshes the folder shown when another user changes it', async () => {
    const page = await openPage(`/browser#${stack.bucket}/photos/`);
    const rows = page.locator('#rows tr');
    await expect.poll(() => rows.allInnerTexts()).toEqual([expect.stringMatching(/^pixel\.svg/)]);
    // Until the page's subscription is open, a change made elsewhere may pass unseen: the other user writes until it shows.
    await expect
      .poll(
        async () => {
          await stack.graphql(
            `mutation { putObject(input: { bucket: "${stack.bucket}", key: "photos/from-elsewhere.txt", text: "hi" }) { success } }`,
          );
          return rows.allInnerTexts();
        },
        { timeout: 30_000 },
      )
      .toEqual([expect.stringMatching(/^from-elsewhere\.txt/), expect.stringMatching(/^pixel\.svg/)]);
    await stack.graphql(`mutation { deleteObject(input: { bucket: "${stack.bucket}", key: "photos/from-elsewhere.txt" }) { success } }`);
    await expect.poll(() => rows.allInnerTexts(), { timeout: 30_000 }).toEqual([expect.stringMatching(/^pixel\.svg/)]);
    await page.close();
  });

  it('opens on the first bucket, listing each entry once and naming the bucket in the selector', async () => {
    const page = await openPage('/browser');
    const rows = page.locator('#rows tr');
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#${stack.bucket}/`);
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    // Every load of the page has answered once no request but the folder's live subscription is open: what is shown now stays.
    await expect.poll(() => answersAwaited.get(page)?.size).toBe(0);
    expect(await rows.allInnerTexts()).toEqual([
      expect.stringMatching(/^docs\//),
      expect.stringMatching(/^photos\//),
      expect.stringMatching(/^top\.txt/),
    ]);
    expect(await page.locator('#bucket').inputValue()).toBe(stack.bucket);
    await page.close();
  });

  it("shows the gateway's error messages", async () => {
    const page = await openPage('/browser#Not_A_Bucket/');
    await expect.poll(() => page.getByTestId('message').innerText()).toMatch(/"Not_A_Bucket".*\(INVALID_INPUT\)$/);
    await page.close();
  });
});
