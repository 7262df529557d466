import { describe, expect, it } from 'vitest';
import { exampleQuery, graphiqlAsset, renderGraphiQLPage } from '../../src/server/graphiql.js';

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
