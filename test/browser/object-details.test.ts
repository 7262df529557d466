import { GetObjectCommand, GetObjectTaggingCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../scripts/build-web.js';
import { startS3Proxy } from '../support/s3-proxy.js';
import { startStack, type TestStack } from '../support/stack.js';
import { launchChromium, type Chromium } from './chromium.js';

/** The object detail pane's tags, metadata and retention, in headless Chromium against a gateway on the embedded store. */

let stack: TestStack;
let chromium: Chromium;

beforeAll(async () => {
  await buildWeb();
  stack = await startStack();
  await stack.s3.send(
    new PutObjectCommand({
      Bucket: stack.bucket,
      Key: 'notes/plan.txt',
      Body: 'the plan',
      ContentType: 'text/plain',
      Tagging: 'stage=draft',
    }),
  );
  chromium = await launchChromium({ viewport: { width: 1200, height: 900 } });
}, 600_000);

afterAll(async () => {
  await chromium.close();
  await stack.close();
});

describe("the object detail pane's labels", () => {
  it('shows and edits tags and metadata, keeping the content, and shows retention with the store refusal in words', async () => {
    const page = await chromium.context.newPage();
    await page.goto(`${new URL(stack.gateway.url).origin}/browser#${stack.bucket}/notes/`);
    await page.getByTestId('object').filter({ hasText: 'plan.txt' }).click();
    const details = page.getByTestId('object-details');
    await expect.poll(() => details.getByTestId('tag-key').first().inputValue()).toBe('stage');
    expect(await details.getByTestId('tag-value').first().inputValue()).toBe('draft');
    await expect.poll(() => details.getByTestId('retention').innerText()).toBe('Retention: none. Legal hold: off.');

    await details.getByTestId('tag-value').first().fill('final');
    await details.getByTestId('tag-add').click();
    await details.getByTestId('tag-key').last().fill('owner');
    await details.getByTestId('tag-value').last().fill('ada');
    await details.getByTestId('save-tags').click();
    // The pane shows what the store keeps once the save is over, and is aria-busy until then.
    await expect.poll(() => details.getAttribute('aria-busy')).toBe('false');
    await expect
      .poll(async () => (await stack.s3.send(new GetObjectTaggingCommand({ Bucket: stack.bucket, Key: 'notes/plan.txt' }))).TagSet)
      .toEqual([
        { Key: 'stage', Value: 'final' },
        { Key: 'owner', Value: 'ada' },
      ]);

    const before = await stack.s3.send(new HeadObjectCommand({ Bucket: stack.bucket, Key: 'notes/plan.txt' }));
    await details.getByTestId('content-type').fill('text/markdown');
    await details.getByTestId('cache-control').fill('max-age=300');
    await details.getByTestId('metadata-add').click();
    await details.getByTestId('metadata-key').last().fill('reviewer');
    await details.getByTestId('metadata-value').last().fill('grace');
    await details.getByTestId('save-metadata').click();
    await expect.poll(() => details.getAttribute('aria-busy')).toBe('false');
    await expect
      .poll(async () => (await stack.s3.send(new HeadObjectCommand({ Bucket: stack.bucket, Key: 'notes/plan.txt' }))).ContentType)
      .toBe('text/markdown');
    const after = await stack.s3.send(new HeadObjectCommand({ Bucket: stack.bucket, Key: 'notes/plan.txt' }));
    expect(after).toMatchObject({ ETag: before.ETag, CacheControl: 'max-age=300', Metadata: { reviewer: 'grace' } });
    const { Body } = await stack.s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: 'notes/plan.txt' }));
    expect(await Body?.transformToString()).toBe('the plan');
    await expect.poll(() => details.getByTestId('metadata-key').last().inputValue()).toBe('reviewer');

    await details.getByTestId('retain-until').fill('2099-01-01T12:00');
    await details.getByTestId('set-retention').click();
    await expect.poll(() => page.getByTestId('message').innerText()).toMatch(/does not support object lock \(retention\)/);
    await page.close();
  });

  it('still shows metadata and retention where the store has no object tagging, saying so in the tags part', async () => {
    const proxy = await startS3Proxy(stack.gateway.storeEndpoint ?? '');
    proxy.inject({
      operation: 'GetObjectTagging',
      fault: { kind: 'replace-response', status: 501, body: '<Error><Code>NotImplemented</Code><Message>no tagging</Message></Error>' },
    });
    try {
      const via = await stack.gatewayVia(proxy.endpoint);
      const page = await chromium.context.newPage();
      await page.goto(`${new URL(via.url).origin}/browser#${stack.bucket}/notes/`);
      await page.getByTestId('object').filter({ hasText: 'plan.txt' }).click();
      const details = page.getByTestId('object-details');
      await expect.poll(() => details.getByTestId('tags-unsupported').innerText()).toBe('The S3 store does not support object tags.');
      expect(await details.getByTestId('content-type').inputValue()).toMatch(/^text\//);
      expect(await details.getByTestId('retention').innerText()).toBe('Retention: none. Legal hold: off.');
      await page.close();
    } finally {
      await proxy.close();
    }
  });
});
