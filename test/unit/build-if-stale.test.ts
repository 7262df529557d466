import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/** `npm start`'s prestart, run in a project whose build only counts its runs and writes the two outputs. */

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));
const BUILD = `node -e "const fs = require('fs'); fs.mkdirSync('dist/web', { recursive: true }); fs.writeFileSync('dist/main.js', ''); fs.writeFileSync('dist/web/app.js', ''); fs.appendFileSync('builds.log', 'built\\n')"`;

let project: string;

const prestart = () => spawnSync(process.execPath, ['scripts/build-if-stale.mjs'], { cwd: project, encoding: 'utf8', timeout: 30_000 });
const builds = async () => (await readFile(join(project, 'builds.log'), 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
const distTimes = async () =>
  Promise.all(['dist/main.js', 'dist/web/app.js'].map(async (path) => (await stat(join(project, path))).mtimeMs));
const INPUTS = ['package.json', 'src', 'src/main.ts', 'src/server', 'src/server/http.ts', 'web', 'web/src', 'web/src/app.ts'];
const secondsAgo = (seconds: number) => new Date(Date.now() - seconds * 1000);
/** Runs the check, then dates the inputs two minutes and the outputs one minute back, so that an edit made now is newer than the build. */
const prestartAndSettle = async () => {
  const run = prestart();
  await Promise.all(INPUTS.map((path) => utimes(join(project, path), secondsAgo(120), secondsAgo(120))));
  await Promise.all(
    ['dist/main.js', 'dist/web/app.js'].map((path) => utimes(join(project, path), secondsAgo(60), secondsAgo(60)).catch(() => undefined)),
  );
  return run;
};
const edit = (path: string) => utimes(join(project, path), new Date(), new Date());

beforeEach(async () => {
  project = await mkdtemp(join(tmpdir(), 's3gw-prestart-'));
  await mkdir(join(project, 'scripts'));
  await mkdir(join(project, 'src', 'server'), { recursive: true });
  await mkdir(join(project, 'web', 'src'), { recursive: true });
  await copyFile(join(repositoryRoot, 'scripts', 'build-if-stale.mjs'), join(project, 'scripts', 'build-if-stale.mjs'));
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'prestart-fixture', private: true, scripts: { build: BUILD } }));
  await writeFile(join(project, 'src', 'main.ts'), '');
  await writeFile(join(project, 'src', 'server', 'http.ts'), '');
  await writeFile(join(project, 'web', 'src', 'app.ts'), '');
});
afterEach(() => rm(project, { recursive: true, force: true }));

describe('npm start', () => {
  it('is preceded by the build check', () => {
    const { scripts } = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.prestart).toBe('node scripts/build-if-stale.mjs');
    expect(scripts.start).toBe('node --max-semi-space-size=8 --heap-growing-percent=100 dist/main.js');
  });

  it("runs node with the image's V8 memory flags", () => {
    const { scripts } = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const entrypoint = /^ENTRYPOINT (\[.*\])$/m.exec(readFileSync(join(repositoryRoot, 'Dockerfile'), 'utf8'))?.[1] ?? '[]';
    const flags = (command: string[]) => command.filter((word) => word.startsWith('--'));
    expect(flags(JSON.parse(entrypoint) as string[])).toEqual(flags(scripts.start?.split(' ') ?? []));
  });

  it('builds when nothing was built, then leaves dist untouched while nothing changed', async () => {
    expect(prestart().status).toBe(0);
    expect(await builds()).toBe(1);
    const built = await distTimes();

    expect(prestart().status).toBe(0);
    expect(prestart().status).toBe(0);
    expect(await builds()).toBe(1);
    expect(await distTimes()).toEqual(built);
  });

  it('builds again after a source or the object browser changed', async () => {
    await prestartAndSettle();
    await prestartAndSettle();
    expect(await builds()).toBe(1);

    await edit('src/server/http.ts');
    await prestartAndSettle();
    expect(await builds()).toBe(2);

    await edit('web/src/app.ts');
    await prestartAndSettle();
    expect(await builds()).toBe(3);
  });

  it('builds again when a source file was added or removed', async () => {
    await prestartAndSettle();
    await writeFile(join(project, 'src', 'server', 'new.ts'), '');
    await utimes(join(project, 'src', 'server', 'new.ts'), secondsAgo(120), secondsAgo(120));
    await edit('src/server');
    await prestartAndSettle();
    expect(await builds()).toBe(2);

    await rm(join(project, 'src', 'server', 'new.ts'));
    await edit('src/server');
    await prestartAndSettle();
    expect(await builds()).toBe(3);
  });

  it('builds again when an output is missing, and fails as the build fails', async () => {
    await prestartAndSettle();
    await rm(join(project, 'dist', 'web', 'app.js'));
    await prestartAndSettle();
    expect(await builds()).toBe(2);

    await writeFile(
      join(project, 'package.json'),
      JSON.stringify({ name: 'prestart-fixture', private: true, scripts: { build: 'exit 3' } }),
    );
    const failed = prestart();
    expect(failed.status).not.toBe(0);
  });
});
