import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { GraphiQLOptions } from 'graphql-yoga';
import { escapeMarkup } from '../markup.js';
import { BROWSER_PATH, GRAPHIQL_ASSETS_PATH, GRAPHQL_PATH } from '../shared/routes.js';
import { webDirectory } from './browser.js';

/** GraphiQL served from the gateway itself: yoga's default page loads it from a public CDN, which private networks cannot reach. */

const require = createRequire(import.meta.url);
const distDirectory = join(dirname(require.resolve('@graphql-yoga/graphiql/package.json')), 'dist');

const ASSETS: Record<string, string> = {
  'graphiql.css': 'text/css; charset=utf-8',
  'yoga-graphiql.umd.js': 'text/javascript; charset=utf-8',
  'monacoeditorwork/editor.worker.bundle.js': 'text/javascript; charset=utf-8',
  'monacoeditorwork/json.worker.bundle.js': 'text/javascript; charset=utf-8',
  'monacoeditorwork/graphql.worker..bundle.js': 'text/javascript; charset=utf-8',
};

/** web/src/graphiql-fetcher.ts, bundled with the object browser. */
const GATEWAY_FETCHER = 'graphiql-fetcher.js';

/** A file the gateway serves as it is. */
export interface StaticAsset {
  file: string;
  contentType: string;
  cacheControl: string;
}

/** The file behind an asset URL path; only the listed files are served, so no path can reach anything else. */
export function graphiqlAsset(pathname: string): StaticAsset | undefined {
  if (!pathname.startsWith(GRAPHIQL_ASSETS_PATH)) return undefined;
  const name = pathname.slice(GRAPHIQL_ASSETS_PATH.length);
  if (name === GATEWAY_FETCHER)
    return { file: join(webDirectory, name), contentType: 'text/javascript; charset=utf-8', cacheControl: 'no-cache' };
  const contentType = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  return contentType === undefined ? undefined : { file: join(distDirectory, name), contentType, cacheControl: 'public, max-age=86400' };
}

/** JSON inside a <script> element must not be able to close it. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A GraphiQL tab: an operation and its variables (JSON text). */
export interface ExampleTab {
  query: string;
  variables?: string;
}

const PAYLOAD = 'success error { code message }';

/** One tab per everyday operation, after the browsing query: read, put text, copy, move, delete, and how uploads work. */
export function exampleTabs(exampleBucket: string | undefined): ExampleTab[] {
  const bucket = exampleBucket ?? 'my-bucket';
  const variables = (value: object) => JSON.stringify(value, null, 2);
  const mutation = (name: string, field: string, type: string, selection: string, input: object): ExampleTab => ({
    query: `mutation ${name}($input: ${type}!) {\n  ${field}(input: $input) {\n    ${selection}\n  }\n}\n`,
    variables: variables({ input: { bucket, ...input } }),
  });
  return [
    { query: exampleQuery(exampleBucket) },
    mutation('PutText', 'putObject', 'PutObjectInput', `${PAYLOAD}\n    object { key size eTag contentType }`, {
      key: 'hello.txt',
      text: 'Hello, S3!',
    }),
    {
      query: `query Read($bucket: String!, $key: String!) {\n  getObject(bucket: $bucket, key: $key) {\n    name\n    contentType\n    size\n    text\n    gatewayUrl\n    downloadUrl(expiresIn: 300)\n  }\n}\n`,
      variables: variables({ bucket, key: 'hello.txt' }),
    },
    mutation('Copy', 'copyObject', 'CopyObjectInput', `${PAYLOAD}\n    object { key }`, {
      key: 'hello.txt',
      destinationKey: 'copies/hello.txt',
    }),
    mutation('Move', 'moveObject', 'MoveObjectInput', `${PAYLOAD}\n    object { key }`, {
      key: 'copies/hello.txt',
      destinationKey: 'archive/hello.txt',
    }),
    mutation('Delete', 'deleteObject', 'DeleteObjectInput', PAYLOAD, { key: 'archive/hello.txt' }),
    {
      query: `# Files travel as a GraphQL multipart request, which GraphiQL cannot send. From a shell:
#
#   curl http://HOST${GRAPHQL_PATH} -H 'GraphQL-Require-Preflight: 1' \\
#     -F operations='{"query":"mutation($input: PutObjectInput!) { putObject(input: $input) { success object { key size } } }","variables":{"input":{"bucket":"${bucket}","key":"photos/cat.jpg","file":null}}}' \\
#     -F map='{"0":["variables.input.file"]}' -F 0=@cat.jpg
#
# The object browser at ${BROWSER_PATH} uploads with a progress bar. A browser can also send the bytes
# straight to S3 with a presigned URL:
${mutation('PresignUpload', 'presignUpload', 'PresignUploadInput', `${PAYLOAD}\n    url\n    fields { key value }\n    expiresAt`, {}).query}`,
      variables: variables({ input: { bucket, key: 'photos/cat.jpg', contentType: 'image/jpeg' } }),
    },
  ];
}

