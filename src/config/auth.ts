import { isIP } from 'node:net';
import { z } from 'zod';
import { booleanFromEnv, commaSeparated, emptyAsUndefined, listenHost, optionalHttpUrl, optionalString } from './values.js';

/** Who may call: the policy file's path and how JWTs are checked. The file itself is read by src/auth. */

// `none` is not among them: an unsigned token is never accepted.
const JWT_ALGORITHMS = new Set([
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
]);

const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));

const authEnvironment = z.object({
  HOST: listenHost,
  AUTH_POLICY_FILE: optionalString,
  ALLOW_ANONYMOUS: booleanFromEnv.default(false),
  JWT_SECRET: z.preprocess(emptyAsUndefined, z.string().min(32, 'must be at least 32 characters (256 bits for HS256)').optional()),
  JWT_JWKS_URL: optionalHttpUrl,
  JWT_ISSUER: optionalString,
  JWT_AUDIENCE: optionalString,
  JWT_ROLES_CLAIM: z.string().min(1).default('roles'),
  JWT_ALGORITHMS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .transform(commaSeparated)
      .refine(
        (names) => names.length > 0 && names.every((name) => JWT_ALGORITHMS.has(name)),
        `must be some of ${[...JWT_ALGORITHMS].join(', ')}`,
      )
      .optional(),
  ),
});

type AuthEnvironment = z.output<typeof authEnvironment>;
type AuthVariable = keyof AuthEnvironment;

const algorithmsOf = (env: AuthEnvironment): string[] =>
  env.JWT_ALGORITHMS ?? (env.JWT_SECRET === undefined ? ['RS256', 'ES256'] : ['HS256']);

/** The settings that only make sense together, each problem under the variable to change. */
function combinationProblems(env: AuthEnvironment): [AuthVariable, string][] {
  const { JWT_SECRET: secret, JWT_JWKS_URL: jwksUrl } = env;
  const problems: [AuthVariable, string][] = [];
  if (secret === undefined && jwksUrl === undefined) {
    for (const name of ['JWT_ISSUER', 'JWT_AUDIENCE', 'JWT_ALGORITHMS'] as const)
      if (env[name] !== undefined) problems.push([name, 'needs JWT_SECRET or JWT_JWKS_URL']);
  } else {
    if (secret !== undefined && jwksUrl !== undefined) problems.push(['JWT_SECRET', 'set JWT_SECRET or JWT_JWKS_URL, not both']);
    // Keys fetched in clear text could be swapped on the way; plain http is for an identity provider on this machine.
    if (jwksUrl?.startsWith('http:') === true && !isLoopback(new URL(jwksUrl).hostname.replace(/^\[|\]$/g, '')))
      problems.push(['JWT_JWKS_URL', 'must be https (http only on a loopback address)']);
    if (env.JWT_ISSUER === undefined)
      problems.push(['JWT_ISSUER', 'required with JWT_SECRET or JWT_JWKS_URL (the iss every token must carry)']);
    if (env.JWT_AUDIENCE === undefined)
      problems.push(['JWT_AUDIENCE', 'required with JWT_SECRET or JWT_JWKS_URL (the aud every token must carry)']);
    if (secret !== undefined && algorithmsOf(env).some((name) => !name.startsWith('HS')))
      problems.push(['JWT_ALGORITHMS', 'JWT_SECRET signs HS256/384/512 only']);
    const shared = algorithmsOf(env).filter((name) => name.startsWith('HS'));
    // A key set publishes public keys: a token signed with a shared secret could never be verified.
    if (secret === undefined && shared.length > 0)
      problems.push(['JWT_ALGORITHMS', `${shared.join(', ')} needs JWT_SECRET; JWT_JWKS_URL verifies RS, PS, ES and EdDSA tokens only`]);
  }
  if (env.AUTH_POLICY_FILE === undefined) {
    if (secret !== undefined || jwksUrl !== undefined)
      problems.push(['AUTH_POLICY_FILE', 'required with JWT settings (it says what each caller may do)']);
    else if (!isLoopback(env.HOST) && !env.ALLOW_ANONYMOUS)
      problems.push([
        'HOST',
        `${env.HOST} is reachable from other machines and no authentication is configured; set AUTH_POLICY_FILE, or ALLOW_ANONYMOUS=true to serve anyone`,
      ]);
  }
  return problems;
}

export const authSettings = authEnvironment
  .superRefine((env, context) => {
    for (const [name, message] of combinationProblems(env)) context.addIssue({ code: 'custom', path: [name], message });
  })
  .transform((env) => {
    const jwt =
      env.JWT_ISSUER === undefined || env.JWT_AUDIENCE === undefined || (env.JWT_SECRET === undefined && env.JWT_JWKS_URL === undefined)
        ? undefined
        : {
            /** HS* shared secret; otherwise the key set at jwksUrl. */
            secret: env.JWT_SECRET,
            jwksUrl: env.JWT_JWKS_URL ?? '',
            issuer: env.JWT_ISSUER,
            audience: env.JWT_AUDIENCE,
            rolesClaim: env.JWT_ROLES_CLAIM,
            algorithms: algorithmsOf(env),
          };
    return {
      /** No policy file: nobody is asked (a loopback gateway, or ALLOW_ANONYMOUS); otherwise every caller is checked against it. */
      policyFile: env.AUTH_POLICY_FILE,
      jwt,
      /** Values never to be logged or shown. */
      secrets: env.JWT_SECRET === undefined ? [] : [env.JWT_SECRET],
    };
  });

export type JwtConfig = NonNullable<z.output<typeof authSettings>['jwt']>;
