import { describe, expect, it } from 'vitest';
import { downloadPath, graphqlUrl } from '../../src/shared/routes.js';

describe('routes', () => {
  it('names the GraphQL endpoint of an IPv4, IPv6 or named host', () => {
    expect(graphqlUrl('127.0.0.1', 4000)).toBe('http://127.0.0.1:4000/graphql');
    expect(graphqlUrl('::1', 4000)).toBe('http://[::1]:4000/graphql');
    expect(graphqlUrl('localhost', 80)).toBe('http://localhost:80/graphql');
  });

  it('builds download links that keep every key segment, slashes between them', () => {
    expect(downloadPath('demo', 'dir/some file+name?.txt')).toBe('/objects/demo/dir/some%20file%2Bname%3F.txt');
    expect(new URL(downloadPath('demo', 'a/#/b'), 'http://gateway').pathname).toBe('/objects/demo/a/%23/b');
  });
});
