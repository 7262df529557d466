import { describe, expect, it } from 'vitest';
import { exampleQuery, exampleTabs, graphiqlAsset, renderGraphiQLPage } from '../../src/server/graphiql.js';

function renderOptions(html: string): Record<string, unknown> {
  const match = /renderYogaGraphiQL\(document\.getElementById\('root'\), (.*)\);<\/script>/.exec(html);
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
