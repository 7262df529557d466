import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GATEWAY_ARGS, spawnGateway, type GatewayProcess } from '../support/gateway-process.js';
import { postGraphQL } from '../support/stack.js';

/** A newcomer's first run: no configuration at all, one command, the embedded store. */

let workDirectory: string;

/** Starts the gateway as `npm start` does, with an environment holding no S3 or AWS settings. */
const startProcess = (env: Record<string, string> = {}) => spawnGateway(workDirectory, env);

async function stopProcess({ child, exited }: GatewayProcess): Promise<number | null> {
  child.kill('SIGTERM');
  return exited;
}

beforeAll(async () => {
  workDirectory = await mkdtemp(join(tmpdir(), 's3gw-newcomer-'));
});
afterAll(() => rm(workDirectory, { recursive: true, force: true }));

describe('npm start with no configuration', () => {
  it('serves the embedded store with a demo bucket, keeps data across restarts, and stops cleanly', async () => {
    const first = await startProcess();
    expect(first.output()).toMatch(/store: embedded s3rver at http:\/\/127\.0\.0\.1:\d+/);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);

    const buckets = await postGraphQL(first.url, '{ buckets { name } }');
    expect(buckets.data).toEqual({ buckets: [{ name: 'demo' }] });
    const put = await postGraphQL(
      first.url,
      'mutation { putObject(input: { bucket: "demo", key: "hello.txt", text: "kept" }) { success } }',
    );
    expect(put.data).toEqual({ putObject: { success: true } });
    const presigned = await postGraphQL<{ object: { downloadUrl: string } }>(
      first.url,
      '{ object(bucket: "demo", key: "hello.txt") { downloadUrl } }',
    );
    expect(await (await fetch(presigned.data?.object.downloadUrl ?? '')).text()).toBe('kept');
    expect(await stopProcess(first)).toBe(0);
    expect(existsSync(join(workDirectory, '.data', 's3', 'demo'))).toBe(true);

    const second = await startProcess();
    try {
      const read = await postGraphQL(second.url, '{ getObject(bucket: "demo", key: "hello.txt") { text } }');
      expect(read.data).toEqual({ getObject: { text: 'kept' } });
    } finally {
      await stopProcess(second);
    }
  });

  it('serves GraphiQL with an example query, loading nothing from the internet', async () => {
    const gateway = await startProcess();
    try {
      const page = await fetch(gateway.url, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('YogaGraphiQL.renderYogaGraphiQL');
      expect(html).toContain('bucket(name: \\"demo\\")');
      expect(html).not.toMatch(/(src|href)="https?:/);
      const origin = new URL(gateway.url).origin;
      for (const [, asset = ''] of html.matchAll(/(?:src|href)="(\/graphiql\/assets\/[^"]+)"/g)) {
        const response = await fetch(origin + asset);
        expect(response.status, asset).toBe(200);
        expect(await response.text()).not.toMatch(/@import\s+url\(["']?https?:|url\(["']?https?:\/\/fonts/);
      }
      for (const worker of html.match(/\/graphiql\/assets\/monacoeditorwork\/[^"]+/g) ?? []) {
        expect((await fetch(origin + worker)).status, worker).toBe(200);
      }
      expect((await fetch(`${origin}/graphiql/assets/../../package.json`)).status).toBe(404);
      expect((await fetch(`${origin}/`, { redirect: 'manual' })).headers.get('location')).toBe('/graphql');
    } finally {
      await stopProcess(gateway);
    }
  });

  it('runs WORKERS processes on one port, sharing the embedded store, and stops them all', async () => {
    const gateway = await startProcess({ WORKERS: '2' });
    try {
      expect(gateway.output()).toMatch(/2 workers; GraphQL at/);
      const writes = await Promise.all(
        Array.from({ length: 8 }, (_, index) =>
          postGraphQL(
            gateway.url,
            `mutation { putObject(input: { bucket: "demo", key: "workers/${index}.txt", text: "${index}" }) { success } }`,
          ),
        ),
      );
      expect(writes.map((write) => write.data)).toEqual(Array.from({ length: 8 }, () => ({ putObject: { success: true } })));
      const listed = await postGraphQL<{ bucket: { objects: { edges: unknown[] } } }>(
        gateway.url,
        '{ bucket(name: "demo") { objects(prefix: "workers/") { edges { cursor } } } }',
      );
      expect(listed.data?.bucket.objects.edges).toHaveLength(8);
    } finally {
      expect(await stopProcess(gateway)).toBe(0);
    }
  });

  it('refuses to start on a bad setting, naming the variable', async () => {
    const child = spawn(process.execPath, GATEWAY_ARGS, {
      cwd: workDirectory,
      env: { PATH: process.env.PATH, HOME: workDirectory, PORT: 'eighty', MAX_INLINE_BYTES: '-1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(output).toMatch(/PORT: /);
    expect(output).toMatch(/MAX_INLINE_BYTES: /);
    expect(output).not.toMatch(/at .*\.ts:\d+/);
  });
});
