import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../src/auth/authenticate.js';
import { watchChanges, type ObservedChange } from '../support/object-changes.js';
import { COPY_OBJECT, DELETE_OBJECT, MOVE_OBJECT, PUT_OBJECT } from '../support/operations.js';
import { postGraphQL, startStack, type TestStack } from '../support/stack.js';

/** objectChanged on one gateway process, in memory: what each operation announces, and to whom. */

let stack: TestStack;
let policyDirectory: string;
const keys = {
  owner: `s3gw_${randomBytes(16).toString('hex')}`,
  team: `s3gw_${randomBytes(16).toString('hex')}`,
  stranger: `s3gw_${randomBytes(16).toString('hex')}`,
};
const as = (caller: keyof typeof keys) => ({ authorization: `Bearer ${keys[caller]}` });

async function call(query: string, input: Record<string, unknown>): Promise<void> {
  const response = await fetch(stack.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...as('owner') },
    body: JSON.stringify({ query, variables: { input } }),
  });
  const answer = (await response.json()) as { data?: Record<string, { success: boolean }> };
  expect(Object.values(answer.data ?? {})[0]?.success, JSON.stringify(answer)).toBe(true);
}

const DELETE_PREFIX = 'mutation($input: DeletePrefixInput!) { deletePrefix(input: $input) { success } }';
const summary = ({ kind, key }: ObservedChange) => `${kind} ${key}`;

beforeAll(async () => {
  policyDirectory = await mkdtemp(join(tmpdir(), 's3gw-events-policy-'));
  const policyFile = join(policyDirectory, 'policy.json');
  const principal = (name: keyof typeof keys, grants: unknown[]) => ({ name, apiKeys: [`sha256:${hashApiKey(keys[name])}`], grants });
  await writeFile(
    policyFile,
    JSON.stringify({
      principals: [
        principal('owner', [{ buckets: ['*'], actions: ['list', 'read', 'write', 'delete'] }]),
        principal('team', [{ buckets: ['*'], prefixes: ['team/'], actions: ['read'] }]),
        principal('stranger', [{ buckets: ['elsewhere'], actions: ['list', 'read'] }]),
      ],
    }),
  );
  stack = await startStack({ AUTH_POLICY_FILE: policyFile });
});

afterAll(async () => {
  await stack.close();
  await rm(policyDirectory, { recursive: true, force: true });
});

describe('objectChanged', () => {
  it('announces puts, copies, moves, deletes and each object of a bulk job, below the prefix only', async () => {
    const changes = await watchChanges(stack.gateway.url, { bucket: stack.bucket, prefix: 'docs/' }, as('owner'));
    expect(changes.status).toBe(200);
    const { bucket } = stack;
    await call(PUT_OBJECT, { bucket, key: 'other/ignored.txt', text: 'not below docs/' });
    await call(PUT_OBJECT, { bucket, key: 'docs/a.txt', text: 'abc' });
    await call(COPY_OBJECT, { bucket, key: 'docs/a.txt', destinationKey: 'docs/b.txt' });
    await call(MOVE_OBJECT, { bucket, key: 'docs/b.txt', destinationKey: 'docs/c.txt' });
    await call(DELETE_OBJECT, { bucket, key: 'docs/a.txt' });
    await call(DELETE_PREFIX, { bucket, prefix: 'docs/' });
    const seen = await changes.until((change) => change.key === 'docs/c.txt' && change.kind === 'DELETED');
    changes.close();
    expect(seen.map(summary)).toEqual([
      'CREATED docs/a.txt',
      'CREATED docs/b.txt',
      'CREATED docs/c.txt',
      'DELETED docs/b.txt',
      'DELETED docs/a.txt',
      'DELETED docs/c.txt',
    ]);
    expect(seen[0]).toEqual({ kind: 'CREATED', bucket, key: 'docs/a.txt', size: 3 });
  });

  it('announces to each caller only the keys its policy lets it list or read, and refuses a bucket it has no grant in', async () => {
    const { bucket } = stack;
    const team = await watchChanges(stack.gateway.url, { bucket }, as('team'));
    await call(PUT_OBJECT, { bucket, key: 'private/secret.txt', text: 'x' });
    await call(PUT_OBJECT, { bucket, key: 'team/shared.txt', text: 'x' });
    expect(summary(await team.next())).toBe('CREATED team/shared.txt');
    team.close();

    const stranger = await watchChanges(stack.gateway.url, { bucket }, as('stranger'));
    expect((await stranger.errors()).map((error) => error.extensions?.code)).toEqual(['ACCESS_DENIED']);
    stranger.close();
    const anonymous = await postGraphQL(stack.gateway.url, 'subscription { objectChanged(bucket: "b") { key } }');
    expect(anonymous.status).toBe(401);
  });
});