export function renderGraphiQLPage(options: GraphiQLOptions | undefined, tabs?: ExampleTab[]): string {
  const title = escapeMarkup(options?.title ?? 'GraphiQL');
  // The gateway's fetcher is built with the object browser (npm run build); without it (tsx in development), yoga's own serves.
  const gatewayFetcherBuilt = existsSync(join(webDirectory, GATEWAY_FETCHER));
  // Yoga's GraphiQL opens with `query`; `defaultQuery` would only fill tabs it never creates.
  const pageOptions = { ...options, query: options?.defaultQuery, ...(tabs === undefined ? {} : { defaultTabs: tabs }) };
  const workers = {
    editorWorkerService: `${GRAPHIQL_ASSETS_PATH}monacoeditorwork/editor.worker.bundle.js`,
    json: `${GRAPHIQL_ASSETS_PATH}monacoeditorwork/json.worker.bundle.js`,
    graphql: `${GRAPHIQL_ASSETS_PATH}monacoeditorwork/graphql.worker..bundle.js`,
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${GRAPHIQL_ASSETS_PATH}graphiql.css">
</head>
<body id="body" class="no-focus-outline">
<noscript>GraphiQL needs JavaScript.</noscript>
<div id="root">Loading ${title}...</div>
<script>
const workerUrls = ${scriptSafeJson(workers)};
self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (_moduleId, label) => workerUrls[label] };
</script>
<script src="${GRAPHIQL_ASSETS_PATH}yoga-graphiql.umd.js"></script>
${gatewayFetcherBuilt ? `<script src="${GRAPHIQL_ASSETS_PATH}${GATEWAY_FETCHER}"></script>\n` : ''}<script>
const options = ${scriptSafeJson(pageOptions)};
if (self.GatewayGraphiQL !== undefined) {
  options.fetcher = GatewayGraphiQL.createFetcher(options.endpoint ?? location.pathname);
  delete options.endpoint;
}
YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), options);
</script>
</body>
</html>
`;
}

export function exampleQuery(exampleBucket: string | undefined): string {
  const bucketName = JSON.stringify(exampleBucket ?? 'my-bucket');
  return `# s3-graphql-gateway: S3 behind one typed GraphQL API.
# Press the run button (or Ctrl-Enter). The Docs panel lists every field.
# Mutations: putObject (text, base64 or a multipart file upload),
# copyObject, moveObject, deleteObject.

query Browse {
  buckets {
    name
    creationDate
  }
  bucket(name: ${bucketName}) {
    prefixes {
      edges { node { prefix name } }
    }
    objects(first: 20) {
      edges { node { key size lastModified } }
      pageInfo { hasNextPage endCursor }
    }
  }
}
`;
}

/** What a browser opening GraphiQL sees when the gateway runs only trusted documents: no explorer, and why. */
export const GRAPHIQL_DISABLED_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>GraphiQL is disabled</title>
<link rel="icon" href="data:,">
</head>
<body style="font: 16px/1.5 system-ui, sans-serif; max-width: 40em; margin: 3em auto; padding: 0 1em">
<h1>GraphiQL is disabled</h1>
<p>This gateway runs only <strong>trusted documents</strong>: the operations listed in the manifest its operator
gave it (<code>TRUSTED_DOCUMENTS_FILE</code>). A query typed here would be refused with <code>UNTRUSTED_DOCUMENT</code>,
so the explorer is not served.</p>
<p>Applications send the SHA-256 hash of a document of the manifest instead of its text. To explore the API, run a
gateway without <code>TRUSTED_DOCUMENTS_FILE</code>, for example locally with <code>npm start</code>.</p>
<p>The <a href="${BROWSER_PATH}">object browser</a> works: its operations are in the manifest it ships with.</p>
</body>
</html>
`;
