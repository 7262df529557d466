import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../scripts/build-web.js';
import { loadConfig } from '../../src/config.js';
import { EMBEDDED_CREDENTIALS, startEmbeddedStore, type EmbeddedStore } from '../../src/embedded-store/start.js';
import { startGateway, type RunningGateway } from '../../src/gateway.js';

/** The object browser on a gateway with two stores (two embedded stores): a store selector above the buckets, copies between them. */

let directory: string;
let browser: BrowserContext;
let gateway: RunningGateway;
const stores: EmbeddedStore[] = [];
const clients: S3Client[] = [];

beforeAll(async () => {
  const executablePath = execFileSync('bash', [join(import.meta.dirname, '../../scripts/ensure-chromium.sh')], { encoding: 'utf8' }).trim();
  directory = await mkdtemp(join(tmpdir(), 's3gw-browser-stores-'));
  await buildWeb();
  for (const [name, bucket] of [
    ['local', 'local-files'],
    ['second', 'second-files'],
  ] as const) {
    const store = await startEmbeddedStore({ directory: join(directory, name), buckets: [bucket], port: 0 });
    stores.push(store);
    const client = new S3Client({ region: 'us-east-1', endpoint: store.endpoint, forcePathStyle: true, credentials: EMBEDDED_CREDENTIALS });
    clients.push(client);
    await client.send(new CreateBucketCommand({ Bucket: bucket })).catch(() => undefined);
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: `${name}.txt`, Body: `kept in ${name}`, ContentType: 'text/plain' }));
  }
  const entry = (name: string, store: EmbeddedStore | undefined, isDefault: boolean) =>
    `  - name: ${name}\n    endpoint: ${store?.endpoint ?? ''}\n    default: ${isDefault}\n    credentials: { accessKeyId: ${EMBEDDED_CREDENTIALS.accessKeyId}, secretAccessKey: ${EMBEDDED_CREDENTIALS.secretAccessKey} }\n`;
  const storesFile = join(directory, 'stores.yaml');
  await writeFile(storesFile, `stores:\n${entry('local', stores[0], true)}${entry('second', stores[1], false)}`);
  gateway = await startGateway(loadConfig({ PORT: '0', LOG_LEVEL: 'error', STORES_FILE: storesFile, HOME: directory }));
  browser = await chromium.launchPersistentContext(join(directory, 'profile'), {
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}, 600_000);

afterAll(async () => {
  await browser.close();
  await gateway.close();
  for (const client of clients) client.destroy();
  await Promise.all(stores.map((store) => store.close()));
  await rm(directory, { recursive: true, force: true });
});

describe('the object browser with several stores', () => {
  it('shows the stores above the buckets, lists the chosen store, and copies an object to the other store', async () => {
    const page = await browser.newPage();
    await page.goto(`${new URL(gateway.url).origin}/browser`);
    const rows = page.locator('#rows tr');
    await expect.poll(() => page.locator('#store option').allInnerTexts()).toEqual(['local', 'second']);
    await expect.poll(() => rows.allInnerTexts()).toEqual([expect.stringMatching(/^local\.txt/)]);

    await page.locator('#store').selectOption('second');
    await expect.poll(() => page.locator('#bucket').inputValue()).toBe('second-files');
    await expect.poll(() => rows.allInnerTexts()).toEqual([expect.stringMatching(/^second\.txt/)]);

    // Copy to: the key, then the store, then the bucket there.
    const answers = ['from-second.txt', 'local', 'local-files'];
    page.on('dialog', (dialog) => void dialog.accept(answers.shift()));
    await rows.filter({ hasText: 'second.txt' }).getByTestId('copy').click();
    await expect.poll(() => answers.length).toBe(0);
    const [local] = clients;
    await expect
      .poll(() =>
        local?.send(new HeadObjectCommand({ Bucket: 'local-files', Key: 'from-second.txt' })).then(
          () => true,
          () => false,
        ),
      )
      .toBe(true);
    const copied = await local?.send(new GetObjectCommand({ Bucket: 'local-files', Key: 'from-second.txt' }));
    expect(await copied?.Body?.transformToString()).toBe('kept in second');
    await page.close();
  });

  it('names the store in links: a link copied from another store opens that store, bucket and folder; an old link, the default store', async () => {
    const origin = new URL(gateway.url).origin;
    await clients[1]?.send(new PutObjectCommand({ Bucket: 'second-files', Key: 'docs/second-doc.txt', Body: 'a document of second' }));
    const page = await browser.newPage();
    await page.goto(`${origin}/browser`);
    const rows = page.locator('#rows tr');
    await expect.poll(() => page.locator('#store option').allInnerTexts()).toEqual(['local', 'second']);
    await page.locator('#store').selectOption('second');
    await expect.poll(() => rows.allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/^docs\//)]));
    await rows.filter({ hasText: 'docs/' }).getByTestId('folder').click();
    await expect.poll(() => rows.allInnerTexts()).toEqual([expect.stringMatching(/^second-doc\.txt/)]);
    const link = page.url();
    await page.close();

    // A new tab has none of the first one's session: only the link says where to go.
    const opened = await browser.newPage();
    await opened.goto(link);
    await expect.poll(() => opened.locator('#rows tr').allInnerTexts()).toEqual([expect.stringMatching(/^second-doc\.txt/)]);
    expect(await opened.locator('#store').inputValue()).toBe('second');
    expect(await opened.locator('#bucket').inputValue()).toBe('second-files');
    expect(await opened.locator('#breadcrumbs').innerText()).toMatch(/second-files \/ docs/);

    // A link made before stores names none: the default store, even from a tab showing another one.
    await opened.goto(`${origin}/browser#local-files/`);
    await expect
      .poll(() => opened.locator('#rows tr').allInnerTexts())
      .toEqual(expect.arrayContaining([expect.stringMatching(/^local\.txt/)]));
    expect(await opened.locator('#store').inputValue()).toBe('local');
    await opened.close();
  });
});
