import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createGatewayRuntime, type GatewayPlugin, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUsersSubgraph, type User } from '../../examples/federation/users-subgraph.js';
import { hashApiKey } from '../../src/auth/authenticate.js';
import { startS3Proxy, type S3Proxy } from '../support/s3-proxy.js';
import { startStack, type GraphQLResponse, type TestStack } from '../support/stack.js';
import { composeExampleSupergraph, compositionHasErrors } from '../support/supergraph.js';

/**
 * A real supergraph: Hive Gateway in front of this gateway (FEDERATION=true, behind the S3 request counter) and the
 * example users subgraph, whose avatars are objects of the stack's bucket.
 */

const USER_COUNT = 100;
const readerKey = `s3gw_${randomBytes(16).toString('hex')}`;
const strangerKey = `s3gw_${randomBytes(16).toString('hex')}`;
const avatarOf = (index: number) => `users/${index}.png`;
const avatarBytes = (index: number) => Buffer.from(`avatar of user ${index}`);
const users: User[] = Array.from({ length: USER_COUNT }, (_, index) => ({
  id: String(index),
  name: `user ${index}`,
  avatarKey: avatarOf(index),
}));

let stack: TestStack;
let proxy: S3Proxy;
let policyDirectory: string;
let usersServer: Server;
let supergraph: GatewayRuntime;
let supergraphServer: Server;
let supergraphUrl: string;
/** Requests the supergraph gateway sent to each subgraph, by subgraph name. */
const subgraphRequests: string[] = [];

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`)),
  );
const closeServer = (server: Server) => new Promise((resolve) => server.close(resolve));

async function querySupergraph<T>(apiKey: string, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> {
  const response = await fetch(supergraphUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', 'x-api-key': apiKey },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as Omit<GraphQLResponse<T>, 'status'>) };
}

beforeAll(async () => {
  stack = await startStack();
  proxy = await startS3Proxy(stack.gateway.storeEndpoint ?? '');
  policyDirectory = await mkdtemp(join(tmpdir(), 's3gw-federation-'));
  const policyFile = join(policyDirectory, 'policy.json');
  await writeFile(
    policyFile,
    JSON.stringify({
      principals: [
        {
          name: 'reader',
          apiKeys: [`sha256:${hashApiKey(readerKey)}`],
          grants: [
            { buckets: [stack.bucket], actions: ['list', 'read'] },
            { buckets: [stack.bucket], prefixes: ['scratch/'], actions: ['write', 'delete'] },
          ],
        },
        {
          name: 'stranger',
          apiKeys: [`sha256:${hashApiKey(strangerKey)}`],
          grants: [{ buckets: ['another-team'], actions: ['list', 'read'] }],
        },
      ],
    }),
  );
  await Promise.all(
    users.map((_, index) =>
      stack.s3.send(
        new PutObjectCommand({ Bucket: stack.bucket, Key: avatarOf(index), Body: avatarBytes(index), ContentType: 'image/png' }),
      ),
    ),
  );
  const storage = await stack.gatewayVia(proxy.endpoint, { FEDERATION: 'true', AUTH_POLICY_FILE: policyFile });
  usersServer = createServer(createUsersSubgraph(users, stack.bucket));
  const composed = composeExampleSupergraph({ storage: storage.url, users: await listen(usersServer) });
  if (compositionHasErrors(composed)) throw new Error(composed.errors.map((error) => error.message).join('\n'));
  supergraph = createGatewayRuntime({
    supergraph: composed.supergraphSdl,
    logging: false,
    // Hive Gateway refuses multipart requests (HTTP 415) unless told to take them.
    multipart: true,
    // The caller's credentials go on to every subgraph, where this gateway's policy judges them.
    propagateHeaders: {
      fromClientToSubgraphs: ({ request }) => ({
        authorization: request.headers.get('authorization'),
        'x-api-key': request.headers.get('x-api-key'),
        // This gateway takes multipart requests only with a CSRF header; the supergraph gateway is the browser's peer.
        'x-graphql-yoga-csrf': 'supergraph',
      }),
    },
    plugins: (): GatewayPlugin[] => [{ onSubgraphExecute: ({ subgraphName }) => void subgraphRequests.push(subgraphName) }],
  });
  supergraphServer = createServer(supergraph);
  supergraphUrl = await listen(supergraphServer);
});

afterAll(async () => {
  await closeServer(supergraphServer);
  await supergraph.dispose();
  await closeServer(usersServer);
  await stack.close();
  await proxy.close();
  await rm(policyDirectory, { recursive: true, force: true });
});

interface AvatarAnswer {
  user: { name: string; avatar: { size: number; contentType: string; downloadUrl: string } | null };
}

const USER_AVATAR = /* GraphQL */ `
  query ($id: ID!) {
    user(id: $id) {
      name
      avatar {
        size
        contentType
        downloadUrl
      }
    }
  }
