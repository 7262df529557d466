import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../src/auth/authenticate.js';
import { ACTIONS, type Action } from '../../src/auth/policy.js';
import { startS3Proxy, type S3Proxy } from '../support/s3-proxy.js';
import { COPY_OBJECT, DELETE_OBJECT, MOVE_OBJECT, PUT_OBJECT } from '../support/operations.js';
import { startStack, type TestStack } from '../support/stack.js';

const JWT_SECRET = 'e2e-jwt-secret-of-at-least-32-characters';
const JWT_ISSUER = 'https://id.example.test';
const JWT_AUDIENCE = 's3-graphql-gateway';

type Caller = 'anonymous' | 'elsewhere' | 'owner' | `lacks-${Action}`;
const apiKeys = new Map<Caller, string>();
const keyOf = (caller: Caller) => {
  let key = apiKeys.get(caller);
  if (key === undefined) apiKeys.set(caller, (key = `s3gw_${randomBytes(16).toString('hex')}`));
  return key;
};

let stack: TestStack;
let proxy: S3Proxy;
let url: string;
let origin: string;
let policyDirectory: string;

/** A policy where `owner` may do everything in the stack's buckets, each `lacks-X` everything but X, and `elsewhere` everything but only below elsewhere/. */
function policyFor(bucket: string): string {
  const buckets = [`${bucket}*`];
  const principal = (caller: Caller, actions: readonly Action[], prefixes = ['']) => ({
    name: caller,
    apiKeys: [`sha256:${hashApiKey(keyOf(caller))}`],
    ...(caller === 'owner' ? { jwtSubjects: ['owner@example.test'] } : {}),
    grants: [{ buckets, prefixes, actions }],
  });
  return JSON.stringify({
    principals: [
      principal('owner', ACTIONS),
      principal('elsewhere', ACTIONS, ['elsewhere/']),
      ...ACTIONS.map((lacking) =>
        principal(
          `lacks-${lacking}`,
          ACTIONS.filter((action) => action !== lacking),
        ),
      ),
    ],
  });
}

const headersOf = (caller: Caller): Record<string, string> => (caller === 'anonymous' ? {} : { authorization: `Bearer ${keyOf(caller)}` });

/** A GraphQL multipart putObject of one small file, mapped to `mapPath`. */
function putFileForm(key: string, content: string, mapPath = 'variables.input.file'): FormData {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: PUT_OBJECT, variables: { input: { bucket: stack.bucket, key, file: null } } }));
  form.append('map', JSON.stringify({ 0: [mapPath] }));
  form.append('0', new Blob([content]), key.split('/').pop());
  return form;
}

interface Answer {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function graphql(caller: Caller, query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headersOf(caller) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

/** Every `code` an answer carries: in its errors and in the `error` of mutation payloads. */
function codesIn(answer: Answer): string[] {
  const codes = (answer.body.errors ?? []).map((error) => error.extensions?.code ?? 'NONE');
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      for (const [name, inner] of Object.entries(value)) {
        if (name === 'error' && inner !== null && typeof inner === 'object') codes.push(String((inner as { code: unknown }).code));
        else visit(inner);
      }
    }
  };
  visit(answer.body.data);
  return codes;
}

interface Operation {
  name: string;
  needs: Action[];
  /** Signed by the gateway itself: even when allowed, no S3 request. */
  presigned?: true;
  /** What the embedded store answers the owner: it has no object lock. */
  unsupported?: true;
  run(caller: Caller): Promise<Answer>;
}

const bucketQuery = (selection: string) => (caller: Caller) =>
  graphql(caller, `query ($bucket: String!) { bucket(name: $bucket) { ${selection} } }`, { bucket: stack.bucket });

const mutation = (query: string, input: () => Record<string, unknown>) => (caller: Caller) =>
  graphql(caller, query, { input: { bucket: stack.bucket, ...input() } });

const BATCH = (name: string, inputType: string) =>
  `mutation ($input: ${inputType}!) { ${name}(input: $input) { success error { code message } } }`;

