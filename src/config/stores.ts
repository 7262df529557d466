import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { checksumMode, roleArn, roleExternalId, roleSessionName, type S3Config } from './store.js';

/**
 * STORES_FILE: several S3 stores in one graph. Each store's settings are those of the single store (src/config/store.ts),
 * written per store; what a store leaves out is what the environment sets for the single store (timeouts, sockets, retries).
 * Secrets are either written in the file or named by `<field>Env`, the environment variable that holds them.
 */

const STORE_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });
const environmentName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the name of an environment variable');
const positive = z.number({ message: 'must be a number' }).positive('must be positive');
const positiveWhole = z.number({ message: 'must be a number' }).int('must be a whole number').positive('must be positive');

const credentialsSchema = z.strictObject({
  accessKeyId: z.string().min(1).optional(),
  accessKeyIdEnv: environmentName.optional(),
  secretAccessKey: z.string().min(1).optional(),
  secretAccessKeyEnv: environmentName.optional(),
  sessionToken: z.string().min(1).optional(),
  sessionTokenEnv: environmentName.optional(),
  /** A profile of the shared config and credentials files (SSO and credential_process included). */
  profile: z.string().min(1).optional(),
});

const storeSchema = z.strictObject({
  name: z.string().regex(STORE_NAME, 'must be 1-63 lower-case letters, digits, - and _, starting with a letter or digit'),
  /** Omitted: AWS's own endpoint for the region. */
  endpoint: httpUrl.optional(),
  region: z.string().optional(),
  default: z.boolean({ message: 'must be true or false' }).optional(),
  forcePathStyle: z.boolean({ message: 'must be true or false' }).optional(),
  publicEndpoint: httpUrl.optional(),
  requestChecksumCalculation: checksumMode.optional(),
  responseChecksumValidation: checksumMode.optional(),
  /** Omitted: the SDK's standard credential chain, as for the single store. */
  credentials: credentialsSchema.optional(),
  assumeRole: z
    .strictObject({
      roleArn,
      sessionName: roleSessionName,
      externalId: roleExternalId.optional(),
      durationSeconds: positiveWhole.min(900).max(43200).optional(),
    })
    .optional(),
  /** S3 requests one operation (a listing's HeadObjects, a prefix copy) runs at once on this store. */
  maxConcurrency: positiveWhole.max(1000).optional(),
  maxSockets: positiveWhole.max(10000).optional(),
  connectTimeoutSeconds: positive.optional(),
  requestTimeoutSeconds: positive.optional(),
  maxAttempts: positiveWhole.max(10).optional(),
});

const storesFileSchema = z.strictObject({ stores: z.array(storeSchema).min(1, 'must name at least one store') });

type StoreEntry = z.output<typeof storeSchema>;

/** Fixed keys, read from the file or from the variables it names. */
export interface StaticStoreCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** One store of the graph, ready for src/s3 to connect to. */
export interface StoreDefinition {
  name: string;
  /** The store used where a request names none. */
  isDefault: boolean;
  endpoint: string | undefined;
  s3: S3Config;
  /** Undefined: the standard chain (with `profile`, when given). */
  credentials: StaticStoreCredentials | undefined;
  profile: string | undefined;
  /** S3 requests one operation runs at once; undefined: S3_MAX_CONCURRENCY. */
  maxConcurrency: number | undefined;
}

type Problem = { path: (string | number)[]; message: string };

/** A secret written in the file or named by `<field>Env`; never both. */
function secretOf(
  credentials: z.output<typeof credentialsSchema>,
  field: 'accessKeyId' | 'secretAccessKey' | 'sessionToken',
  env: NodeJS.ProcessEnv,
  path: (string | number)[],
  problems: Problem[],
): string | undefined {
  const written = credentials[field];
  const variable = credentials[`${field}Env`];
  if (written !== undefined && variable !== undefined) {
    problems.push({ path: [...path, field], message: `give ${field} or ${field}Env, not both` });
    return undefined;
  }
  if (variable === undefined) return written;
  const value = env[variable];
  if (value === undefined || value === '')
    problems.push({ path: [...path, `${field}Env`], message: `environment variable ${variable} is not set` });
  return value === '' ? undefined : value;
}

function staticCredentials(entry: StoreEntry, env: NodeJS.ProcessEnv, path: (string | number)[], problems: Problem[]) {
  const { credentials } = entry;
  if (credentials === undefined) return { credentials: undefined, profile: undefined };
  const at = [...path, 'credentials'];
  const before = problems.length;
  const accessKeyId = secretOf(credentials, 'accessKeyId', env, at, problems);
  const secretAccessKey = secretOf(credentials, 'secretAccessKey', env, at, problems);
  const sessionToken = secretOf(credentials, 'sessionToken', env, at, problems);
  const keysGiven = [credentials.accessKeyId ?? credentials.accessKeyIdEnv, credentials.secretAccessKey ?? credentials.secretAccessKeyEnv];
  if (credentials.profile !== undefined) {
    if (keysGiven.some((given) => given !== undefined) || sessionToken !== undefined)
      problems.push({ path: at, message: 'give a profile or keys, not both' });
    return { credentials: undefined, profile: credentials.profile };
  }
  if (keysGiven.some((given) => given === undefined)) {
    problems.push({ path: at, message: 'needs accessKeyId and secretAccessKey (or their ...Env variables), or a profile' });
    return { credentials: undefined, profile: undefined };
  }
  if (problems.length > before || accessKeyId === undefined || secretAccessKey === undefined)
    return { credentials: undefined, profile: undefined };
  return { credentials: { accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) }, profile: undefined };
}

