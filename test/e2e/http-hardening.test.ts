import { request as httpRequest } from 'node:http';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startStack, type TestStack } from '../support/stack.js';

let stack: TestStack;
let origin: string;

beforeAll(async () => {
  stack = await startStack();
  origin = new URL(stack.gateway.url).origin;
});

afterAll(() => stack.close());

async function post(body: Record<string, unknown>): Promise<void> {
  const response = await fetch(stack.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
}

const metricsText = async () => (await fetch(`${origin}/metrics`)).text();

/** The distinct values of the operation name labels (yoga's operationName, the gateway's operation) at /metrics. */
function operationNames(metrics: string): Set<string> {
  return new Set([...metrics.matchAll(/\boperation(?:Name)?="([^"]*)"/g)].map((match) => match[1] ?? ''));
}

describe('metrics under many operation names', () => {
  it('keep a bounded number of names: only names of valid documents, the first 50, the rest as "other"', async () => {
    await post({ query: 'query Warm { __typename }' });
    const before = await metricsText();
    const requests = Array.from({ length: 3000 }, (_, index) => {
      if (index % 3 === 0) return { query: `query Invalid${index} { noSuchField }` };
      if (index % 3 === 1) return { query: `query Valid${index} { __typename }` };
      return { query: 'query Named { __typename }', operationName: `Stray${index}` };
    });
    for (let start = 0; start < requests.length; start += 25) await Promise.all(requests.slice(start, start + 25).map(post));
    const after = await metricsText();
    const names = operationNames(after);
    expect(names.has('Warm')).toBe(true);
    expect(names.has('other')).toBe(true);
    expect([...names].filter((name) => name.startsWith('Invalid') || name.startsWith('Stray'))).toEqual([]);
    expect(names.size).toBeLessThanOrEqual(50 + 2);
    // 3000 names once grew /metrics from 22 KB to 16.7 MB.
    expect(after.length - before.length).toBeLessThan(512 * 1024);
  });
});

/** A GraphQL POST with a Host header of the caller's choosing, which fetch does not let a client set. */
function postWithHost(host: string, query: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      stack.gateway.url,
      { method: 'POST', headers: { host, 'content-type': 'application/json' } },
      (incoming) => {
        let body = '';
        incoming.on('data', (chunk: Buffer) => (body += chunk.toString()));
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(JSON.stringify({ query }));
  });
}

describe('links to the gateway without PUBLIC_URL', () => {
  it("use the gateway's own address, whatever Host header the request carries", async () => {
    await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: 'linked.txt', Body: 'x' }));
    const answer = await postWithHost('evil.example', `{ object(bucket: "${stack.bucket}", key: "linked.txt") { gatewayUrl } }`);
    expect(answer.status).toBe(200);
    const { data } = JSON.parse(answer.body) as { data: { object: { gatewayUrl: string } } };
    expect(data.object.gatewayUrl).toBe(`${origin}/objects/${stack.bucket}/linked.txt`);
  });
});

const limits = loadConfig({ HOME: '/nonexistent' }).limits;

/** object → document → object → ... : `levels` fields deep. */
function nestedQuery(levels: number): string {
  let selection = levels % 2 === 0 ? 'key' : 'name';
  for (let level = levels - 1; level >= 2; level -= 1) selection = `${level % 2 === 0 ? 'document' : 'object'} { ${selection} }`;
  return `{ object(bucket: "b", key: "a.txt") { ${selection} } }`;
}

describe('documents past the depth, alias and directive limits', () => {
  const overLimit: Record<string, string> = {
    depth: nestedQuery(limits.maxQueryDepth + 1),
    aliases: `{ ${Array.from({ length: limits.maxQueryAliases + 1 }, (_, index) => `a${index}: job(id: "none") { id }`).join(' ')} }`,
    directives: `{ ${'__typename @skip(if: false) '.repeat(limits.maxQueryDirectives + 1)}}`,
  };
  for (const [limit, query] of Object.entries(overLimit)) {
    it(`are refused past the ${limit} limit with 400 and QUERY_TOO_COMPLEX`, async () => {
      const response = await fetch(stack.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
        body: JSON.stringify({ query }),
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'QUERY_TOO_COMPLEX' } }] });
    });
  }
});
