import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { availableParallelism, homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { parsePolicy, type Policy } from './auth/policy.js';
import type { LogFormat } from './observability.js';
import { isValidBucketName, REGION_NAME } from './s3/validation.js';

/** Environment variables are read here once; the rest of the code receives a typed `Config`. */

const MiB = 1024 * 1024;
const SIGV4_MAX_EXPIRES_SECONDS = 7 * 24 * 60 * 60;
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

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const positiveInteger = z.coerce.number({ message: 'must be a number' }).int('must be a whole number').positive('must be positive');

const positiveSeconds = z.coerce.number({ message: 'must be a number of seconds' }).positive('must be positive');

const checksumMode = z.enum(['WHEN_SUPPORTED', 'WHEN_REQUIRED'], { message: 'must be WHEN_SUPPORTED or WHEN_REQUIRED' });

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

const commaSeparated = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

const optionalBoolean = z.preprocess(emptyAsUndefined, booleanFromEnv.optional());

const environmentSchema = z.object({
  PORT: z.coerce.number({ message: 'must be a number' }).int().min(0).max(65535, 'must be a port number (0-65535)').default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_FORMAT: z.preprocess(emptyAsUndefined, z.enum(['json', 'text'], { message: 'must be json or text' }).optional()),
  METRICS: booleanFromEnv.default(true),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error'], { message: 'must be debug, info, warn or error' }).default('info'),
  NODE_ENV: z.preprocess(emptyAsUndefined, z.string().optional()),
  GRAPHIQL: optionalBoolean,
  GRAPHQL_INTROSPECTION: optionalBoolean,
  GRAPHQL_FIELD_SUGGESTIONS: optionalBoolean,
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform(commaSeparated)
    .refine(
      (origins) => origins.every((origin) => origin === '*' || /^https?:\/\/[^/]+$/.test(origin)),
      'must be origins such as https://app.example.com, comma-separated',
    ),

  AUTH_POLICY_FILE: z.preprocess(emptyAsUndefined, z.string().optional()),
  ALLOW_ANONYMOUS: booleanFromEnv.default(false),
  JWT_SECRET: z.preprocess(emptyAsUndefined, z.string().min(32, 'must be at least 32 characters (256 bits for HS256)').optional()),
  JWT_JWKS_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional()),
  JWT_ISSUER: z.preprocess(emptyAsUndefined, z.string().optional()),
  JWT_AUDIENCE: z.preprocess(emptyAsUndefined, z.string().optional()),
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

  MAX_REQUEST_BYTES: positiveInteger.default(MiB),
  MAX_QUERY_DEPTH: positiveInteger.default(20),
  MAX_QUERY_ALIASES: positiveInteger.default(30),
  MAX_QUERY_TOKENS: positiveInteger.default(2000),
  MAX_QUERY_DIRECTIVES: positiveInteger.default(50),
  PUBLIC_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional()),
  WORKERS: z
    .union([z.literal('auto'), z.coerce.number({ message: 'must be a number or auto' }).int().min(1).max(256)], {
      message: 'must be a number or auto',
    })
    .default(1)
    .transform((value) => (value === 'auto' ? availableParallelism() : value)),

  S3_STORE: z.enum(['auto', 'embedded', 'external'], { message: 'must be auto, embedded or external' }).default('auto'),
  AWS_REGION: z.preprocess(emptyAsUndefined, z.string().regex(REGION_NAME, 'must be a region name such as eu-west-1').optional()),
  AWS_DEFAULT_REGION: z.preprocess(emptyAsUndefined, z.string().regex(REGION_NAME, 'must be a region name such as eu-west-1').optional()),
  S3_ENDPOINT: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional()),
  S3_FORCE_PATH_STYLE: z.preprocess(emptyAsUndefined, booleanFromEnv.optional()),
  S3_REQUEST_CHECKSUM_CALCULATION: z.preprocess(emptyAsUndefined, checksumMode.optional()),
  S3_RESPONSE_CHECKSUM_VALIDATION: z.preprocess(emptyAsUndefined, checksumMode.optional()),
  S3_ASSUME_ROLE_ARN: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'must be an IAM role ARN')
      .optional(),
  ),
  S3_ASSUME_ROLE_SESSION_NAME: z
    .string()
    .regex(/^[\w+=,.@-]{2,64}$/, 'must be 2-64 characters of letters, digits and +=,.@-_')
    .default('s3-graphql-gateway'),
  S3_ASSUME_ROLE_EXTERNAL_ID: z.preprocess(emptyAsUndefined, z.string().min(2).max(1224).optional()),
  S3_ASSUME_ROLE_DURATION_SECONDS: z.preprocess(emptyAsUndefined, positiveInteger.min(900).max(43200).optional()),

  EMBEDDED_S3_DIR: z.string().min(1).default('.data/s3'),
  EMBEDDED_S3_BUCKETS: z
    .string()
    .default('demo')
    .transform(commaSeparated)
    .refine((names) => names.every(isValidBucketName), 'must be a comma-separated list of valid bucket names'),
  EMBEDDED_S3_PORT: z.coerce.number().int().min(0).max(65535, 'must be a port number (0-65535)').default(0),

  MAX_INLINE_BYTES: positiveInteger.default(10 * MiB),
  MAX_INLINE_BYTES_PER_REQUEST: positiveInteger.default(64 * MiB),
  MAX_INLINE_BYTES_IN_FLIGHT: positiveInteger.default(256 * MiB),
  MAX_UPLOAD_BYTES: positiveInteger.default(5 * 1024 * MiB),
  MAX_UPLOAD_FILES: positiveInteger.default(10),
  MULTIPART_COPY_THRESHOLD_BYTES: positiveInteger.min(5 * MiB, 'must be at least 5 MiB (5242880)').default(5 * 1024 * MiB),
  MULTIPART_COPY_PART_BYTES: positiveInteger
    .min(5 * MiB, 'must be at least 5 MiB (5242880)')
    .max(5 * 1024 * MiB, 'must be at most 5 GiB')
    .default(256 * MiB),
  S3_MAX_CONCURRENCY: positiveInteger.max(1000).default(16),
  S3_MAX_SOCKETS: positiveInteger.max(10000).default(64),
  S3_CONNECT_TIMEOUT_SECONDS: positiveSeconds.default(5),
  S3_REQUEST_TIMEOUT_SECONDS: positiveSeconds.default(30),
  S3_MAX_ATTEMPTS: positiveInteger.max(10).default(3),
  REQUEST_TIMEOUT_SECONDS: positiveSeconds.default(60),
  // 0: none, since a 5 GiB upload over a slow link takes hours; the request's headers still have 60 s (slowloris).
  HTTP_REQUEST_TIMEOUT_SECONDS: z.coerce.number({ message: 'must be a number of seconds' }).min(0, 'must be 0 (none) or more').default(0),
  SHUTDOWN_TIMEOUT_SECONDS: positiveSeconds.default(25),
  READY_CHECK_TIMEOUT_SECONDS: positiveSeconds.default(2),
  BUCKET_CACHE_SECONDS: z.coerce.number({ message: 'must be a number' }).int().min(0).default(60),
  MAX_QUERY_COST: positiveInteger.default(25000),
  JOB_RETENTION_SECONDS: positiveInteger.default(3600),
  MAX_JOBS_PER_PRINCIPAL: positiveInteger.default(4),
  MAX_JOBS: positiveInteger.default(16),
  MAX_FINISHED_JOBS: positiveInteger.default(1000),
  PRESIGN_MAX_EXPIRES_SECONDS: positiveInteger
    .max(SIGV4_MAX_EXPIRES_SECONDS, 'must be at most 604800 (7 days, the SigV4 limit)')
    .default(SIGV4_MAX_EXPIRES_SECONDS),
});

