import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BucketsDocument } from '../../web/src/gql/graphql.js';
import { startStack, type GraphQLResponse, type TestStack } from '../support/stack.js';

/** TRUSTED_DOCUMENTS_FILE: the gateway runs the object browser's manifest, as an operator would ship it, and nothing else. */

const MANIFEST = fileURLToPath(new URL('../../web/src/gql/persisted-documents.json', import.meta.url));
let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({ TRUSTED_DOCUMENTS_FILE: MANIFEST });
});

afterAll(async () => {
  await stack.close();
});

async function post(body: Record<string, unknown>): Promise<GraphQLResponse<{ buckets?: { name: string }[] }>> {
  const response = await fetch(stack.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

const persisted = (sha256Hash: string) => ({ persistedQuery: { version: 1, sha256Hash } });
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('trusted documents', () => {
  it('runs an operation of the manifest named by its hash', async () => {
    const manifest = JSON.parse(await readFile(MANIFEST, 'utf8')) as Record<string, string>;
    const [key] = Object.entries(manifest).find(([, document]) => /^query Buckets\b/.test(document)) ?? [''];
    const answer = await post({ extensions: persisted(key.replace(/^sha256:/, '')) });
    expect(answer.status).toBe(200);
    expect(answer.data?.buckets).toContainEqual({ name: stack.bucket });
  });

  it('runs the manifest document when a client sends its hash and its text (what the object browser sends)', async () => {
    const hash = String(BucketsDocument.__meta__?.hash).replace(/^sha256:/, '');
    const answer = await post({ query: BucketsDocument.toString(), extensions: persisted(hash) });
    expect(answer.data?.buckets).toContainEqual({ name: stack.bucket });
  });

  it('refuses a hash the manifest does not list, with a typed error', async () => {
    const answer = await post({ extensions: persisted(sha256('query Mine { buckets { name creationDate } }')) });
    expect(answer.status).toBe(400);
    expect(answer.data).toBeUndefined();
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors?.[0]?.extensions).toEqual({ code: 'UNTRUSTED_DOCUMENT' });
    expect(answer.errors?.[0]?.message).toMatch(/^No trusted document has this hash/);
  });

  it('refuses a query sent as text, even one the manifest holds', async () => {
    for (const query of ['{ buckets { name } }', BucketsDocument.toString()]) {
      const answer = await post({ query });
      expect(answer.status).toBe(400);
      expect(answer.errors).toHaveLength(1);
      expect(answer.errors?.[0]?.extensions).toEqual({ code: 'UNTRUSTED_DOCUMENT' });
      expect(answer.errors?.[0]?.message).toMatch(/runs only trusted documents/);
    }
  });

  it('answers GraphiQL with a page saying it is disabled, and why', async () => {
    const response = await fetch(stack.gateway.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('<h1>GraphiQL is disabled</h1>');
    expect(page).toContain('TRUSTED_DOCUMENTS_FILE');
    expect(page).not.toContain('yoga-graphiql');
  });
});
