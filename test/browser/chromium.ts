import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Headless Chromium with a fresh profile, as a first-time user has, for the object browser's tests. */
export interface Chromium {
  context: BrowserContext;
  /** Opens the object browser at `hash` (bucket/prefix/). */
  openBrowser(origin: string, hash: string): Promise<Page>;
  /** Closes the pages still open: each holds a live subscription, and Chromium opens only six connections to one origin. */
  closePages(): Promise<void>;
  close(): Promise<void>;
}

export interface ChromiumOptions {
  viewport?: { width: number; height: number };
}

export async function launchChromium({ viewport = { width: 1200, height: 800 } }: ChromiumOptions = {}): Promise<Chromium> {
  const executablePath = execFileSync('bash', [join(import.meta.dirname, '../../scripts/ensure-chromium.sh')], { encoding: 'utf8' }).trim();
  const profile = await mkdtemp(join(tmpdir(), 's3gw-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport,
    acceptDownloads: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  return {
    context,
    async openBrowser(origin, hash) {
      const page = await context.newPage();
      await page.goto(`${origin}/browser#${hash}`);
      return page;
    },
    async closePages() {
      await Promise.all(context.pages().map((page) => page.close()));
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
