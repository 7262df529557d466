import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../scripts/build-web.js';
import { startStack, type TestStack } from '../support/stack.js';
import { launchChromium, type Chromium } from './chromium.js';

/**
 * The object browser's history features in headless Chromium: an object's versions (preview, download, restore, delete one
 * for good) and a folder's "restore to a date". The embedded store keeps no versions: the page says so, and a second page
 * is answered versions by the test (page.route) to show what it does with them.
 */

let stack: TestStack;
let chromium: Chromium;
let origin: string;

beforeAll(async () => {
  await buildWeb();
  stack = await startStack();
  origin = new URL(stack.gateway.url).origin;
  await stack.s3.send(
    new PutObjectCommand({ Bucket: stack.bucket, Key: 'docs/readme.txt', Body: 'latest text', ContentType: 'text/plain' }),
  );
  chromium = await launchChromium();
}, 600_000);

afterAll(async () => {
  await chromium.close();
  await stack.close();
});

describe('object history in the object browser', () => {
  it('says the embedded store keeps no versions, and a folder restored to a date says why it cannot be', async () => {
    const page = await chromium.context.newPage();
    page.on('dialog', (dialog) => void dialog.accept('2026-01-01T00:00:00Z'));
    await page.goto(`${origin}/browser#${stack.bucket}/docs/`);
    await page.getByTestId('object').filter({ hasText: 'readme.txt' }).click();
    await expect.poll(() => page.getByTestId('versions-unsupported').innerText()).toBe('This store keeps no versions.');

    await page.goto(`${origin}/browser#${stack.bucket}/`);
    await page.locator('#rows tr').filter({ hasText: 'docs/' }).getByTestId('restore-folder').click();
    await expect.poll(() => page.getByTestId('message').innerText()).toMatch(/does not support object versions/);
    await page.close();
  });

  it('lists the versions of an object, previews an old one, restores it and deletes one for good', async () => {
    const page = await chromium.context.newPage();
    const sent: { operation: string; variables: unknown }[] = [];
    // A store with versions, as far as the page can tell: the test answers the version operations.
    await page.route(`${origin}/graphql`, async (route) => {
      const { query, variables } = route.request().postDataJSON() as { query: string; variables: { key?: string } };
      const operation = /(?:query|mutation) (\w+)/.exec(query)?.[1] ?? '';
      if (operation === 'ObjectVersions') {
        const version = (versionId: string, isLatest: boolean, size: number) => ({
          node: {
            key: variables.key,
            versionId,
            isLatest,
            isDeleteMarker: false,
            size,
            lastModified: '2026-11-30T10:00:00.000Z',
            object: { contentType: 'text/plain', gatewayUrl: `${origin}/objects/${stack.bucket}/docs/readme.txt?versionId=${versionId}` },
          },
        });
        await route.fulfill({
          json: { data: { bucket: { objectVersions: { edges: [version('v2', true, 11), version('v1', false, 8)] } } } },
        });
        return;
      }
      if (operation === 'RestoreVersion' || operation === 'DeleteVersion') {
        sent.push({ operation, variables });
        const field = operation === 'RestoreVersion' ? 'restoreObjectVersion' : 'deleteObject';
        await route.fulfill({ json: { data: { [field]: { success: true, error: null } } } });
        return;
      }
      await route.continue();
    });
    await page.route(`${origin}/objects/**`, async (route) => {
      const versionId = new URL(route.request().url()).searchParams.get('versionId');
      await route.fulfill({ contentType: 'text/plain', body: versionId === 'v1' ? 'old text' : 'latest text' });
    });
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${origin}/browser#${stack.bucket}/docs/`);
    await page.getByTestId('object').filter({ hasText: 'readme.txt' }).click();

    const versions = page.getByTestId('version');
    await expect.poll(() => versions.allInnerTexts()).toEqual([expect.stringMatching(/11 B \(latest\)/), expect.stringMatching(/8 B/)]);
    // The latest cannot be restored onto itself.
    expect(await versions.nth(0).getByTestId('version-restore').count()).toBe(0);
    await versions.nth(1).getByTestId('version-preview-button').click();
    await expect.poll(() => page.getByTestId('version-preview').innerText()).toBe('old text');

    await versions.nth(1).getByTestId('version-restore').click();
    await expect.poll(() => sent.length).toBe(1);
    await page.getByTestId('versions').getByTestId('version').nth(1).getByTestId('version-delete').click();
    await expect.poll(() => sent.length).toBe(2);
    expect(sent).toEqual([
      { operation: 'RestoreVersion', variables: { input: { bucket: stack.bucket, key: 'docs/readme.txt', versionId: 'v1' } } },
      { operation: 'DeleteVersion', variables: { input: { bucket: stack.bucket, key: 'docs/readme.txt', versionId: 'v1' } } },
    ]);
    await page.close();
  });
});
