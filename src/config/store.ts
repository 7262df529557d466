import { resolve } from 'node:path';
import { z } from 'zod';
import {
  commaSeparated,
  emptyAsUndefined,
  optionalBoolean,
  optionalHttpUrl,
  optionalString,
  portNumber,
  positiveInteger,
  positiveSeconds,
} from './values.js';

/** Which S3 store the gateway talks to, and how its S3 client connects. */

// Shared with the stores of STORES_FILE (src/config/stores.ts), which take the same values per store.
export const checksumMode = z.enum(['WHEN_SUPPORTED', 'WHEN_REQUIRED'], { message: 'must be WHEN_SUPPORTED or WHEN_REQUIRED' });
export const roleArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'must be an IAM role ARN');
export const roleSessionName = z
  .string()
  .regex(/^[\w+=,.@-]{2,64}$/, 'must be 2-64 characters of letters, digits and +=,.@-_')
  .default('s3-graphql-gateway');
export const roleExternalId = z.string().min(2).max(1224);

/** What src/s3 knows and the settings depend on; config.ts hands it in. */
export interface StoreRules {
  isValidBucketName(name: string): boolean;
  isValidRegion(name: string): boolean;
  /** Whether the SDK's credential chain finds credentials here (variables or files), instance metadata aside. */
  hasCredentialSource(): boolean;
  /** The endpoint AWS's own settings (AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, a profile's endpoint_url) give the SDK, if any. */
  awsConfiguredEndpoint: string | undefined;
}

const storeEnvironment = (rules: StoreRules) => {
  const regionName = z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .refine((name) => rules.isValidRegion(name), 'must be a region name such as eu-west-1')
      .optional(),
  );
  return z.object({
    S3_STORE: z.enum(['auto', 'embedded', 'external'], { message: 'must be auto, embedded or external' }).default('auto'),
    AWS_REGION: regionName,
    AWS_DEFAULT_REGION: regionName,
    S3_ENDPOINT: optionalHttpUrl,
    S3_PUBLIC_ENDPOINT: optionalHttpUrl,
    S3_FORCE_PATH_STYLE: optionalBoolean,
    S3_REQUEST_CHECKSUM_CALCULATION: z.preprocess(emptyAsUndefined, checksumMode.optional()),
    S3_RESPONSE_CHECKSUM_VALIDATION: z.preprocess(emptyAsUndefined, checksumMode.optional()),
    S3_ASSUME_ROLE_ARN: z.preprocess(emptyAsUndefined, roleArn.optional()),
    S3_ASSUME_ROLE_SESSION_NAME: roleSessionName,
    S3_ASSUME_ROLE_EXTERNAL_ID: z.preprocess(emptyAsUndefined, roleExternalId.optional()),
    S3_ASSUME_ROLE_DURATION_SECONDS: z.preprocess(emptyAsUndefined, positiveInteger.min(900).max(43200).optional()),
    S3_MAX_SOCKETS: positiveInteger.max(10000).default(64),
    S3_CONNECT_TIMEOUT_SECONDS: positiveSeconds.default(5),
    S3_REQUEST_TIMEOUT_SECONDS: positiveSeconds.default(30),
    S3_MAX_ATTEMPTS: positiveInteger.max(10).default(3),

    EMBEDDED_S3_DIR: z.string().min(1).default('.data/s3'),
    EMBEDDED_S3_BUCKETS: z
      .string()
      .default('demo')
      .transform(commaSeparated)
      .refine((names) => names.every((name) => rules.isValidBucketName(name)), 'must be a comma-separated list of valid bucket names'),
    EMBEDDED_S3_PORT: portNumber.default(0),

    AWS_SECRET_ACCESS_KEY: optionalString,
    AWS_SESSION_TOKEN: optionalString,
  });
};

type StoreEnvironment = z.output<ReturnType<typeof storeEnvironment>>;

/** An assumed role needs base credentials: with one configured, the store is AWS or another external one. */
const expectsCredentials = (env: StoreEnvironment, rules: StoreRules): boolean =>
  env.S3_ASSUME_ROLE_ARN !== undefined || rules.hasCredentialSource();

function chooseStore(env: StoreEnvironment, rules: StoreRules) {
  const endpoint = env.S3_ENDPOINT ?? rules.awsConfiguredEndpoint;
  const embedded = env.S3_STORE === 'embedded' || (env.S3_STORE === 'auto' && endpoint === undefined && !expectsCredentials(env, rules));
  if (!embedded) return { kind: 'external' as const, endpoint };
  return {
    kind: 'embedded' as const,
    directory: resolve(env.EMBEDDED_S3_DIR),
    buckets: env.EMBEDDED_S3_BUCKETS,
    port: env.EMBEDDED_S3_PORT,
  };
}

export const storeSettings = (rules: StoreRules) =>
  storeEnvironment(rules).transform((env) => {
    const store = chooseStore(env, rules);
    // Many S3-compatible stores reject the SDK's default CRC checksums and aws-chunked bodies.
    const customEndpoint = store.kind === 'embedded' || store.endpoint !== undefined;
    const defaultChecksumMode = customEndpoint ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED';
    return {
      store,
      s3: {
        region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
        /** Where browsers reach the store, when not where the gateway does: every presigned URL is signed for it. */
        publicEndpoint: env.S3_PUBLIC_ENDPOINT,
        forcePathStyle: env.S3_FORCE_PATH_STYLE ?? customEndpoint,
        requestChecksumCalculation: env.S3_REQUEST_CHECKSUM_CALCULATION ?? defaultChecksumMode,
        responseChecksumValidation: env.S3_RESPONSE_CHECKSUM_VALIDATION ?? defaultChecksumMode,
        assumeRole:
          env.S3_ASSUME_ROLE_ARN === undefined
            ? undefined
            : {
                roleArn: env.S3_ASSUME_ROLE_ARN,
                sessionName: env.S3_ASSUME_ROLE_SESSION_NAME,
                externalId: env.S3_ASSUME_ROLE_EXTERNAL_ID,
                durationSeconds: env.S3_ASSUME_ROLE_DURATION_SECONDS,
              },
        /** Sockets kept open to S3 (HTTP keep-alive pool). */
        maxSockets: env.S3_MAX_SOCKETS,
        /** Longest wait for a connection to S3, in ms. */
        connectTimeoutMs: env.S3_CONNECT_TIMEOUT_SECONDS * 1000,
        /** Longest wait for S3's answer to start, and longest silence on its socket, in ms; then the attempt fails. */
        requestTimeoutMs: env.S3_REQUEST_TIMEOUT_SECONDS * 1000,
        /** Attempts per S3 request (the SDK's standard retry mode, with backoff); 1 means no retry. */
        maxAttempts: env.S3_MAX_ATTEMPTS,
      },
      /** Values never to be logged or shown. */
      secrets: [env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN].filter((value) => value !== undefined),
    };
  });

export type S3Config = z.output<ReturnType<typeof storeSettings>>['s3'];
