import { copyFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const WEB_OUTPUT = `${root}dist/web`;

/** Bundles the object browser (web/) into dist/web, which the gateway serves at /browser. */
export async function buildWeb(): Promise<void> {
  await mkdir(WEB_OUTPUT, { recursive: true });
  await build({
    entryPoints: [`${root}web/src/app.ts`],
    outfile: `${WEB_OUTPUT}/app.js`,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
  });
  await Promise.all(['index.html', 'app.css'].map((file) => copyFile(`${root}web/${file}`, `${WEB_OUTPUT}/${file}`)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildWeb();
