// `npm start` runs this first: it builds (`npm run build`) only when a build input is newer than the build's output, so that a
// start with nothing changed skips the TypeScript compiler's ten seconds. Plain JavaScript, since tsx alone costs a second.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

/** What `npm run build` reads; a folder's own time changes when a file in it is added, removed or renamed. */
const INPUTS = ['src', 'web', 'scripts/build-web.ts', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];
/** What `npm run build` writes last in each of its two steps (tsc, then the web bundle). */
const OUTPUTS = ['dist/main.js', 'dist/web/app.js'];

/** The newest modification time under `path`, folders included; 0 when it does not exist. */
function newestTime(path) {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return 0;
  }
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestTime(join(path, name))), stats.mtimeMs);
}

/** The oldest modification time of the outputs; 0 when one is missing. */
function oldestOutputTime(root) {
  return Math.min(...OUTPUTS.map((output) => newestTime(join(root, output))));
}

const root = process.cwd();
const built = oldestOutputTime(root);
const changed = Math.max(...INPUTS.map((input) => newestTime(join(root, input))));
if (built === 0 || changed > built) {
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  process.exit(build.status ?? 1);
}
