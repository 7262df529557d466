import { copyFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const WEB_OUTPUT = `${root}dist/web`;

/** Bundles the object browser (web/) into dist/web, which the gateway serves at /browser, and GraphiQL's fetcher. */
export async function buildWeb(): Promise<void> {
  await mkdir(WEB_OUTPUT, { recursive: true });
  const options = { bundle: true, target: 'es2022', minify: true, sourcemap: true, logLevel: 'warning' } as const;
  await Promise.all([
    build({ ...options, entryPoints: [`${root}web/src/app.ts`], outfile: `${WEB_OUTPUT}/app.js`, format: 'esm' }),
    build({
      ...options,
      entryPoints: [`${root}web/src/graphiql-fetcher.ts`],
      outfile: `${WEB_OUTPUT}/graphiql-fetcher.js`,
      format: 'iife',
      globalName: 'GatewayGraphiQL',
    }),
  ]);
  await Promise.all(['index.html', 'app.css'].map((file) => copyFile(`${root}web/${file}`, `${WEB_OUTPUT}/${file}`)));
  // The object browser's trusted documents, for TRUSTED_DOCUMENTS_FILE in an installed package.
  await copyFile(`${root}web/src/gql/persisted-documents.json`, `${WEB_OUTPUT}/persisted-documents.json`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildWeb();
