import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { GraphiQLOptions } from 'graphql-yoga';

/** GraphiQL served from the gateway itself: yoga's default page loads it from a public CDN, which private networks cannot reach. */

export const GRAPHIQL_ASSETS_PATH = '/graphiql/assets/';

const require = createRequire(import.meta.url);
const distDirectory = join(dirname(require.resolve('@graphql-yoga/graphiql/package.json')), 'dist');

const ASSETS: Record<string, string> = {
  'graphiql.css': 'text/css; charset=utf-8',
  'yoga-graphiql.umd.js': 'text/javascript; charset=utf-8',
  'monacoeditorwork/editor.worker.bundle.js': 'text/javascript; charset=utf-8',
  'monacoeditorwork/json.worker.bundle.js': 'text/javascript; charset=utf-8',
  'monacoeditorwork/graphql.worker..bundle.js': 'text/javascript; charset=utf-8',
};

export interface GraphiQLAsset {
  file: string;
  contentType: string;
}

/** The file behind an asset URL path; only the listed files are served, so no path can reach anything else. */
export function graphiqlAsset(pathname: string): GraphiQLAsset | undefined {
  if (!pathname.startsWith(GRAPHIQL_ASSETS_PATH)) return undefined;
  const name = pathname.slice(GRAPHIQL_ASSETS_PATH.length);
  const contentType = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  return contentType === undefined ? undefined : { file: join(distDirectory, name), contentType };
}

/** JSON inside a <script> element must not be able to close it. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

export function renderGraphiQLPage(options: GraphiQLOptions | undefined): string {
  const title = escapeHtml(options?.title ?? 'GraphiQL');
  // Yoga's GraphiQL opens with `query`; `defaultQuery` would only fill tabs it never creates.
  const pageOptions = { ...options, query: options?.defaultQuery };
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
<script>YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), ${scriptSafeJson(pageOptions)});</script>
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
