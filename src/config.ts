import type { z } from 'zod';
import { readPolicyFile, type AuthConfig } from './auth/policy.js';
import { authSettings } from './config/auth.js';
import { limitSettings } from './config/limits.js';
import { observabilitySettings } from './config/observability.js';
import { rateLimitSettings } from './config/rate-limit.js';
import { redisSettings } from './config/redis.js';
import { serverSettings } from './config/server.js';
import { storeSettings } from './config/store.js';
import { readStoresFile, type StoreDefinition } from './config/stores.js';
import { readTrustedDocuments, trustedDocumentSettings, type TrustedDocuments } from './config/trusted-documents.js';
import { hasCredentialSource } from './s3/credentials.js';
import { isValidBucketName, REGION_NAME } from './s3/validation.js';

/**
 * Environment variables are read here once, by one zod model per concern in src/config/; the rest of the code receives
 * a typed `Config`. What other layers own (reading the policy file, S3's bucket names and credential chain) is done or handed in here, at
 * start-up, so that one message names every problem.
 */

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const issuesOf = (result: z.ZodSafeParseResult<unknown>): string[] =>
  result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);

/**
 * Parses and validates the environment; every problem is reported in one ConfigError.
 * `awsConfiguredEndpoint` is what src/s3's readAwsConfiguredEndpoint found (it reads files, asynchronously, so the caller does it first).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, awsConfiguredEndpoint?: string) {
  const server = serverSettings.safeParse(env);
  const observability = observabilitySettings.safeParse(env);
  const store = storeSettings({
    isValidBucketName,
    isValidRegion: (name) => REGION_NAME.test(name),
    hasCredentialSource: () => hasCredentialSource(env),
    awsConfiguredEndpoint,
  }).safeParse(env);
  const auth = authSettings.safeParse(env);
  const limits = limitSettings.safeParse(env);
  const rateLimit = rateLimitSettings.safeParse(env);
  const redis = redisSettings.safeParse(env);
  const trusted = trustedDocumentSettings.safeParse(env);
  const problems = [server, observability, store, auth, limits, rateLimit, redis, trusted].flatMap(issuesOf);
  let authConfig: AuthConfig = { kind: 'none' };
  if (auth.success && auth.data.policyFile !== undefined) {
    const read = readPolicyFile(auth.data.policyFile, 'AUTH_POLICY_FILE');
    if ('problems' in read) problems.push(...read.problems);
    else authConfig = { kind: 'policy', policy: read.policy, jwt: auth.data.jwt };
  }
  let stores: { stores: StoreDefinition[]; secrets: string[] } | undefined;
  const storesFile = env.STORES_FILE === '' ? undefined : env.STORES_FILE;
  if (storesFile !== undefined && store.success) {
    const read = readStoresFile(storesFile, env, store.data.s3, (name) => REGION_NAME.test(name));
    if ('problems' in read) problems.push(...read.problems);
    else stores = read;
  }
  let trustedDocuments: TrustedDocuments | undefined;
  if (trusted.success && trusted.data.file !== undefined) {
    const read = readTrustedDocuments(trusted.data.file);
    if ('problems' in read) problems.push(...read.problems);
    else trustedDocuments = read.documents;
  }
  if (
    !server.success ||
    !observability.success ||
    !store.success ||
    !auth.success ||
    !limits.success ||
    !rateLimit.success ||
    !redis.success ||
    !trusted.success ||
    problems.length > 0
  )
    throw new ConfigError(`Invalid configuration:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  return {
    auth: authConfig,
    server: server.data,
    observability: observability.data,
    store: store.data.store,
    s3: store.data.s3,
    /** The stores of STORES_FILE; undefined: one store, `store` and `s3`, named "default". */
    stores: stores?.stores,
    limits: limits.data,
    /** Requests per principal and window; undefined: no limit. */
    rateLimit: rateLimit.data,
    /** Shared state on Redis; undefined: jobs live in this process's memory. */
    redis: redis.data.redis,
    /** The only operations the gateway runs, by hash (TRUSTED_DOCUMENTS_FILE); undefined: any operation. */
    trustedDocuments,
    /** Values never to be logged or shown: the AWS secret key and session token, the JWT secret, the Redis password. */
    secrets: [...store.data.secrets, ...(stores?.secrets ?? []), ...auth.data.secrets, ...redis.data.secrets],
  };
}

export type Config = ReturnType<typeof loadConfig>;