const operations: Operation[] = [
  { name: 'list objects', needs: ['list'], run: bucketQuery('objects(prefix: "team/") { edges { node { key } } }') },
  { name: 'list prefixes', needs: ['list'], run: bucketQuery('prefixes(prefix: "team/") { edges { node { prefix } } }') },
  { name: 'list entries', needs: ['list'], run: bucketQuery('entries(prefix: "team/") { edges { node { __typename } } }') },
  { name: 'search', needs: ['list'], run: bucketQuery('search(prefix: "team/", glob: "*.txt") { edges { node { key } } }') },
  { name: 'summary', needs: ['list'], run: bucketQuery('summary(prefix: "team/") { objects bytes }') },
  { name: 'createFolder', needs: ['write'], run: mutation(BATCH('createFolder', 'CreateFolderInput'), () => ({ prefix: 'team/folder' })) },
  {
    // The link is made by the gateway alone: the ZIP's reads happen when it is opened.
    name: 'createArchive of keys',
    needs: ['read'],
    presigned: true,
    run: mutation(BATCH('createArchive', 'CreateArchiveInput'), () => ({ keys: ['team/a.txt'] })),
  },
  { name: 'object metadata', needs: ['read'], run: bucketQuery('object(key: "team/a.txt") { contentType metadata { key } }') },
  {
    name: 'getObject',
    needs: ['read'],
    run: (caller) =>
      graphql(caller, 'query ($b: String!) { getObject(bucket: $b, key: "team/a.txt") { text } }', {
        b: stack.bucket,
      }),
  },
  {
    name: 'presigned download URL',
    needs: ['read'],
    run: (caller) =>
      graphql(caller, 'query ($b: String!) { object(bucket: $b, key: "team/a.txt") { downloadUrl gatewayUrl } }', { b: stack.bucket }),
  },
  {
    name: 'download route',
    needs: ['read'],
    async run(caller) {
      const response = await fetch(`${origin}/objects/${stack.bucket}/team/a.txt`, { headers: headersOf(caller) });
      if (response.ok) return { status: response.status, body: { data: await response.text() } };
      return { status: response.status, body: (await response.json()) as Answer['body'] };
    },
  },
  { name: 'putObject', needs: ['write'], run: mutation(PUT_OBJECT, () => ({ key: 'team/put.txt', text: 'hello' })) },
  {
    name: 'putObject with a file',
    needs: ['write'],
    async run(caller) {
      const form = putFileForm('team/upload.bin', 'uploaded');
      const response = await fetch(url, {
        method: 'POST',
        body: form,
        headers: { 'graphql-require-preflight': '1', ...headersOf(caller) },
      });
      return { status: response.status, body: (await response.json()) as Answer['body'] };
    },
  },
  {
    name: 'presignUpload',
    needs: ['write'],
    presigned: true,
    run: mutation(BATCH('presignUpload', 'PresignUploadInput').replace('success', 'success url'), () => ({
      key: 'team/p.txt',
      contentType: 'text/plain',
    })),
  },
  {
    name: 'presignPost',
    needs: ['write'],
    presigned: true,
    run: mutation(BATCH('presignPost', 'PresignPostInput'), () => ({ key: 'team/p.txt' })),
  },
  { name: 'deleteObject', needs: ['delete'], run: mutation(DELETE_OBJECT, () => ({ key: 'team/del1.txt' })) },
  {
    name: 'deleteObjects',
    needs: ['delete'],
    run: mutation(BATCH('deleteObjects', 'DeleteObjectsInput'), () => ({ keys: ['team/del2.txt'] })),
  },
  {
    name: 'deletePrefix',
    needs: ['list', 'delete'],
    run: mutation(BATCH('deletePrefix', 'DeletePrefixInput'), () => ({ prefix: 'team/gone/' })),
  },
  {
    name: 'copyObject',
    needs: ['read', 'write'],
    run: mutation(COPY_OBJECT, () => ({ key: 'team/a.txt', destinationKey: 'team/copy.txt' })),
  },
  {
    name: 'moveObject',
    needs: ['read', 'delete', 'write'],
    run: mutation(MOVE_OBJECT, () => ({ key: 'team/move-src.txt', destinationKey: 'team/moved.txt' })),
  },
  {
    name: 'copyPrefix',
    needs: ['list', 'read', 'write'],
    run: mutation(BATCH('copyPrefix', 'CopyPrefixInput'), () => ({ prefix: 'team/sub/', destinationPrefix: 'team/sub-copy/' })),
  },
  {
    name: 'movePrefix',
    needs: ['list', 'read', 'delete', 'write'],
    run: mutation(BATCH('movePrefix', 'MovePrefixInput'), () => ({ prefix: 'team/mv/', destinationPrefix: 'team/mv-done/' })),
  },
  { name: 'object tags', needs: ['read'], run: bucketQuery('object(key: "team/a.txt") { tags { key } retention { mode } legalHold }') },
  {
    name: 'setObjectTags',
    needs: ['write'],
    run: mutation(BATCH('setObjectTags', 'SetObjectTagsInput'), () => ({ key: 'team/a.txt', tags: [{ key: 'k', value: 'v' }] })),
  },
  {
    name: 'updateObject',
    needs: ['write'],
    run: mutation(BATCH('updateObject', 'UpdateObjectInput'), () => ({ key: 'team/a.txt', contentType: 'text/markdown' })),
  },
  {
    name: 'setObjectRetention',
    needs: ['manageRetention'],
    unsupported: true,
    run: mutation(BATCH('setObjectRetention', 'SetObjectRetentionInput'), () => ({
      key: 'team/a.txt',
      mode: 'GOVERNANCE',
      retainUntil: new Date(Date.now() + 3600_000).toISOString(),
    })),
  },
  {
    name: 'setObjectLegalHold',
    needs: ['manageRetention'],
    unsupported: true,
    run: mutation(BATCH('setObjectLegalHold', 'SetObjectLegalHoldInput'), () => ({ key: 'team/a.txt', legalHold: true })),
  },
  {
    name: 'createBucket',
    needs: ['manageBuckets'],
    run: (caller) => graphql(caller, BATCH('createBucket', 'CreateBucketInput'), { input: { name: `${stack.bucket}-made` } }),
  },
  {
    name: 'deleteBucket',
    needs: ['manageBuckets'],
    run: (caller) => graphql(caller, BATCH('deleteBucket', 'DeleteBucketInput'), { input: { name: `${stack.bucket}-made` } }),
  },
];

