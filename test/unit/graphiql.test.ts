import { afterEach, describe, expect, it, vi } from 'vitest';
import { exampleQuery, exampleTabs, graphiqlAsset, renderGraphiQLPage } from '../../src/server/graphiql.js';
import { createFetcher } from '../../web/src/graphiql-fetcher.js';

function renderOptions(html: string): Record<string, unknown> {
  const match = /const options = (.*);\n/.exec(html);
  return JSON.parse(match?.[1] ?? 'null') as Record<string, unknown>;
}

describe('the GraphiQL page', () => {
  it('opens with the example query (yoga-graphiql reads `query`, not `defaultQuery`)', () => {
    const html = renderGraphiQLPage({ title: 's3-graphql-gateway', defaultQuery: exampleQuery('demo') });
    expect(renderOptions(html).query).toBe(exampleQuery('demo'));
    expect(exampleQuery('demo')).toContain('bucket(name: "demo")');
  });

  it('loads everything from the gateway itself', () => {
    const html = renderGraphiQLPage({});
    expect(html).not.toMatch(/https?:\/\//);
    for (const [, path = ''] of html.matchAll(/(?:src|href)="([^"]+)"/g)) {
      if (!path.startsWith('data:')) expect(graphiqlAsset(path), path).toBeDefined();
    }
  });

  it('cannot be broken out of by a query or title holding </script>', () => {
    const html = renderGraphiQLPage({ title: '</title><script>alert(1)</script>', defaultQuery: '# </script><script>alert(2)</script>' });
    expect(html).not.toContain('<script>alert');
    expect(renderOptions(html).query).toBe('# </script><script>alert(2)</script>');
  });

  it('serves only the listed asset files', () => {
    expect(graphiqlAsset('/graphiql/assets/graphiql.css')?.contentType).toMatch(/^text\/css/);
    for (const path of [
      '/graphiql/assets/../package.json',
      '/graphiql/assets/',
      '/graphiql/assets/constructor',
      '/graphiql/assets/__proto__',
    ]) {
      expect(graphiqlAsset(path)).toBeUndefined();
    }
  });
});

describe('the example tabs', () => {
  it('open with browsing, then put, read, copy, move and delete, and explain uploads', () => {
    const html = renderGraphiQLPage({ defaultQuery: exampleQuery('demo') }, exampleTabs('demo'));
    const tabs = renderOptions(html).defaultTabs as { query: string; variables?: string }[];
    expect(tabs.map(({ query }) => /(?:query|mutation) (\w+)/.exec(query)?.[1])).toEqual([
      'Browse',
      'PutText',
      'Read',
      'Copy',
      'Move',
      'Delete',
      'PresignUpload',
    ]);
    expect(tabs[6]?.query).toMatch(/multipart request[\s\S]*curl[\s\S]*-F 0=@cat\.jpg/);
    for (const { variables } of tabs) if (variables !== undefined) expect(JSON.parse(variables)).toMatchObject({});
    expect(JSON.parse(tabs[1]?.variables ?? '')).toEqual({ input: { bucket: 'demo', key: 'hello.txt', text: 'Hello, S3!' } });
  });

  it('are valid operations of the schema', async () => {
    const { parse, validate } = await import('graphql');
    const { schema } = await import('../../src/schema/index.js');
    for (const { query } of exampleTabs('demo')) expect(validate(schema, parse(query)), query).toEqual([]);
  });
});

describe("the page's fetcher", () => {
  const sent: { headers: Record<string, string>; body: Record<string, unknown> }[] = [];
  const fetcher = createFetcher('/graphql');
  const answer = (body: string, contentType: string) => {
    sent.length = 0;
    vi.stubGlobal('fetch', (_url: string, init: RequestInit) => {
      sent.push({ headers: init.headers as Record<string, string>, body: JSON.parse(init.body as string) as Record<string, unknown> });
      return Promise.resolve(new Response(body, { headers: { 'content-type': contentType } }));
    });
  };
  afterEach(() => vi.unstubAllGlobals());

  it('runs a query pasted over the example at once, although GraphiQL still names the example operation', async () => {
    answer('{"data":{"buckets":[]}}', 'application/json');
    const pasted = '# query Browse is gone\nquery Buckets { buckets { name } }';
    expect(await fetcher({ query: pasted, operationName: 'Browse' })).toEqual({ data: { buckets: [] } });
    expect(sent[0]?.body).toEqual({ query: pasted, operationName: 'Buckets' });
    await fetcher({ query: '{ buckets { name } }', operationName: 'Browse' });
    expect(sent[1]?.body).toEqual({ query: '{ buckets { name } }' });
  });

  it('sends the chosen one of several operations, and none when the name is not among them', async () => {
    answer('{"data":{}}', 'application/json');
    const document =
      'query A($k: String = "query B {") { buckets { name } }\nmutation B { __typename }\nfragment C on Query { __typename }';
    await fetcher({ query: document, variables: { k: 'x' }, operationName: 'B' }, { headers: { authorization: 'Bearer k' } });
    expect(sent[0]?.body).toEqual({ query: document, variables: { k: 'x' }, operationName: 'B' });
    expect(sent[0]?.headers).toMatchObject({ authorization: 'Bearer k', 'content-type': 'application/json' });
    await fetcher({ query: document, operationName: 'Gone' });
    expect(sent[1]?.body).toEqual({ query: document });
  });

  it('follows a subscription as server-sent events', async () => {
    answer(
      'event: next\ndata: {"data":{"job":{"done":false}}}\n\nevent: next\ndata: {"data":{"job":{"done":true}}}\n\nevent: complete\n\n',
      'text/event-stream',
    );
    const events = (await fetcher({
      query: 'subscription Follow { job(id: "1") { done } }',
      operationName: 'Browse',
    })) as AsyncIterable<unknown>;
    const received: unknown[] = [];
    for await (const event of events) received.push(event);
    expect(sent[0]?.headers.accept).toBe('text/event-stream');
    expect(received).toEqual([{ data: { job: { done: false } } }, { data: { job: { done: true } } }]);
  });
});
