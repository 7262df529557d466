import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { Client, fetchExchange } from '@urql/core';
import { NetworkError } from 'graphql-sse';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hashApiKey } from '../../src/auth/authenticate.js';
import { ACTIONS } from '../../src/auth/policy.js';
import { createApolloClient, uploadFile } from '../../examples/clients/apollo.js';
import { createRequestClient, putText } from '../../examples/clients/graphql-request.js';
import { watchFolder, type ObjectChange } from '../../examples/clients/graphql-sse.js';
import { DeleteMutation, FolderQuery, request } from '../../examples/clients/typed-client.js';
import { bucketNames, createUrqlClient } from '../../examples/clients/urql.js';
import { startStack, type TestStack } from '../support/stack.js';

/** Each client recipe of docs/clients.md, run with its real library against a real gateway that asks for credentials. */

const API_KEY = `s3gw_${randomBytes(16).toString('hex')}`;
const JWT = { JWT_SECRET: randomBytes(32).toString('hex'), JWT_ISSUER: 'https://id.example.test', JWT_AUDIENCE: 's3-graphql-gateway' };
const RECIPE_MANIFEST = fileURLToPath(new URL('../../examples/clients/gql/persisted-documents.json', import.meta.url));
let stack: TestStack;
let trusted: TestStack;
let policyDirectory: string;
let jwt: string;

beforeAll(async () => {
  policyDirectory = await mkdtemp(join(tmpdir(), 's3gw-recipes-'));
  const policyFile = join(policyDirectory, 'policy.json');
  const app = { name: 'app', apiKeys: [`sha256:${hashApiKey(API_KEY)}`], jwtSubjects: ['app@example.test'] };
  await writeFile(policyFile, JSON.stringify({ principals: [{ ...app, grants: [{ buckets: ['*'], prefixes: [''], actions: ACTIONS }] }] }));
  const auth = { AUTH_POLICY_FILE: policyFile, ...JWT };
  [stack, trusted] = await Promise.all([startStack(auth), startStack({ ...auth, TRUSTED_DOCUMENTS_FILE: RECIPE_MANIFEST })]);
  jwt = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('app@example.test')
    .setIssuer(JWT.JWT_ISSUER)
    .setAudience(JWT.JWT_AUDIENCE)
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(JWT.JWT_SECRET));
});

afterAll(async () => {
  await Promise.all([stack.close(), trusted.close()]);
  await rm(policyDirectory, { recursive: true, force: true });
});

async function storedText(key: string): Promise<string | undefined> {
  const object = await stack.s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: key }));
  return object.Body?.transformToString();
}

describe('Apollo Client 4 with apollo-upload-client', () => {
  it('uploads a file as a GraphQL multipart request', async () => {
    const client = createApolloClient(stack.gateway.url, API_KEY);
    const file = new Blob(['uploaded by Apollo'], { type: 'text/plain' });
    expect(await uploadFile(client, stack.bucket, 'apollo/notes.txt', file)).toEqual({
      __typename: 'S3Object',
      key: 'apollo/notes.txt',
      size: 18,
      contentType: 'text/plain',
    });
    expect(await storedText('apollo/notes.txt')).toBe('uploaded by Apollo');
  });

  it('reports the code of a failed mutation and of a refused credential', async () => {
    const file = new Blob(['x']);
    await expect(uploadFile(createApolloClient(stack.gateway.url, API_KEY), 'no-such-bucket-here', 'a.txt', file)).rejects.toThrow(
      /^NO_SUCH_BUCKET: /,
    );
    await expect(uploadFile(createApolloClient(stack.gateway.url, 'not-a-key'), stack.bucket, 'a.txt', file)).rejects.toThrow(
      /^UNAUTHENTICATED: /,
    );
  });
});

describe('urql', () => {
  it("fails with its defaults: queries go as GET, which the gateway's CSRF prevention refuses without a header", async () => {
    const defaults = new Client({
      url: stack.gateway.url,
      exchanges: [fetchExchange],
      fetchOptions: () => ({ headers: { authorization: `Bearer ${jwt}` } }),
    });
    await expect(bucketNames(defaults)).rejects.toThrow(/Required CSRF header\(s\) not present/);
  });

  it('works with the preflight header of the recipe, still by GET', async () => {
    const sent = vi.spyOn(globalThis, 'fetch');
    try {
      expect(await bucketNames(createUrqlClient(stack.gateway.url, jwt))).toContain(stack.bucket);
      expect(sent.mock.calls.map(([, init]) => init?.method)).toEqual(['GET']);
    } finally {
      sent.mockRestore();
    }
  });
});

describe('graphql-request', () => {
  it('puts text, and reports the code of a failed mutation and of a refused credential', async () => {
    const client = createRequestClient(stack.gateway.url, API_KEY);
    expect(await putText(client, stack.bucket, 'request/hello.txt', 'Hello')).toEqual({ key: 'request/hello.txt', size: 5 });
    expect(await storedText('request/hello.txt')).toBe('Hello');
    await expect(putText(client, stack.bucket, '', 'x')).rejects.toThrow(/^INVALID_INPUT: /);
    await expect(putText(createRequestClient(stack.gateway.url, 'not-a-key'), stack.bucket, 'a.txt', 'x')).rejects.toThrow(
      /^UNAUTHENTICATED \(HTTP 401\): /,
    );
  });
});

describe('graphql-sse', () => {
  it("follows a folder's changes", async () => {
    const changes: ObjectChange[] = [];
    const errors: unknown[] = [];
    const stop = watchFolder(
      stack.gateway.url,
      API_KEY,
      { bucket: stack.bucket, prefix: 'watched/' },
      (change) => changes.push(change),
      (error) => errors.push(error),
    );
    const client = createRequestClient(stack.gateway.url, API_KEY);
    try {
      // Until the subscription is open a change passes unseen: write until one is heard.
      await expect
        .poll(
          async () => {
            await putText(client, stack.bucket, 'watched/new.txt', 'hi');
            return changes;
          },
          { timeout: 30_000 },
        )
        .toContainEqual({ kind: 'CREATED', key: 'watched/new.txt', size: 2 });
      expect(errors).toEqual([]);
    } finally {
      stop();
    }
  });

  it('hears the refusal of a credential the gateway does not know', async () => {
    const error = await new Promise<unknown>((resolve) => {
      const stop = watchFolder(
        stack.gateway.url,
        'not-a-key',
        { bucket: stack.bucket, prefix: '' },
        () => undefined,
        (failure) => {
          stop();
          resolve(failure);
        },
      );
    });
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).response?.status).toBe(401);
  });
});

describe('the generated typed client', () => {
  it('lists and deletes with typed documents, on a gateway that runs any operation and on one that runs only trusted documents', async () => {
    for (const gateway of [stack, trusted]) {
      await gateway.s3.send(new PutObjectCommand({ Bucket: gateway.bucket, Key: 'typed/a.txt', Body: 'a' }));
      const folder = await request(gateway.gateway.url, jwt, FolderQuery, { bucket: gateway.bucket, prefix: 'typed/' });
      expect(folder.bucket?.objects.edges.map(({ node }) => node)).toEqual([{ key: 'typed/a.txt', size: 1 }]);
      const { deleteObject } = await request(gateway.gateway.url, jwt, DeleteMutation, { bucket: gateway.bucket, key: 'typed/a.txt' });
      expect(deleteObject).toEqual({ success: true, error: null });
    }
  });
});