beforeAll(async () => {
  stack = await startStack();
  proxy = await startS3Proxy(stack.gateway.storeEndpoint ?? '');
  policyDirectory = await mkdtemp(join(tmpdir(), 's3gw-policy-'));
  const policyFile = join(policyDirectory, 'policy.json');
  await writeFile(policyFile, policyFor(stack.bucket));
  url = (
    await stack.gatewayVia(proxy.endpoint, {
      AUTH_POLICY_FILE: policyFile,
      JWT_SECRET,
      JWT_ISSUER,
      JWT_AUDIENCE,
      MULTIPART_COPY_THRESHOLD_BYTES: String(5 * 1024 * 1024),
    })
  ).url;
  origin = new URL(url).origin;
  for (const key of [
    'team/a.txt',
    'team/sub/b.txt',
    'team/del1.txt',
    'team/del2.txt',
    'team/gone/x.txt',
    'team/move-src.txt',
    'team/mv/y.txt',
  ])
    await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: key, Body: `content of ${key}`, ContentType: 'text/plain' }));
});

afterAll(async () => {
  await stack.close();
  await proxy.close();
  await rm(policyDirectory, { recursive: true, force: true });
});

describe('every operation is refused before any S3 request unless the caller holds what it needs', () => {
  for (const operation of operations) {
    it(`${operation.name}: anonymous 401, lacking ${operation.needs.join(' or ')} or only elsewhere/ denied, owner allowed`, async () => {
      const refusedCallers: Caller[] = [...operation.needs.map((action): Caller => `lacks-${action}`), 'elsewhere'];
      proxy.reset();
      const anonymous = await operation.run('anonymous');
      expect(anonymous.status).toBe(401);
      expect(codesIn(anonymous)).toEqual(['UNAUTHENTICATED']);
      for (const caller of refusedCallers) {
        const answer = await operation.run(caller);
        expect(codesIn(answer), caller).toContain('ACCESS_DENIED');
        expect(JSON.stringify(answer.body), caller).toMatch(/policy does not allow you to/);
      }
      expect(proxy.operations).toEqual([]);
      const allowed = await operation.run('owner');
      expect(allowed.status).toBe(200);
      expect(codesIn(allowed)).toEqual(operation.unsupported ? ['NOT_SUPPORTED'] : []);
      if (operation.presigned === undefined) expect(proxy.operations.length).toBeGreaterThan(0);
    });
  }

  it('carried out what the owner asked, and nothing that was refused', async () => {
    const { Contents = [] } = await stack.s3.send(new ListObjectsV2Command({ Bucket: stack.bucket }));
    expect(Contents.map(({ Key }) => Key).sort()).toEqual([
      'team/a.txt',
      'team/copy.txt',
      'team/folder/',
      'team/moved.txt',
      'team/mv-done/y.txt',
      'team/put.txt',
      'team/sub-copy/b.txt',
      'team/sub/b.txt',
      'team/upload.bin',
    ]);
  });
});