`;

describe('the gateway as a subgraph of a Hive Gateway supergraph', () => {
  it("answers a query across both subgraphs: a user's name and its avatar's size, type and a downloadUrl that downloads it", async () => {
    const answer = await querySupergraph<AvatarAnswer>(readerKey, USER_AVATAR, { id: '7' });
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.user).toMatchObject({ name: 'user 7', avatar: { size: avatarBytes(7).length, contentType: 'image/png' } });
    const download = await fetch(answer.data?.user.avatar?.downloadUrl ?? '');
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(avatarBytes(7));
  });

  it('answers a caller without grants ACCESS_DENIED on the S3 fields, with the rest of the answer, before any S3 request', async () => {
    proxy.reset();
    const answer = await querySupergraph<AvatarAnswer>(strangerKey, USER_AVATAR, { id: '7' });
    expect(answer.data?.user).toEqual({ name: 'user 7', avatar: null });
    // Hive Gateway puts an entity's error on the first field the query selects of it.
    expect(answer.errors?.map((error) => [error.extensions?.code, error.path])).toEqual([['ACCESS_DENIED', ['user', 'avatar', 'size']]]);
    expect(answer.errors?.[0]?.message).toMatch(/policy does not allow you to read "users\/7.png"/);
    expect(proxy.operations).toEqual([]);
  });

  it('resolves 100 avatars in one _entities request to this gateway, with one HeadObject each', async () => {
    proxy.reset();
    subgraphRequests.length = 0;
    const answer = await querySupergraph<{ users: { avatar: { size: number; contentType: string } }[] }>(
      readerKey,
      '{ users { avatar { size contentType } } }',
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.users.map(({ avatar }) => avatar.size)).toEqual(users.map((_, index) => avatarBytes(index).length));
    expect(subgraphRequests).toEqual(['users', 'storage']);
    expect(proxy.operations).toEqual(Array.from({ length: USER_COUNT }, () => 'HeadObject'));
  });

  it('follows a job over server-sent events through the supergraph gateway', async () => {
    const keys = ['scratch/1.txt', 'scratch/2.txt', 'scratch/3.txt'];
    await Promise.all(keys.map((key) => stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: key, Body: key }))));
    const started = await querySupergraph<{ deletePrefix: { job: { id: string } } }>(
      readerKey,
      'mutation ($input: DeletePrefixInput!) { deletePrefix(input: $input) { job { id } } }',
      { input: { bucket: stack.bucket, prefix: 'scratch/', wait: false } },
    );
    const response = await fetch(supergraphUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-api-key': readerKey },
      body: JSON.stringify({
        query: 'subscription ($id: ID!) { job(id: $id) { state done succeeded } }',
        variables: { id: started.data?.deletePrefix.job.id },
      }),
    });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events = (await response.text())
      .split('\n')
      .filter((line) => line.startsWith('data: {'))
      .map((line) => (JSON.parse(line.slice(6)) as { data: { job: { state: string; done: boolean; succeeded: number } } }).data.job);
    expect(events.at(-1)).toEqual({ state: 'SUCCEEDED', done: true, succeeded: keys.length });
  });

  it('stores a file of a multipart putObject sent through the supergraph gateway', async () => {
    const form = new FormData();
    form.append(
      'operations',
      JSON.stringify({
        query: 'mutation ($input: PutObjectInput!) { putObject(input: $input) { success error { code message } object { key size } } }',
        variables: { input: { bucket: stack.bucket, key: 'scratch/uploaded.txt', file: null } },
      }),
    );
    form.append('map', JSON.stringify({ 0: ['variables.input.file'] }));
    form.append('0', new Blob(['uploaded through the supergraph']), 'uploaded.txt');
    const response = await fetch(supergraphUrl, { method: 'POST', body: form, headers: { 'x-api-key': readerKey } });
    const answer = (await response.json()) as GraphQLResponse<{ putObject: { success: boolean; object: { size: number } } }>;
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.putObject).toMatchObject({ success: true, object: { size: 'uploaded through the supergraph'.length } });
    const stored = await stack.s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: 'scratch/uploaded.txt' }));
    expect(await stored.Body?.transformToString()).toBe('uploaded through the supergraph');
  });
});
