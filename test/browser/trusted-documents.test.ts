import { fileURLToPath } from 'node:url';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../scripts/build-web.js';
import { startStack, type TestStack } from '../support/stack.js';
import { launchChromium, type Chromium } from './chromium.js';

/** The object browser against a gateway that runs only trusted documents: the manifest it ships (npm run codegen) is enough. */

const MANIFEST = fileURLToPath(new URL('../../web/src/gql/persisted-documents.json', import.meta.url));
let stack: TestStack;
let chromium: Chromium;
let origin: string;

beforeAll(async () => {
  await buildWeb();
  stack = await startStack({ TRUSTED_DOCUMENTS_FILE: MANIFEST });
  origin = new URL(stack.gateway.url).origin;
  await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: 'docs/readme.txt', Body: 'Trusted', ContentType: 'text/plain' }));
  chromium = await launchChromium();
}, 600_000);

afterAll(async () => {
  await chromium.close();
  await stack.close();
});

describe('with TRUSTED_DOCUMENTS_FILE', () => {
  it('the object browser lists, previews, uploads and deletes', async () => {
    const page = await chromium.context.newPage();
    const refused: string[] = [];
    page.on('response', (response) => {
      if (response.status() === 400) refused.push(response.url());
    });
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${origin}/browser#${stack.bucket}/docs/`);
    const rows = page.locator('#rows tr');
    await expect.poll(() => rows.allInnerTexts(), { timeout: 30_000 }).toEqual([expect.stringMatching(/^readme\.txt/)]);
    await page.getByTestId('object').filter({ hasText: 'readme.txt' }).click();
    await expect.poll(() => page.getByTestId('preview-text').innerText()).toBe('Trusted');

    await page.getByTestId('upload').setInputFiles({ name: 'upload.txt', mimeType: 'text/plain', buffer: Buffer.from('uploaded') });
    await expect.poll(() => rows.allInnerTexts(), { timeout: 30_000 }).toContainEqual(expect.stringMatching(/^upload\.txt/));
    const stored = await stack.s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: 'docs/upload.txt' }));
    expect(await stored.Body?.transformToString()).toBe('uploaded');

    await rows.filter({ hasText: 'upload.txt' }).getByTestId('delete').click();
    await expect.poll(() => rows.allInnerTexts()).toEqual([expect.stringMatching(/^readme\.txt/)]);

    expect(refused).toEqual([]);
    await page.close();
  });

  it('GraphiQL says it is disabled in this mode', async () => {
    const page = await chromium.context.newPage();
    await page.goto(`${origin}/graphql`);
    await expect.poll(() => page.locator('h1').innerText()).toBe('GraphiQL is disabled');
    expect(await page.locator('body').innerText()).toMatch(/runs only trusted documents/);
    await page.close();
  });
});