/** The version operations: the embedded store keeps no versions, so a caller the policy lets through hears NOT_SUPPORTED. */
const versionOperations: Operation[] = [
  { name: 'object versions', needs: ['read'], run: bucketQuery('object(key: "team/a.txt") { versions { edges { node { versionId } } } }') },
  {
    name: 'objectVersions of a prefix',
    needs: ['list', 'read'],
    run: bucketQuery('objectVersions(prefix: "team/") { edges { node { key } } }'),
  },
  {
    name: 'getObject of a version',
    needs: ['read'],
    run: (caller) =>
      graphql(caller, 'query ($b: String!) { getObject(bucket: $b, key: "team/a.txt", versionId: "v1") { text } }', { b: stack.bucket }),
  },
  {
    name: 'download route of a version',
    needs: ['read'],
    async run(caller) {
      const response = await fetch(`${origin}/objects/${stack.bucket}/team/a.txt?versionId=v1`, { headers: headersOf(caller) });
      return { status: response.status, body: (await response.json()) as Answer['body'] };
    },
  },
  {
    name: 'restoreObjectVersion',
    needs: ['read', 'write'],
    run: mutation(BATCH('restoreObjectVersion', 'RestoreObjectVersionInput'), () => ({ key: 'team/a.txt', versionId: 'v1' })),
  },
  {
    name: 'deleteObject of a version',
    needs: ['deleteVersion'],
    run: mutation(DELETE_OBJECT, () => ({ key: 'team/a.txt', versionId: 'v1' })),
  },
  {
    name: 'restorePrefix',
    needs: ['list', 'read', 'write', 'delete'],
    run: mutation(BATCH('restorePrefix', 'RestorePrefixInput'), () => ({ prefix: 'team/', at: '2026-01-01T00:00:00Z' })),
  },
  {
    name: 'setBucketVersioning',
    needs: ['manageBuckets'],
    run: mutation(BATCH('setBucketVersioning', 'SetBucketVersioningInput'), () => ({ enabled: true })),
  },
];

describe('every version operation is refused before any S3 request unless the caller holds what it needs', () => {
  for (const operation of versionOperations) {
    it(`${operation.name}: lacking ${operation.needs.join(' or ')} or only elsewhere/ denied, owner let through`, async () => {
      const refusedCallers: Caller[] = [...operation.needs.map((action): Caller => `lacks-${action}`), 'elsewhere'];
      proxy.reset();
      for (const caller of refusedCallers) {
        const answer = await operation.run(caller);
        expect(codesIn(answer), caller).toContain('ACCESS_DENIED');
        expect(JSON.stringify(answer.body), caller).toMatch(/policy does not allow you to/);
      }
      expect(proxy.operations).toEqual([]);
      expect(codesIn(await operation.run('owner'))).toEqual(['NOT_SUPPORTED']);
    });
  }

  it('refuses a version delete to a caller that may delete objects but not deleteVersion, and says so', async () => {
    const answer = await graphql('lacks-deleteVersion', DELETE_OBJECT, {
      input: { bucket: stack.bucket, key: 'team/a.txt', versionId: 'v1' },
    });
    expect(codesIn(answer)).toEqual(['ACCESS_DENIED']);
    expect(JSON.stringify(answer.body)).toMatch(/delete versions of .*team\/a.txt.* for good/);
  });
});

