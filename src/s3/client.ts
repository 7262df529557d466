import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { Config } from '../config.js';
import type { S3CallObserver } from '../observability.js';
import { httpStatusOf } from './errors.js';

type Credentials = NonNullable<S3ClientConfig['credentials']>;
type StaticCredentials = Exclude<Credentials, (...args: never[]) => unknown>;

export interface S3Connection {
  endpoint: string | undefined;
  /** Fixed keys, for the embedded store; otherwise the standard provider chain is used. */
  credentials?: StaticCredentials;
}

function credentialProvider(config: Config['s3'], connection: S3Connection): Credentials {
  if (connection.credentials) return connection.credentials;
  // Environment, shared files with AWS_PROFILE, SSO, web identity, credential_process, container and instance metadata.
  const baseCredentials = fromNodeProviderChain({ clientConfig: { region: config.region } });
  if (!config.assumeRole) return baseCredentials;
  const { roleArn, sessionName, externalId, durationSeconds } = config.assumeRole;
  return fromTemporaryCredentials({
    masterCredentials: baseCredentials,
    params: { RoleArn: roleArn, RoleSessionName: sessionName, ExternalId: externalId, DurationSeconds: durationSeconds },
    clientConfig: { region: config.region },
  });
}

/** Reports each S3 call (retries included) with its operation, HTTP status and duration. */
function observeCalls(client: S3Client, observer: S3CallObserver): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const started = performance.now();
      const report = (status: string) =>
        observer.s3Call(context.commandName?.replace(/Command$/, '') ?? 'unknown', status, (performance.now() - started) / 1000);
      try {
        const output = await next(args);
        const { statusCode } = output.response as { statusCode?: number };
        // A presigned URL is signed without any request (its answer carries no status): there is nothing to count.
        if (statusCode !== undefined) report(String(statusCode));
        return output;
      } catch (error) {
        report(String(httpStatusOf(error) ?? 'network'));
        throw error;
      }
    },
    { step: 'initialize', name: 'gatewayObserveCalls' },
  );
}

export function createS3Client(config: Config['s3'], connection: S3Connection, observer?: S3CallObserver): S3Client {
  const client = new S3Client({
    region: config.region,
    endpoint: connection.endpoint,
    forcePathStyle: config.forcePathStyle,
    credentials: credentialProvider(config, connection),
    requestChecksumCalculation: config.requestChecksumCalculation,
    responseChecksumValidation: config.responseChecksumValidation,
    // Buckets in other regions than AWS_REGION answer with a redirect that the SDK follows.
    followRegionRedirects: true,
    // Throttling (SlowDown, 503), 5xx, resets and timeouts are retried with exponential backoff and jitter, a bounded number of times.
    retryMode: 'standard',
    maxAttempts: config.maxAttempts,
    // Keep-alive with a sized pool: a listing's HeadObjects and a prefix copy reuse connections instead of opening one each.
    requestHandler: {
      httpAgent: { keepAlive: true, maxSockets: config.maxSockets },
      httpsAgent: { keepAlive: true, maxSockets: config.maxSockets },
      connectionTimeout: config.connectTimeoutMs,
      // Without throwOnRequestTimeout the SDK only logs a warning when requestTimeout passes, and goes on waiting.
      requestTimeout: config.requestTimeoutMs,
      throwOnRequestTimeout: true,
      // A body that stops half-way (a stalled download) fails too, not only a late answer.
      socketTimeout: config.requestTimeoutMs,
    },
  });
  if (observer !== undefined) observeCalls(client, observer);
  return client;
}
