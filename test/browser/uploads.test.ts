import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListMultipartUploadsCommand, PutBucketCorsCommand } from '@aws-sdk/client-s3';
import { build } from 'esbuild';
import type { Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../scripts/build-web.js';
import { startStack, type TestStack } from '../support/stack.js';
import { launchChromium, type Chromium } from './chromium.js';

/**
 * Uploads straight to the store from headless Chromium: Uppy's S3 multipart plugin wired to the gateway's multipart
 * operations, and the object browser's own resumable uploads, against a gateway on the embedded store.
 */

const MiB = 1024 * 1024;
const ARTIFACTS = join(import.meta.dirname, '../../test-artifacts');
let stack: TestStack;
let chromium: Chromium;
let origin: string;
let storeOrigin: string;
/** The Uppy test page's own server: a web application on another origin, calling the gateway over CORS. */
let appServer: Server;
let appOrigin: string;

async function storedBytes(key: string): Promise<Buffer> {
  const { Body } = await stack.s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: key }));
  return Buffer.from((await Body?.transformToByteArray()) ?? []);
}

async function pendingUploadIds(): Promise<string[]> {
  const { Uploads = [] } = await stack.s3.send(new ListMultipartUploadsCommand({ Bucket: stack.bucket }));
  return Uploads.map(({ UploadId }) => UploadId ?? '');
}

/** Part PUTs to the store as the page sends them; a part is known by its partNumber query parameter. */
const isPartUpload = (url: URL) => url.origin === storeOrigin && url.searchParams.has('partNumber');
const partNumberOf = (route: Route) => Number(new URL(route.request().url()).searchParams.get('partNumber'));

