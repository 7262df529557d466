import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, Kind, parse, validate, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { variablesTheConfigurationReads } from '../support/config-variables.js';
import { composeExampleSupergraph } from '../support/supergraph.js';

/** The documentation cannot drift from the code: its GraphQL examples and its settings table are checked against them. */

const root = join(import.meta.dirname, '../..');
const pages = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];
const read = (page: string) => readFileSync(join(root, page), 'utf8');

const apiSchema = buildSchema(read('schema.graphql'));
/** docs/federation.md queries a supergraph: the gateway's subgraph composed with the example users subgraph. */
function supergraphSchema(): GraphQLSchema {
  const composed = composeExampleSupergraph();
  if (composed.publicSdl === undefined) throw new Error('The example supergraph does not compose.');
  return buildSchema(composed.publicSdl);
}
const schemaOf = (page: string) => (page === 'docs/federation.md' ? supergraphSchema() : apiSchema);

const graphqlBlocks = (markdown: string) => [...markdown.matchAll(/^```graphql\n([\s\S]*?)^```$/gm)].map(([, code = '']) => code);

describe('the GraphQL examples of the README and docs/', () => {
  for (const page of pages) {
    const blocks = graphqlBlocks(read(page));
    if (blocks.length === 0) continue;
    it(`${page}: operations validate against ${page === 'docs/federation.md' ? 'the example supergraph' : 'schema.graphql'}, type definitions parse`, () => {
      const schema = schemaOf(page);
      for (const block of blocks) {
        const document = parse(block);
        const executable = document.definitions.filter(
          ({ kind }) => kind === Kind.OPERATION_DEFINITION || kind === Kind.FRAGMENT_DEFINITION,
        );
        if (executable.length === 0) continue;
        expect(executable.length, `${page}: a block mixes operations and type definitions:\n${block}`).toBe(document.definitions.length);
        expect(
          validate(schema, document).map(({ message }) => message),
          `${page}:\n${block}`,
        ).toEqual([]);
      }
    });
  }
});

/** Variables read outside the table's first column, each named in the page's text instead. */
const NAMED_IN_THE_TEXT = new Set([
  // The AWS SDK's credential chain, which S3_STORE=auto looks for (the "Credentials" paragraph).
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  // Variants named in the rows of AWS_REGION, endpoint_url and OTEL_EXPORTER_OTLP_PROTOCOL.
  'AWS_DEFAULT_REGION',
  'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
]);
/** Rows that name no environment variable: a key of the AWS shared-config profile. */
const NOT_VARIABLES = new Set(['endpoint_url']);

describe('docs/configuration.md', () => {
  it('has a row for exactly the settings the configuration reads', async () => {
    const page = read('docs/configuration.md');
    const rows = page.split('\n').filter((line) => line.startsWith('| `'));
    const documented = new Set(rows.flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([^`]+)`/g)].map(([, name = '']) => name)));
    const readByConfig = await variablesTheConfigurationReads();
    const missing = [...readByConfig].filter((name) => !documented.has(name) && !NAMED_IN_THE_TEXT.has(name));
    expect(missing, 'read by the configuration, but no row of the table names them').toEqual([]);
    const stale = [...documented].filter((name) => !readByConfig.has(name) && !NOT_VARIABLES.has(name));
    expect(stale, 'rows of the table that the configuration does not read').toEqual([]);
    expect(
      [...NAMED_IN_THE_TEXT].filter((name) => !page.includes(name)),
      'read, but not named in the page',
    ).toEqual([]);
  });
});

describe('the client recipes of docs/clients.md', () => {
  it('show exactly the files of examples/clients that test/e2e/client-recipes.test.ts runs, each of them', () => {
    const page = read('docs/clients.md');
    const shown = [...page.matchAll(/^<!-- (examples\/clients\/[\w.-]+\.ts) -->\n\n```ts\n([\s\S]*?)^```$/gm)];
    for (const [, file = '', code] of shown) expect(code, `${file} as docs/clients.md shows it`).toBe(read(file));
    const recipes = readdirSync(join(root, 'examples/clients')).filter((name) => name.endsWith('.ts'));
    expect(shown.map(([, file]) => file).sort()).toEqual(recipes.map((name) => `examples/clients/${name}`).sort());
  });
});