function definitionOf(entry: StoreEntry, base: S3Config, resolved: ReturnType<typeof staticCredentials>, isDefault: boolean) {
  // As for the single store: S3-compatible stores often reject the SDK's default CRC checksums and aws-chunked bodies.
  const checksumDefault = entry.endpoint === undefined ? 'WHEN_SUPPORTED' : 'WHEN_REQUIRED';
  const s3: S3Config = {
    ...base,
    region: entry.region ?? base.region,
    publicEndpoint: entry.publicEndpoint,
    forcePathStyle: entry.forcePathStyle ?? entry.endpoint !== undefined,
    requestChecksumCalculation: entry.requestChecksumCalculation ?? checksumDefault,
    responseChecksumValidation: entry.responseChecksumValidation ?? checksumDefault,
    assumeRole: entry.assumeRole === undefined ? undefined : { externalId: undefined, durationSeconds: undefined, ...entry.assumeRole },
    maxSockets: entry.maxSockets ?? base.maxSockets,
    connectTimeoutMs: entry.connectTimeoutSeconds === undefined ? base.connectTimeoutMs : entry.connectTimeoutSeconds * 1000,
    requestTimeoutMs: entry.requestTimeoutSeconds === undefined ? base.requestTimeoutMs : entry.requestTimeoutSeconds * 1000,
    maxAttempts: entry.maxAttempts ?? base.maxAttempts,
  };
  return {
    name: entry.name,
    isDefault,
    endpoint: entry.endpoint,
    s3,
    credentials: resolved.credentials,
    profile: resolved.profile,
    maxConcurrency: entry.maxConcurrency,
  } satisfies StoreDefinition;
}

/**
 * Parses a stores file (YAML, or JSON, which is YAML too); every problem is named by its place in the file.
 * `base` is the single store's S3 settings from the environment, which each store starts from.
 */
export function parseStores(
  text: string,
  env: NodeJS.ProcessEnv,
  base: S3Config,
  isValidRegion: (name: string) => boolean,
): { stores: StoreDefinition[]; secrets: string[] } | { problems: string[] } {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    return { problems: [`not YAML or JSON: ${(error as Error).message.split('\n')[0] ?? ''}`] };
  }
  const parsed = storesFileSchema.safeParse(document);
  if (!parsed.success) return { problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`) };
  const problems: Problem[] = [];
  const { stores } = parsed.data;
  const seen = new Map<string, number>();
  stores.forEach(({ name }, index) => {
    const first = seen.get(name);
    if (first === undefined) seen.set(name, index);
    else problems.push({ path: ['stores', index, 'name'], message: `"${name}" is also the name of store ${first}: names must differ` });
  });
  stores.forEach(({ region }, index) => {
    if (region !== undefined && !isValidRegion(region))
      problems.push({ path: ['stores', index, 'region'], message: 'must be a region name such as eu-west-1' });
  });
  const defaults = stores.flatMap((store, index) => (store.default === true ? [index] : []));
  if (defaults.length > 1)
    problems.push({
      path: ['stores', defaults[1] ?? 0, 'default'],
      message: `only one store may be the default (store ${defaults[0]} is)`,
    });
  if (defaults.length === 0 && stores.length > 1)
    problems.push({ path: ['stores'], message: 'mark one store default: true (requests that name no store use it)' });
  const definitions = stores.map((entry, index) =>
    definitionOf(entry, base, staticCredentials(entry, env, ['stores', index], problems), stores.length === 1 || entry.default === true),
  );
  if (problems.length > 0) return { problems: problems.map(({ path, message }) => `${path.join('.')}: ${message}`) };
  const secrets = definitions.flatMap(({ credentials }) =>
    credentials === undefined ? [] : [credentials.secretAccessKey, credentials.sessionToken].filter((value) => value !== undefined),
  );
  return { stores: definitions, secrets };
}

/** Reads and parses STORES_FILE at start; each problem starts with the setting's name. */
export function readStoresFile(
  file: string,
  env: NodeJS.ProcessEnv,
  base: S3Config,
  isValidRegion: (name: string) => boolean,
): { stores: StoreDefinition[]; secrets: string[] } | { problems: string[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { problems: [`STORES_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`] };
  }
  const parsed = parseStores(text, env, base, isValidRegion);
  return 'problems' in parsed ? { problems: parsed.problems.map((problem) => `STORES_FILE ${problem}`) } : parsed;
}
