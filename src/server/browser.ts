import { fileURLToPath } from 'node:url';
import { BROWSER_PATH } from '../shared/routes.js';
import type { StaticAsset } from './graphiql.js';

/** The object browser (web/, bundled into dist/web by `npm run build`), served at BROWSER_PATH. */

// src/server and dist/server are both two levels below the package root.
export const webDirectory = fileURLToPath(new URL('../../dist/web/', import.meta.url));

const FILES: Record<string, { name: string; contentType: string }> = {
  '': { name: 'index.html', contentType: 'text/html; charset=utf-8' },
  '/': { name: 'index.html', contentType: 'text/html; charset=utf-8' },
  '/app.js': { name: 'app.js', contentType: 'text/javascript; charset=utf-8' },
  '/app.js.map': { name: 'app.js.map', contentType: 'application/json; charset=utf-8' },
  '/app.css': { name: 'app.css', contentType: 'text/css; charset=utf-8' },
};

/** The file of the object browser behind a URL path; only these files are served. */
export function browserAsset(pathname: string): StaticAsset | undefined {
  if (!pathname.startsWith(BROWSER_PATH)) return undefined;
  const rest = pathname.slice(BROWSER_PATH.length);
  const file = Object.hasOwn(FILES, rest) ? FILES[rest] : undefined;
  return file === undefined ? undefined : { file: `${webDirectory}${file.name}`, contentType: file.contentType, cacheControl: 'no-cache' };
}
