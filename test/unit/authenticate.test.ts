import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator, hashApiKey, type Authenticate } from '../../src/auth/authenticate.js';
import { parsePolicy, type Policy } from '../../src/auth/policy.js';
import type { JwtConfig } from '../../src/config/auth.js';

const SECRET = 'a-shared-secret-of-at-least-32-characters';
const API_KEY = 's3gw_test_key_0123456789';

const parsed = parsePolicy(`principals:
  - name: ci
    apiKeys: ["sha256:${hashApiKey(API_KEY)}"]
    grants: [{ buckets: [builds], actions: [write] }]
  - name: alice
    jwtSubjects: [alice]
    grants: [{ buckets: [photos], prefixes: [alice/], actions: [read] }]
  - name: editors
    jwtRoles: [editor]
    grants: [{ buckets: [photos], actions: [write] }]
`);
const policy = (parsed as { policy: Policy }).policy;

const jwtConfig = (overrides: Partial<JwtConfig> = {}): JwtConfig => ({
  secret: SECRET,
  jwksUrl: '',
  issuer: 'https://id.example.com',
  audience: 's3-gateway',
  rolesClaim: 'roles',
  algorithms: ['HS256'],
  ...overrides,
});

const sign = (claims: JWTPayload, { expiresIn = '5m', secret = SECRET, audience = 's3-gateway' } = {}) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer('https://id.example.com')
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));

const bearer = (credential: string) => ({ authorization: `Bearer ${credential}` });

describe('API keys', () => {
  const authenticate = createAuthenticator({ kind: 'policy', policy, jwt: undefined });

  it('knows a key from its hash, in Authorization or X-API-Key', async () => {
    for (const headers of [bearer(API_KEY), { 'x-api-key': API_KEY }]) {
      const principal = await authenticate(headers);
      expect(principal.id).toBe('key:ci');
      expect(principal.access.allows('write', 'builds', 'x')).toBe(true);
      expect(principal.access.allows('read', 'builds', 'x')).toBe(false);
    }
  });

  it('refuses a missing, wrong or malformed credential', async () => {
    await expect(authenticate({})).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: expect.stringMatching(/requires an API key or a JWT/) as string,
    });
    await expect(authenticate(bearer(`${API_KEY}x`))).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'The API key or token is not valid.',
    });
    await expect(authenticate({ authorization: `Basic ${API_KEY}` })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('lets everyone in unrestricted when no authentication is configured', async () => {
    const principal = await createAuthenticator({ kind: 'none' })({});
    expect(principal.access.allows('manageBuckets', 'any', '')).toBe(true);
  });
});

describe('JWTs with a shared secret', () => {
  const authenticate = createAuthenticator({ kind: 'policy', policy, jwt: jwtConfig() });

  it('maps the subject and the roles claim to principals, and unions their grants', async () => {
    const principal = await authenticate(bearer(await sign({ sub: 'alice', roles: ['editor'] })));
    expect(principal.id).toBe('jwt:alice');
    expect(principal.access.allows('read', 'photos', 'alice/a.jpg')).toBe(true);
    expect(principal.access.allows('write', 'photos', 'bob/a.jpg')).toBe(true);
    expect(principal.access.allows('read', 'photos', 'bob/a.jpg')).toBe(false);
  });

  it('authenticates a valid token of an unknown subject, who may then do nothing', async () => {
    const principal = await authenticate(bearer(await sign({ sub: 'mallory' })));
    expect(principal.access.listsAnywhere()).toBe(false);
  });

  it('refuses expired, wrongly signed, wrong-audience, subject-less and unsigned tokens', async () => {
    const cases: [string, RegExp][] = [
      [await sign({ sub: 'alice' }, { expiresIn: '-1m' }), /expired/],
      [await sign({ sub: 'alice' }, { secret: 'another-secret-of-at-least-32-characters!' }), /not valid/],
      [await sign({ sub: 'alice' }, { audience: 'another-service' }), /"aud" claim/],
      [await sign({}), /"sub" claim/],
      [
        `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"alice","aud":"s3-gateway","iss":"https://id.example.com","exp":9999999999}').toString('base64url')}.`,
        /not valid|algorithm/,
      ],
    ];
    for (const [token, message] of cases) {
      await expect(authenticate(bearer(token)), token).rejects.toMatchObject({
        code: 'UNAUTHENTICATED',
        message: expect.stringMatching(message) as string,
      });
    }
  });
});

describe('JWTs from a JWKS URL', () => {
  let server: Server;
  let authenticate: Authenticate;
  let privateKey: CryptoKey;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] });
    server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(jwks));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
    authenticate = createAuthenticator({ kind: 'policy', policy, jwt: jwtConfig({ secret: undefined, jwksUrl, algorithms: ['RS256'] }) });
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('accepts a token signed by a key of the set, and refuses an HS256 token made with the public key as secret', async () => {
    const token = await new SignJWT({ sub: 'alice' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer('https://id.example.com')
      .setAudience('s3-gateway')
      .setExpirationTime('5m')
      .sign(privateKey);
    expect((await authenticate(bearer(token))).id).toBe('jwt:alice');
    await expect(authenticate(bearer(await sign({ sub: 'alice' })))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
