import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, HOME: '/nonexistent' },
    timeout: 30_000,
  });

describe('the command line', () => {
  it('explains itself with --help, naming the variable behind each option', () => {
    const { status, stdout } = run('--help');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Usage: s3-graphql-gateway \[options\]/);
    expect(stdout).toMatch(/--endpoint <url>\s+S3-compatible store.*\[S3_ENDPOINT\]/);
    expect(stdout).toMatch(/--port <n>.*\[PORT\]/);
  });

  it('passes options to the configuration, which names a bad value', () => {
    const { status, stderr } = run('--port', 'eighty', '--endpoint', 'ftp://x');
    expect(status).toBe(1);
    expect(stderr).toMatch(/PORT: must be a number/);
    expect(stderr).toMatch(/S3_ENDPOINT: must be an http\(s\) URL/);
  });

  it('refuses to start with a malformed stores file, naming each mistake by its place in the file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 's3gw-cli-')), 'stores.yaml');
    writeFileSync(file, 'stores:\n  - name: On Prem\n    endpoint: ftp://x\n  - name: aws\n    regoin: eu-west-1\n');
    const { status, stderr } = run('--stores', file);
    expect(status).toBe(1);
    expect(stderr).toMatch(/STORES_FILE stores\.0\.name: must be 1-63 lower-case letters/);
    expect(stderr).toMatch(/STORES_FILE stores\.0\.endpoint: must be an http\(s\) URL/);
    expect(stderr).toMatch(/STORES_FILE stores\.1: Unrecognized key: "regoin"/);
  });

  it('refuses an unknown option with the usage', () => {
    const { status, stderr } = run('--prot', '80');
    expect(status).toBe(2);
    expect(stderr).toMatch(/Unknown option '--prot'[\s\S]*Usage:/);
  });
});