type Environment = z.infer<typeof environmentSchema>;

export type ChecksumMode = z.infer<typeof checksumMode>;

export interface AssumeRoleConfig {
  roleArn: string;
  sessionName: string;
  externalId: string | undefined;
  durationSeconds: number | undefined;
}

export interface ExternalStoreConfig {
  kind: 'external';
  endpoint: string | undefined;
}

export interface EmbeddedStoreConfig {
  kind: 'embedded';
  directory: string;
  buckets: string[];
  port: number;
}

export interface JwtConfig {
  /** HS* shared secret; otherwise the key set at jwksUrl. */
  secret: string | undefined;
  jwksUrl: string;
  issuer: string;
  audience: string;
  rolesClaim: string;
  algorithms: string[];
}

/** Who may call: nobody is asked (a loopback gateway, or ALLOW_ANONYMOUS), or every caller is checked against a policy. */
export type AuthConfig = { kind: 'none' } | { kind: 'policy'; policy: Policy; jwt: JwtConfig | undefined };

export interface Config {
  auth: AuthConfig;
  /** Values never to be logged or shown: the AWS secret key and session token, the JWT secret. */
  secrets: string[];
  server: {
    port: number;
    host: string;
    graphiql: boolean;
    /** Serve Prometheus metrics at /metrics. */
    metrics: boolean;
    logFormat: LogFormat;
    introspection: boolean;
    fieldSuggestions: boolean;
    corsOrigins: string[];
    logLevel: Environment['LOG_LEVEL'];
    workers: number;
    publicUrl: string | undefined;
    /** Longest a GraphQL request without file uploads may run before it is answered REQUEST_TIMEOUT, in ms. */
    requestTimeoutMs: number;
    /** Longest any HTTP request, uploads included, may take from its first byte to its last, in ms; 0: no limit. */
    httpRequestTimeoutMs: number;
    /** On SIGTERM/SIGINT, how long in-flight requests and uploads may go on before they are cut, in ms. */
    shutdownTimeoutMs: number;
    /** Longest the S3 check behind /ready may take, in ms. */
    readyCheckTimeoutMs: number;
  };
  store: ExternalStoreConfig | EmbeddedStoreConfig;
  s3: {
    region: string;
    forcePathStyle: boolean;
    requestChecksumCalculation: ChecksumMode;
    responseChecksumValidation: ChecksumMode;
    assumeRole: AssumeRoleConfig | undefined;
    /** Sockets kept open to S3 (HTTP keep-alive pool). */
    maxSockets: number;
    /** Longest wait for a connection to S3, in ms. */
    connectTimeoutMs: number;
    /** Longest wait for S3's answer to start, and longest silence on its socket, in ms; then the attempt fails. */
    requestTimeoutMs: number;
    /** Attempts per S3 request (the SDK's standard retry mode, with backoff); 1 means no retry. */
    maxAttempts: number;
  };
  limits: {
    /** Largest GraphQL request body (JSON, or a multipart request's operations), uploads aside. */
    maxRequestBytes: number;
    maxQueryDepth: number;
    maxQueryAliases: number;
    maxQueryTokens: number;
    maxQueryDirectives: number;
    maxInlineBytes: number;
    /** Inline content (each content read, each text and base64 answered) one request may hold. */
    maxInlineBytesPerRequest: number;
    /** Inline content all requests of the process may hold at once. */
    maxInlineBytesInFlight: number;
    maxUploadBytes: number;
    maxUploadFiles: number;
    presignMaxExpiresSeconds: number;
    /** Copies above this size use UploadPartCopy (CopyObject stops at 5 GiB). */
    multipartCopyThresholdBytes: number;
    /** Part size of a multipart copy (grown so that no copy needs more than 10,000 parts). */
    multipartCopyPartBytes: number;
    /** S3 requests one operation (a batch of HeadObjects, a prefix copy) runs at once. */
    maxConcurrency: number;
    /** How long a bucket known to exist is not asked again (0: always ask). */
    bucketCacheSeconds: number;
    /** Most cost one query may plan: S3 requests, signatures and inline content (a listing's `first` multiplies what is below it). */
    maxQueryCost: number;
    /** How long finished jobs stay queryable. */
    jobRetentionSeconds: number;
    /** Bulk jobs one principal may run at once. */
    maxJobsPerPrincipal: number;
    /** Bulk jobs the process runs at once. */
    maxJobs: number;
    /** Finished jobs kept queryable; beyond, the oldest are forgotten early. */
    maxFinishedJobs: number;
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_PROFILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'S3_ASSUME_ROLE_ARN',
];

/** True when the standard credential chain has something to find besides instance metadata. */
function hasCredentialSource(env: NodeJS.ProcessEnv): boolean {
  if (CREDENTIAL_VARIABLES.some((name) => Boolean(env[name]))) return true;
  const awsDirectory = join(homedir(), '.aws');
  const files = [env.AWS_SHARED_CREDENTIALS_FILE ?? join(awsDirectory, 'credentials'), env.AWS_CONFIG_FILE ?? join(awsDirectory, 'config')];
  return files.some((file) => existsSync(file));
}

function chooseStore(environment: Environment, env: NodeJS.ProcessEnv): Config['store'] {
  const embedded =
    environment.S3_STORE === 'embedded' ||
    (environment.S3_STORE === 'auto' && environment.S3_ENDPOINT === undefined && !hasCredentialSource(env));
  if (!embedded) return { kind: 'external', endpoint: environment.S3_ENDPOINT };
  return {
    kind: 'embedded',
    directory: resolve(environment.EMBEDDED_S3_DIR),
    buckets: environment.EMBEDDED_S3_BUCKETS,
    port: environment.EMBEDDED_S3_PORT,
  };
}

const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));

