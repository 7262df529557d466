import { PutObjectCommand } from '@aws-sdk/client-s3';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startGateway, type RunningGateway } from '../../src/gateway.js';
import { postGraphQL, startStack, type TestStack } from '../support/stack.js';

let stack: TestStack;
const limits = loadConfig({ HOME: '/nonexistent' }).limits;

beforeAll(async () => {
  stack = await startStack();
  await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: 'a.txt', Body: 'a' }));
});

afterAll(() => stack.close());

const messagesOf = (answer: { errors?: { message: string }[] }) => (answer.errors ?? []).map((error) => error.message).join('\n');

/** object → document → object → ... : `levels` fields deep, one HeadObject whatever the depth. */
function nestedQuery(levels: number): string {
  let selection = levels % 2 === 0 ? 'key' : 'name';
  for (let level = levels - 1; level >= 2; level -= 1) selection = `${level % 2 === 0 ? 'document' : 'object'} { ${selection} }`;
  return `query ($b: String!) { object(bucket: $b, key: "a.txt") { ${selection} } }`;
}

describe('abuse limits, one step under and one over the documented defaults', () => {
  it(`lets a query ${limits.maxQueryDepth} levels deep through and refuses one level more`, async () => {
    const under = await stack.graphql(nestedQuery(limits.maxQueryDepth), { b: stack.bucket });
    expect(under).toMatchObject({ status: 200, data: { object: { document: expect.anything() as unknown } } });
    const over = await stack.graphql(nestedQuery(limits.maxQueryDepth + 1), { b: stack.bucket });
    expect(over.data).toBeUndefined();
    expect(messagesOf(over)).toMatch(new RegExp(`Query depth limit of ${limits.maxQueryDepth} exceeded`));
  });

  it('lets a walk three folders down to the objects through (a file browser)', async () => {
    const level = (inner: string) => `prefixes(first: 5) { edges { node { prefix ${inner} } } }`;
    const walk = `query ($b: String!) { bucket(name: $b) { ${level(level(level('objects(first: 5) { edges { node { key size } } }')))} } }`;
    const answer = await stack.graphql(walk, { b: stack.bucket });
    expect(answer.errors).toBeUndefined();
  });

  it(`lets ${limits.maxQueryAliases} aliases through and refuses one more`, async () => {
    // Aliases of __typename are free (graphql-armor's allow-list); job(id) asks S3 nothing.
    const aliases = (count: number) => `{ ${Array.from({ length: count }, (_, index) => `a${index}: job(id: "none") { id }`).join(' ')} }`;
    expect((await stack.graphql(aliases(limits.maxQueryAliases))).errors).toBeUndefined();
    const over = await stack.graphql(aliases(limits.maxQueryAliases + 1));
    expect(over.data).toBeUndefined();
    expect(messagesOf(over)).toMatch(new RegExp(`Aliases limit of ${limits.maxQueryAliases} exceeded`));
  });

  it(`lets ${limits.maxQueryDirectives} directives through and refuses one more`, async () => {
    const directives = (count: number) => `{ ${'__typename @skip(if: false) '.repeat(count)}}`;
    expect((await stack.graphql(directives(limits.maxQueryDirectives))).errors).toBeUndefined();
    const over = await stack.graphql(directives(limits.maxQueryDirectives + 1));
    expect(over.data).toBeUndefined();
    expect(messagesOf(over)).toMatch(new RegExp(`Directives limit of ${limits.maxQueryDirectives} exceeded`));
  });

  it(`lets a document of ${limits.maxQueryTokens} tokens through and refuses one more`, async () => {
    // The fragment is 7 tokens, the braces 2, each spread 2 ("..." and "F"), the optional __typename 1.
    const fragment = 'fragment F on Query { __typename }';
    const tokens = (count: number) =>
      `{ ${count % 2 === 0 ? '__typename ' : ''}${'...F '.repeat(Math.floor((count - 9) / 2))}} ${fragment}`;
    expect((await stack.graphql(tokens(limits.maxQueryTokens))).errors).toBeUndefined();
    const over = await stack.graphql(tokens(limits.maxQueryTokens + 1));
    expect(over.status).toBe(400);
    expect(messagesOf(over)).toMatch(new RegExp(`Token limit of ${limits.maxQueryTokens} exceeded`));
  });

  it("lets GraphiQL's introspection query through", async () => {
    const answer = await stack.graphql(getIntrospectionQuery());
    expect(answer.errors).toBeUndefined();
  });

  it(`accepts a body of MAX_REQUEST_BYTES (${limits.maxRequestBytes}) and answers 413 to one byte more`, async () => {
    const bodyOf = (bytes: number) => {
      const empty = JSON.stringify({ query: '{ __typename }', variables: { pad: '' } });
      return JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(bytes - empty.length) } });
    };
    const post = (body: string) => fetch(stack.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect((await post(bodyOf(limits.maxRequestBytes))).status).toBe(200);
    const over = await post(bodyOf(limits.maxRequestBytes + 1));
    expect(over.status).toBe(413);
    expect(await over.json()).toMatchObject({ errors: [{ extensions: { code: 'ENTITY_TOO_LARGE' } }] });
  });

  it('refuses batched requests', async () => {
    const response = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(response.status).toBe(400);
  });
});

describe('production mode and CORS', () => {
  let production: RunningGateway;
  let development: RunningGateway;

  beforeAll(async () => {
    const env = (extra: Record<string, string>) =>
      loadConfig({ PORT: '0', LOG_LEVEL: 'error', S3_STORE: 'external', S3_ENDPOINT: stack.gateway.storeEndpoint ?? '', ...extra });
    production = await startGateway(env({ NODE_ENV: 'production', CORS_ORIGINS: 'https://app.example.test' }));
    development = await startGateway(env({}));
  });

  afterAll(async () => {
    await production.close();
    await development.close();
  });

  it('hides introspection, GraphiQL and field suggestions in production', async () => {
    const introspection = await postGraphQL(production.url, '{ __schema { queryType { name } } }');
    expect(messagesOf(introspection)).toMatch(/introspection/i);
    expect(messagesOf(await postGraphQL(production.url, '{ bucketz }'))).not.toMatch(/Did you mean/);
    expect(messagesOf(await postGraphQL(development.url, '{ bucketz }'))).toMatch(/Did you mean "bucket/);
    const page = await fetch(production.url, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    const developmentPage = await fetch(development.url, { headers: { accept: 'text/html' } });
    expect(developmentPage.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('answers CORS preflights for the listed origins only; without a list, for none', async () => {
    const preflight = (url: string, origin: string) =>
      fetch(url, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
      });
    const allowed = await preflight(production.url, 'https://app.example.test');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.test');
    // With one allowed origin the answer names that origin, which a browser on another origin does not accept.
    expect((await preflight(production.url, 'https://evil.example.test')).headers.get('access-control-allow-origin')).not.toBe(
      'https://evil.example.test',
    );
    expect((await preflight(development.url, 'https://app.example.test')).headers.get('access-control-allow-origin')).toBeNull();
  });
});