beforeAll(async () => {
  const [, , bundle] = await Promise.all([
    buildWeb(),
    mkdir(ARTIFACTS, { recursive: true }),
    build({
      entryPoints: [join(import.meta.dirname, 'uppy-page/page.ts')],
      bundle: true,
      format: 'esm',
      target: 'es2022',
      write: false,
      logLevel: 'warning',
    }),
  ]);
  const page = `<!doctype html><script type="module">${bundle.outputFiles[0]?.text ?? ''}</script>`;
  appServer = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(page));
  await new Promise<void>((resolve) => appServer.listen(0, '127.0.0.1', resolve));
  appOrigin = `http://127.0.0.1:${(appServer.address() as AddressInfo).port}`;
  stack = await startStack({ CORS_ORIGINS: appOrigin });
  origin = new URL(stack.gateway.url).origin;
  storeOrigin = new URL(stack.gateway.storeEndpoint ?? '').origin;
  // Browsers send parts to the store from the gateway's page and the app's: the bucket lets them PUT and read the ETag header.
  await stack.s3.send(
    new PutBucketCorsCommand({
      Bucket: stack.bucket,
      CORSConfiguration: {
        CORSRules: [
          { AllowedOrigins: [origin, appOrigin], AllowedMethods: ['GET', 'PUT'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'] },
        ],
      },
    }),
  );
  chromium = await launchChromium();
}, 600_000);

afterAll(async () => {
  await chromium.close();
  await stack.close();
  appServer.close();
});

describe("Uppy's S3 multipart plugin on the gateway's operations", () => {
  it('uploads a 50 MiB file in parts straight to the store', async () => {
    const page = await chromium.context.newPage();
    await page.goto(`${appOrigin}/?gateway=${encodeURIComponent(stack.gateway.url)}&bucket=${stack.bucket}`);
    await page.waitForFunction(() => 'uploadWithUppy' in window);
    const size = 50 * MiB;
    const result = await page.evaluate(
      ([name, bytes]) =>
        (
          window as unknown as {
            uploadWithUppy(name: string, size: number): Promise<{ successful: number; failed: string[]; parts: number }>;
          }
        ).uploadWithUppy(name, bytes),
      ['uppy.bin', size] as const,
    );
    // Uppy's own part size: 5 MiB, S3's smallest.
    expect(result).toEqual({ successful: 1, failed: [], parts: 10 });

    const expected = Buffer.alloc(size);
    for (let index = 0; index < size; index += 1) expected[index] = (index * 31 + (index >> 20)) & 255;
    const stored = await storedBytes('uppy.bin');
    expect(createHash('sha256').update(stored).digest('hex')).toBe(createHash('sha256').update(expected).digest('hex'));
    expect(await pendingUploadIds()).toEqual([]);
    await page.close();
  }, 300_000);
});

describe("the object browser's direct uploads", () => {
  let file: string;
  let content: Buffer;

  beforeAll(async () => {
    const directory = await mkdtemp(join(tmpdir(), 's3gw-upload-'));
    file = join(directory, 'large.bin');
    content = randomBytes(40 * MiB);
    await writeFile(file, content);
  });

  it('resumes after a reload, sending only the parts the store lacks', async () => {
    const page = await chromium.context.newPage();
    await page.goto(`${origin}/browser#${stack.bucket}/`);
    await expect.poll(() => page.locator('#bucket').inputValue()).toBe(stack.bucket);

    // Two parts reach the store; the others hang, as on a network that went away, until the page is reloaded.
    const stored: number[] = [];
    let allowed = 2;
    await page.route(isPartUpload, async (route) => {
      if (route.request().method() !== 'PUT') return route.continue();
      if (allowed <= 0) return;
      allowed -= 1;
      await route.fulfill({ response: await route.fetch() });
      stored.push(partNumberOf(route));
    });
    await page.getByTestId('upload').setInputFiles(file);
    await expect.poll(() => stored.length, { timeout: 60_000 }).toBe(2);
    await expect.poll(() => page.getByTestId('progress').innerText()).toMatch(/large\.bin to the store: \d+%/);
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await page.reload();

    const unfinished = page.getByTestId('unfinished-upload');
    await expect.poll(() => unfinished.innerText()).toMatch(new RegExp(`${stack.bucket}/large\\.bin \\(40\\.0 MiB`));
    await page.getByTestId('show-pending').click();
    await expect.poll(() => page.getByTestId('pending-upload').innerText()).toMatch(/^large\.bin/);
    await page.screenshot({ path: join(ARTIFACTS, 'object-browser-uploads.png') });

    expect(await pendingUploadIds()).toHaveLength(1);

    const resent: number[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (request.method() === 'PUT' && isPartUpload(url)) resent.push(Number(url.searchParams.get('partNumber')));
    });
    await unfinished.getByTestId('resume-file').setInputFiles(file);
    await expect
      .poll(() => page.locator('#rows tr').allInnerTexts(), { timeout: 60_000 })
      .toContainEqual(expect.stringMatching(/^large\.bin\s+40\.0 MiB/));
    expect(resent.filter((partNumber) => stored.includes(partNumber))).toEqual([]);
    expect(resent.length).toBeGreaterThan(0);
    expect((await storedBytes('large.bin')).equals(content)).toBe(true);
    expect(await pendingUploadIds()).toEqual([]);
    await expect.poll(() => page.getByTestId('unfinished').isHidden()).toBe(true);
    await page.close();
  }, 300_000);

  it('cancels an upload, aborting it in the store', async () => {
    const page = await chromium.context.newPage();
    await page.goto(`${origin}/browser#${stack.bucket}/`);
    await expect.poll(() => page.locator('#bucket').inputValue()).toBe(stack.bucket);
    // No part gets through: the upload stays in flight until it is cancelled.
    await page.route(isPartUpload, (route) => (route.request().method() === 'PUT' ? undefined : route.continue()));
    await page.getByTestId('upload').setInputFiles(file);
    await expect.poll(() => pendingUploadIds()).toHaveLength(1);
    await page.getByTestId('cancel-upload').click();
    await expect.poll(() => pendingUploadIds()).toEqual([]);
    await expect.poll(() => page.getByTestId('progress').innerText()).toMatch(/cancelled/);
    expect(await page.evaluate(() => localStorage.getItem('s3gw.unfinishedUploads'))).toBe('[]');
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await page.close();
  }, 300_000);
});