function jwtConfig(environment: Environment): { jwt: JwtConfig | undefined; problems: string[] } {
  const { JWT_SECRET: secret, JWT_JWKS_URL: jwksUrl, JWT_ISSUER: issuer, JWT_AUDIENCE: audience } = environment;
  if (secret === undefined && jwksUrl === undefined) {
    const stray = (['JWT_ISSUER', 'JWT_AUDIENCE', 'JWT_ALGORITHMS'] as const).filter((name) => environment[name] !== undefined);
    return { jwt: undefined, problems: stray.map((name) => `${name}: needs JWT_SECRET or JWT_JWKS_URL`) };
  }
  const problems: string[] = [];
  if (secret !== undefined && jwksUrl !== undefined) problems.push('JWT_SECRET: set JWT_SECRET or JWT_JWKS_URL, not both');
  // Keys fetched in clear text could be swapped on the way; plain http is for an identity provider on this machine.
  if (jwksUrl?.startsWith('http:') === true && !isLoopback(new URL(jwksUrl).hostname.replace(/^\[|\]$/g, '')))
    problems.push('JWT_JWKS_URL: must be https (http only on a loopback address)');
  if (issuer === undefined) problems.push('JWT_ISSUER: required with JWT_SECRET or JWT_JWKS_URL (the iss every token must carry)');
  if (audience === undefined) problems.push('JWT_AUDIENCE: required with JWT_SECRET or JWT_JWKS_URL (the aud every token must carry)');
  const algorithms = environment.JWT_ALGORITHMS ?? (secret === undefined ? ['RS256', 'ES256'] : ['HS256']);
  if (secret !== undefined && algorithms.some((name) => !name.startsWith('HS')))
    problems.push('JWT_ALGORITHMS: JWT_SECRET signs HS256/384/512 only');
  const shared = algorithms.filter((name) => name.startsWith('HS'));
  // A key set publishes public keys: a token signed with a shared secret could never be verified.
  if (secret === undefined && shared.length > 0)
    problems.push(`JWT_ALGORITHMS: ${shared.join(', ')} needs JWT_SECRET; JWT_JWKS_URL verifies RS, PS, ES and EdDSA tokens only`);
  if (problems.length > 0 || issuer === undefined || audience === undefined) return { jwt: undefined, problems };
  return {
    jwt: { secret, jwksUrl: jwksUrl ?? '', issuer, audience, rolesClaim: environment.JWT_ROLES_CLAIM, algorithms },
    problems,
  };
}

