import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { JwtConfig } from '../config/auth.js';
import { UnauthenticatedError } from '../errors.js';
import { Access, type AuthConfig, type PolicyPrincipal } from './policy.js';

/** Who is calling, as far as the gateway knows, and what it may do. */
export interface Principal {
  /** Stable for a caller: jobs are visible to the principal that started them. */
  id: string;
  access: Access;
}

export const ANONYMOUS: Principal = { id: 'anonymous', access: Access.unrestricted };

export type Authenticate = (headers: IncomingHttpHeaders) => Promise<Principal>;

export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');

const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]*$/;

/** A credential from `Authorization: Bearer …` (an API key or a JWT) or `X-API-Key`. */
function credentialIn(headers: IncomingHttpHeaders): string | undefined {
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey !== '') return apiKey;
  const authorization = headers.authorization;
  if (authorization === undefined) return undefined;
  const match = /^Bearer +(\S+) *$/i.exec(authorization);
  if (match?.[1] === undefined) throw new UnauthenticatedError('The Authorization header must be "Bearer <API key or JWT>".');
  return match[1];
}

function verificationKey(jwt: JwtConfig): Uint8Array | JWTVerifyGetKey {
  if (jwt.secret !== undefined) return new TextEncoder().encode(jwt.secret);
  // jose caches the key set and fetches it again, at most every 30 s, when a token names a key it does not know.
  return createRemoteJWKSet(new URL(jwt.jwksUrl), { timeoutDuration: 5000 });
}

/** Why a token was refused, in words a client can act on; nothing of the token itself. */
function tokenProblem(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'The token has expired.';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `The token's "${error.claim}" claim is not accepted here.`;
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return "The token's signing algorithm is not accepted.";
  if (error instanceof joseErrors.JWKSTimeout) return "The token could not be checked: the identity provider's key set did not answer.";
  return 'The token is not valid.';
}

const stringsIn = (claim: unknown): string[] =>
  Array.isArray(claim) ? claim.filter((value): value is string => typeof value === 'string') : typeof claim === 'string' ? [claim] : [];

/** A JWT check for the configured issuer, audience and algorithms; what it returns is the token's payload. */
function createJwtVerifier(jwt: JwtConfig): (token: string) => Promise<JWTPayload> {
  const key = verificationKey(jwt);
  const options = {
    issuer: jwt.issuer,
    audience: jwt.audience,
    algorithms: jwt.algorithms,
    requiredClaims: ['exp', 'sub'],
    clockTolerance: 5,
  };
  return async (token) => {
    try {
      return (await jwtVerify(token, key, options)).payload;
    } catch (error) {
      throw new UnauthenticatedError(tokenProblem(error));
    }
  };
}

/** Turns request headers into a Principal, or refuses them with UnauthenticatedError (HTTP 401); `defaultStore` is the store requests name by naming none. */
export function createAuthenticator(auth: AuthConfig, defaultStore = 'default'): Authenticate {
  if (auth.kind === 'none') return () => Promise.resolve(ANONYMOUS);
  const { principals } = auth.policy;
  const byKeyHash = new Map<string, PolicyPrincipal>();
  for (const principal of principals) for (const hash of principal.apiKeys) byKeyHash.set(hash, principal);
  const verifyJwt = auth.jwt === undefined ? undefined : createJwtVerifier(auth.jwt);
  const rolesClaim = auth.jwt?.rolesClaim ?? 'roles';

  return async (headers) => {
    const credential = credentialIn(headers);
    if (credential === undefined) throw new UnauthenticatedError('This gateway requires an API key or a JWT (Authorization: Bearer …).');
    if (verifyJwt !== undefined && JWT_SHAPE.test(credential)) {
      const payload = await verifyJwt(credential);
      const subject = payload.sub ?? '';
      const roles = new Set(stringsIn(payload[rolesClaim]));
      const matching = principals.filter(
        (principal) => principal.jwtSubjects.includes(subject) || principal.jwtRoles.some((role) => roles.has(role)),
      );
      return { id: `jwt:${subject}`, access: Access.of(matching, { defaultStore, claims: payload }) };
    }
    const principal = byKeyHash.get(hashApiKey(credential));
    if (principal === undefined) throw new UnauthenticatedError('The API key or token is not valid.');
    return { id: `key:${principal.name}`, access: Access.of([principal], { defaultStore }) };
  };
}
