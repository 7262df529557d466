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

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
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
#   curl http://HOST/graphql -H 'GraphQL-Require-Preflight: 1' \\
#     -F operations='{"query":"mutation($input: PutObjectInput!) { putObject(input: $input) { success object { key size } } }","variables":{"input":{"bucket":"${bucket}","key":"photos/cat.jpg","file":null}}}' \\
#     -F map='{"0":["variables.input.file"]}' -F 0=@cat.jpg
#
# The object browser at /browser uploads with a progress bar. A browser can also send the bytes
# straight to S3 with a presigned URL:
${mutation('PresignUpload', 'presignUpload', 'PresignUploadInput', `${PAYLOAD}\n    url\n    fields { key value }\n    expiresAt`, {}).query}`,
      variables: variables({ input: { bucket, key: 'photos/cat.jpg', contentType: 'image/jpeg' } }),
    },
  ];
}

/**
 * GraphiQL's fetcher, as page script. GraphiQL learns a new query's operation name 100 ms after the edit, and yoga's own
 * fetcher refused a query run sooner ("Cannot infer operation Browse"): this one sends the name only when the query
 * being run defines it (or its one operation's name), read with a scan of the top level, since the page has no parser.
 */
export const GRAPHIQL_FETCHER = String.raw`(endpoint) => {
  const TOKEN = /"{3}[\s\S]*?"{3}|"(?:\\.|[^"\\\n\r])*"|#[^\n\r]*|[{}()]|[_A-Za-z][_0-9A-Za-z]*/g;
  const KINDS = ['query', 'mutation', 'subscription'];
  const operationsIn = (source) => {
    const operations = [];
    let braces = 0, parens = 0, previous = '';
    for (const [token] of source.matchAll(TOKEN)) {
      if (token.startsWith('"') || token.startsWith('#')) continue;
      if (token === '(') parens += 1;
      else if (token === ')') parens -= 1;
      else if (token === '{') {
        if (braces === 0 && (previous === '' || previous === '}')) operations.push({ kind: 'query', name: undefined });
        braces += 1;
      } else if (token === '}') braces -= 1;
      else if (braces === 0 && parens === 0 && KINDS.includes(token)) operations.push({ kind: token, name: undefined });
      else if (braces === 0 && parens === 0 && KINDS.includes(previous)) operations[operations.length - 1].name = token;
      if (braces === 0 && parens === 0) previous = token;
    }
    return operations;
  };
  const eventsOf = async function* (response) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffered += value;
      let end;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const event = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const data = event.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim()).join('\n');
        if (data !== '') yield JSON.parse(data);
      }
    }
  };
  return async ({ query, variables, operationName }, options) => {
    const operations = operationsIn(query);
    const operation = operations.find(({ name }) => name !== undefined && name === operationName) ?? (operations.length === 1 ? operations[0] : undefined);
    const subscription = operation !== undefined && operation.kind === 'subscription';
    const response = await fetch(endpoint, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        ...(options && options.headers),
        'content-type': 'application/json',
        accept: subscription ? 'text/event-stream' : 'application/graphql-response+json, application/json',
      },
      body: JSON.stringify({ query, variables, operationName: operation && operation.name }),
    });
    const streamed = (response.headers.get('content-type') || '').startsWith('text/event-stream');
    return streamed ? eventsOf(response) : response.json();
  };
}`;

export function renderGraphiQLPage(options: GraphiQLOptions | undefined, tabs?: ExampleTab[]): string {
  const title = escapeHtml(options?.title ?? 'GraphiQL');
  const { endpoint = '/graphql', ...rest } = options ?? {};
  // Yoga's GraphiQL opens with `query`; `defaultQuery` would only fill tabs it never creates.
  const pageOptions = { ...rest, query: options?.defaultQuery, ...(tabs === undefined ? {} : { defaultTabs: tabs }) };
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
<script>
const fetcher = (${GRAPHIQL_FETCHER})(${scriptSafeJson(endpoint)});
YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), { ...${scriptSafeJson(pageOptions)}, fetcher });
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