function authConfig(environment: Environment): { auth: AuthConfig; problems: string[] } {
  const { jwt, problems } = jwtConfig(environment);
  const file = environment.AUTH_POLICY_FILE;
  if (file === undefined) {
    if (environment.JWT_SECRET !== undefined || environment.JWT_JWKS_URL !== undefined)
      problems.push('AUTH_POLICY_FILE: required with JWT settings (it says what each caller may do)');
    else if (!isLoopback(environment.HOST) && !environment.ALLOW_ANONYMOUS)
      problems.push(
        `HOST: ${environment.HOST} is reachable from other machines and no authentication is configured; set AUTH_POLICY_FILE, or ALLOW_ANONYMOUS=true to serve anyone`,
      );
    return { auth: { kind: 'none' }, problems };
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return {
      auth: { kind: 'none' },
      problems: [...problems, `AUTH_POLICY_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`],
    };
  }
  const parsed = parsePolicy(text);
  if ('problems' in parsed)
    return { auth: { kind: 'none' }, problems: [...problems, ...parsed.problems.map((problem) => `AUTH_POLICY_FILE ${problem}`)] };
  return { auth: { kind: 'policy', policy: parsed.policy, jwt }, problems };
}

/** Parses and validates the environment; every problem is reported in one ConfigError. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(env);
  const fail = (problems: string[]) => new ConfigError(`Invalid configuration:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  if (!parsed.success) throw fail(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  const environment = parsed.data;
  const { auth, problems } = authConfig(environment);
  if (problems.length > 0) throw fail(problems);
  const development = environment.NODE_ENV !== 'production';
  const store = chooseStore(environment, env);
  // Many S3-compatible stores reject the SDK's default CRC checksums and aws-chunked bodies.
  const customEndpoint = store.kind === 'embedded' || store.endpoint !== undefined;
  const defaultChecksumMode: ChecksumMode = customEndpoint ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED';
  return {
    auth,
    secrets: [env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN, environment.JWT_SECRET].filter((value): value is string => Boolean(value)),
    server: {
      port: environment.PORT,
      host: environment.HOST,
      graphiql: environment.GRAPHIQL ?? development,
      metrics: environment.METRICS,
      logFormat: environment.LOG_FORMAT ?? (development ? 'text' : 'json'),
      introspection: environment.GRAPHQL_INTROSPECTION ?? development,
      fieldSuggestions: environment.GRAPHQL_FIELD_SUGGESTIONS ?? development,
      corsOrigins: environment.CORS_ORIGINS,
      logLevel: environment.LOG_LEVEL,
      workers: environment.WORKERS,
      publicUrl: environment.PUBLIC_URL?.replace(/\/+$/, ''),
      requestTimeoutMs: environment.REQUEST_TIMEOUT_SECONDS * 1000,
      httpRequestTimeoutMs: environment.HTTP_REQUEST_TIMEOUT_SECONDS * 1000,
      shutdownTimeoutMs: environment.SHUTDOWN_TIMEOUT_SECONDS * 1000,
      readyCheckTimeoutMs: environment.READY_CHECK_TIMEOUT_SECONDS * 1000,
    },
    store,
    s3: {
      region: environment.AWS_REGION ?? environment.AWS_DEFAULT_REGION ?? 'us-east-1',
      forcePathStyle: environment.S3_FORCE_PATH_STYLE ?? customEndpoint,
      requestChecksumCalculation: environment.S3_REQUEST_CHECKSUM_CALCULATION ?? defaultChecksumMode,
      responseChecksumValidation: environment.S3_RESPONSE_CHECKSUM_VALIDATION ?? defaultChecksumMode,
      assumeRole:
        environment.S3_ASSUME_ROLE_ARN === undefined
          ? undefined
          : {
              roleArn: environment.S3_ASSUME_ROLE_ARN,
              sessionName: environment.S3_ASSUME_ROLE_SESSION_NAME,
              externalId: environment.S3_ASSUME_ROLE_EXTERNAL_ID,
              durationSeconds: environment.S3_ASSUME_ROLE_DURATION_SECONDS,
            },
      maxSockets: environment.S3_MAX_SOCKETS,
      connectTimeoutMs: environment.S3_CONNECT_TIMEOUT_SECONDS * 1000,
      requestTimeoutMs: environment.S3_REQUEST_TIMEOUT_SECONDS * 1000,
      maxAttempts: environment.S3_MAX_ATTEMPTS,
    },
    limits: {
      maxRequestBytes: environment.MAX_REQUEST_BYTES,
      maxQueryDepth: environment.MAX_QUERY_DEPTH,
      maxQueryAliases: environment.MAX_QUERY_ALIASES,
      maxQueryTokens: environment.MAX_QUERY_TOKENS,
      maxQueryDirectives: environment.MAX_QUERY_DIRECTIVES,
      maxInlineBytes: environment.MAX_INLINE_BYTES,
      maxInlineBytesPerRequest: environment.MAX_INLINE_BYTES_PER_REQUEST,
      maxInlineBytesInFlight: environment.MAX_INLINE_BYTES_IN_FLIGHT,
      maxUploadBytes: environment.MAX_UPLOAD_BYTES,
      maxUploadFiles: environment.MAX_UPLOAD_FILES,
      presignMaxExpiresSeconds: environment.PRESIGN_MAX_EXPIRES_SECONDS,
      maxConcurrency: environment.S3_MAX_CONCURRENCY,
      multipartCopyThresholdBytes: environment.MULTIPART_COPY_THRESHOLD_BYTES,
      multipartCopyPartBytes: environment.MULTIPART_COPY_PART_BYTES,
      bucketCacheSeconds: environment.BUCKET_CACHE_SECONDS,
      maxQueryCost: environment.MAX_QUERY_COST,
      jobRetentionSeconds: environment.JOB_RETENTION_SECONDS,
      maxJobsPerPrincipal: environment.MAX_JOBS_PER_PRINCIPAL,
      maxJobs: environment.MAX_JOBS,
      maxFinishedJobs: environment.MAX_FINISHED_JOBS,
    },
  };
}
