/**
 * The gateway's URL paths, in one place: the HTTP layer routes by them, yoga and its plugins take them as options, resolvers
 * and the object browser build links with them. Plain strings and functions only, so that any layer (and web/) may import it.
 */

export const GRAPHQL_PATH = '/graphql';
/** Answers while the process lives (yoga's own check). */
export const HEALTH_PATH = '/health';
/** Answers while the S3 store does. */
export const READY_PATH = '/ready';
export const METRICS_PATH = '/metrics';
/** The object browser (web/). */
export const BROWSER_PATH = '/browser';
/** GraphiQL's own files, served by the gateway instead of a CDN. */
export const GRAPHIQL_ASSETS_PATH = '/graphiql/assets/';
/** GET /objects/{bucket}/{key}: objects streamed through the gateway. */
export const DOWNLOAD_PATH = '/objects/';

/** The query parameter of the download route that names one version of the object, as S3's GetObject does. */
export const VERSION_ID_PARAMETER = 'versionId';

/** The query parameter of the download route that names a store other than the default one. */
export const DOWNLOAD_STORE_PARAM = 'store';

/**
 * The download route's URL path of an object (at one version, when given; in a store other than the default one, when
 * given): each key segment URI-encoded, so that any key round-trips.
 */
export function downloadPath(bucket: string, key: string, versionId?: string, store?: string): string {
  const path = `${DOWNLOAD_PATH}${encodeURIComponent(bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`;
  const query = new URLSearchParams();
  if (versionId !== undefined) query.set(VERSION_ID_PARAMETER, versionId);
  if (store !== undefined) query.set(DOWNLOAD_STORE_PARAM, store);
  return query.size === 0 ? path : `${path}?${query.toString()}`;
}

/** The GraphQL endpoint of a gateway listening on `host` (a name or an IP address, IPv6 too) and `port`. */
export function graphqlUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}${GRAPHQL_PATH}`;
}

/** GET /archives/{token}/{name}.zip: a ZIP streamed by the gateway; the token, from createArchive, is the credential. */
export const ARCHIVE_PATH = '/archives/';

export function archivePath(token: string, name: string): string {
  return `${ARCHIVE_PATH}${token}/${encodeURIComponent(name)}.zip`;
}
