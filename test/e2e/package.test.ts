import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnGateway, type GatewayProcess } from '../support/gateway-process.js';
import { postGraphQL } from '../support/stack.js';

/** A new user's first try of the published package: pack, install into an empty folder, run its bin. */

const run = promisify(execFile);
const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));
// Packing builds dist and installing resolves the whole tree: minutes on a busy machine.
const INSTALL_TIMEOUT = 600_000;

let packDirectory: string;
let installDirectory: string;
let tarballFiles: string[];
let gateway: GatewayProcess | undefined;

beforeAll(async () => {
  packDirectory = await mkdtemp(join(tmpdir(), 's3gw-pack-'));
  installDirectory = await mkdtemp(join(tmpdir(), 's3gw-install-'));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', packDirectory], {
    cwd: repositoryRoot,
    maxBuffer: 64 * 1024 * 1024,
  });
  const [packed] = JSON.parse(stdout.slice(stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  if (packed === undefined) throw new Error(`npm pack printed no package:\n${stdout}`);
  tarballFiles = packed.files.map((file) => file.path);
  await run('npm', ['install', join(packDirectory, packed.filename), '--prefer-offline', '--no-audit', '--no-fund'], {
    cwd: installDirectory,
  });
  gateway = await spawnGateway(installDirectory, {}, [join(installDirectory, 'node_modules', '.bin', 's3-graphql-gateway')]);
}, INSTALL_TIMEOUT);

afterAll(async () => {
  gateway?.child.kill('SIGTERM');
  await gateway?.exited;
  await Promise.all([packDirectory, installDirectory].map((directory) => rm(directory, { recursive: true, force: true })));
});

describe('the package installed from its tarball', () => {
  it('carries the build, docs and schema, not the sources, tests or benchmarks', () => {
    expect(tarballFiles).toEqual(expect.arrayContaining(['package.json', 'dist/cli.js', 'dist/web/app.js', 'README.md', 'schema.graphql']));
    expect(tarballFiles).toContain('examples/policy.yaml');
    expect(tarballFiles.filter((path) => /^(src|test|bench|web|scripts)\//.test(path))).toEqual([]);
  });

  it('starts from its bin on the embedded store and answers queries and mutations', async () => {
    if (gateway === undefined) throw new Error('the installed gateway did not start');
    expect(gateway.output()).toMatch(/store: embedded s3rver at http:\/\/127\.0\.0\.1:\d+/);
    const buckets = await postGraphQL(gateway.url, '{ buckets { name } }');
    expect(buckets).toEqual({ status: 200, data: { buckets: [{ name: 'demo' }] } });
    const put = await postGraphQL(
      gateway.url,
      'mutation { putObject(input: { bucket: "demo", key: "installed.txt", text: "from the tarball" }) { success error { code } } }',
    );
    expect(put).toEqual({ status: 200, data: { putObject: { success: true, error: null } } });
    const read = await postGraphQL(gateway.url, '{ getObject(bucket: "demo", key: "installed.txt") { text } }');
    expect(read).toEqual({ status: 200, data: { getObject: { text: 'from the tarball' } } });
  });
});