describe('listings and jobs show only what the caller may see', () => {
  it('lists only the buckets a caller may list in, and asks S3 nothing for a caller who may list nothing', async () => {
    const owner = await graphql('owner', '{ buckets { name } }');
    expect(owner.body.data).toEqual({ buckets: expect.arrayContaining([{ name: stack.bucket }]) as unknown });
    proxy.reset();
    expect((await graphql('lacks-list', '{ buckets { name } }')).body.data).toEqual({ buckets: [] });
    expect(proxy.operations).toEqual([]);
  });

  it('checks only the listings a query includes: a denied one under @skip or @include(if: false) does not null the bucket', async () => {
    const query = `query ($b: String!, $include: Boolean!) {
      bucket(name: $b) {
        name
        skipped: objects(prefix: "team/") @skip(if: true) { edges { node { key } } }
        ... @include(if: $include) { prefixes(prefix: "team/") { edges { node { prefix } } } }
      }
    }`;
    const excluded = await graphql('elsewhere', query, { b: stack.bucket, include: false });
    expect(excluded.body).toEqual({ data: { bucket: { name: stack.bucket } } });
    const included = await graphql('elsewhere', query, { b: stack.bucket, include: true });
    expect(included.body.data).toEqual({ bucket: null });
    expect(codesIn(included)).toEqual(['ACCESS_DENIED']);
  });

  it('shows a job to the caller that started it only', async () => {
    const started = await graphql('owner', 'mutation ($input: DeletePrefixInput!) { deletePrefix(input: $input) { job { id } } }', {
      input: { bucket: stack.bucket, prefix: 'nothing-here/', wait: false },
    });
    const { id } = (started.body.data as { deletePrefix: { job: { id: string } } }).deletePrefix.job;
    const query = 'query ($id: ID!) { job(id: $id) { id } }';
    expect((await graphql('owner', query, { id })).body.data).toEqual({ job: { id } });
    expect((await graphql('elsewhere', query, { id })).body.data).toEqual({ job: null });
  });
});

describe('JWTs over HTTP', () => {
  const sign = (claims: Record<string, unknown>, { expiresIn = '5m', secret = JWT_SECRET, audience = JWT_AUDIENCE } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(JWT_ISSUER)
      .setAudience(audience)
      .setExpirationTime(expiresIn)
      .sign(new TextEncoder().encode(secret));

  async function withToken(token: string) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: 'query ($b: String!) { getObject(bucket: $b, key: "team/a.txt") { text } }',
        variables: { b: stack.bucket },
      }),
    });
    return { status: response.status, www: response.headers.get('www-authenticate'), body: (await response.json()) as Answer['body'] };
  }

  it('lets a valid token of a known subject through', async () => {
    const answer = await withToken(await sign({ sub: 'owner@example.test' }));
    expect(answer.body).toEqual({ data: { getObject: { text: 'content of team/a.txt' } } });
  });

  it('answers 401 with a clear message to expired, wrongly signed, wrong-audience and unsigned tokens', async () => {
    const unsigned = [
      Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url'),
      Buffer.from(JSON.stringify({ sub: 'owner@example.test', iss: JWT_ISSUER, aud: JWT_AUDIENCE, exp: 4102444800 })).toString('base64url'),
      '',
    ].join('.');
    const cases: [string, RegExp][] = [
      [await sign({ sub: 'owner@example.test' }, { expiresIn: '-10m' }), /expired/],
      [await sign({ sub: 'owner@example.test' }, { secret: 'not-the-gateway-secret-but-just-as-long!' }), /not valid/],
      [await sign({ sub: 'owner@example.test' }, { audience: 'another-api' }), /"aud" claim/],
      [unsigned, /not valid|algorithm/],
    ];
    proxy.reset();
    for (const [token, message] of cases) {
      const answer = await withToken(token);
      expect(answer.status).toBe(401);
      expect(answer.www).toBe('Bearer');
      expect(answer.body.errors?.[0]).toMatchObject({
        message: expect.stringMatching(message) as string,
        extensions: { code: 'UNAUTHENTICATED' },
      });
    }
    expect(proxy.operations).toEqual([]);
  });
});

describe('routes that need no credentials', () => {
  it('run no GraphQL operation, whatever their query string holds', async () => {
    const query = encodeURIComponent('{ buckets { name } }');
    for (const path of [`/health?query=${query}&x=/graphql`, `/ready?query=${query}`, `/metrics?query=${query}`]) {
      const answer = await (await fetch(`${origin}${path}`, { headers: { 'x-graphql-yoga-csrf': '1' } })).text();
      // Neither data nor a GraphQL error: the operation was not even parsed.
      expect(answer, path).not.toMatch(/"data"|"errors"/);
      expect(answer, path).not.toContain(stack.bucket);
    }
  });

  it('serve downloads so that a stored page cannot run scripts on the gateway origin', async () => {
    await stack.s3.send(
      new PutObjectCommand({ Bucket: stack.bucket, Key: 'team/page.html', Body: '<script>alert(1)</script>', ContentType: 'text/html' }),
    );
    const answer = await fetch(`${origin}/objects/${stack.bucket}/team/page.html`, { headers: headersOf('owner') });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('content-security-policy')).toBe('sandbox');
  });
});

describe('requests that could pass for a browser form', () => {
  it('refuses a multipart upload without a preflight header (CSRF) and stores nothing', async () => {
    const form = putFileForm('team/csrf.txt', 'forged');
    const response = await fetch(url, { method: 'POST', body: form, headers: headersOf('owner') });
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/CSRF/);
    await expect(stack.s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: 'team/csrf.txt' }))).rejects.toMatchObject({
      name: 'NoSuchKey',
    });
  });

  it('refuses a GET query without a preflight header, and runs it with one', async () => {
    const get = (headers: Record<string, string>) =>
      fetch(`${url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { ...headersOf('owner'), ...headers } });
    expect((await get({})).status).toBe(403);
    expect(await (await get({ 'x-graphql-yoga-csrf': '1' })).json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('answers 413 to multipart fields past MAX_REQUEST_BYTES before any file, and stores nothing', async () => {
    const form = new FormData();
    form.append('operations', 'x'.repeat(3 * 1024 * 1024));
    form.append('map', '{}');
    const response = await fetch(url, { method: 'POST', body: form, headers: { 'graphql-require-preflight': '1', ...headersOf('owner') } });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'ENTITY_TOO_LARGE' } }] });
  });

  it('refuses multipart map paths that try prototype pollution with 400, and pollutes nothing', async () => {
    const paths = [
      '__proto__.polluted',
      'constructor.prototype.polluted',
      'variables.__proto__.polluted',
      'variables.input.constructor.prototype.polluted',
      // Inherited members are not the operation's own: writing through them would change every object's.
      'variables.input.toString.polluted',
      'variables.input.hasOwnProperty.polluted',
    ];
    for (const path of paths) {
      const form = putFileForm('team/pp.txt', 'x', path);
      const response = await fetch(url, {
        method: 'POST',
        body: form,
        headers: { 'graphql-require-preflight': '1', ...headersOf('owner') },
      });
      expect(response.status, path).toBe(400);
      expect(({} as Record<string, unknown>).polluted, path).toBeUndefined();
      expect((Object.prototype.toString as unknown as Record<string, unknown>).polluted, path).toBeUndefined();
      expect((Object.prototype.hasOwnProperty as unknown as Record<string, unknown>).polluted, path).toBeUndefined();
    }
  });
});
