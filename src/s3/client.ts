import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { S3Config } from '../config/store.js';
import type { S3CallObserver, S3CallStart, S3CallTracer } from '../observability.js';
import { httpStatusOf } from './errors.js';

type Credentials = NonNullable<S3ClientConfig['credentials']>;
type StaticCredentials = Exclude<Credentials, (...args: never[]) => unknown>;

export interface S3Connection {
  endpoint: string | undefined;
  /** Fixed keys (the embedded store's, or a store's of STORES_FILE); otherwise the standard provider chain is used. */
  credentials?: StaticCredentials;
  /** The shared-config profile the chain reads, when a store names one; otherwise AWS_PROFILE's. */
  profile?: string;
}

function credentialProvider(config: S3Config, connection: S3Connection): Credentials {
  if (connection.credentials) return connection.credentials;
  // Environment, shared files with AWS_PROFILE, SSO, web identity, credential_process, container and instance metadata.
  const baseCredentials = fromNodeProviderChain({ profile: connection.profile, clientConfig: { region: config.region } });
  if (!config.assumeRole) return baseCredentials;
  const { roleArn, sessionName, externalId, durationSeconds } = config.assumeRole;
  return fromTemporaryCredentials({
    masterCredentials: baseCredentials,
    params: { RoleArn: roleArn, RoleSessionName: sessionName, ExternalId: externalId, DurationSeconds: durationSeconds },
    clientConfig: { region: config.region },
  });
}

/** A call followed from its start to its end, and from each of its attempts. */
interface ObservedCall {
  start: S3CallStart;
  trace?: ReturnType<S3CallTracer['requestSent']>;
  requestBytes?: number;
}

const bytesIn = (headers: Record<string, string> | undefined): number | undefined => {
  const length = headers?.['content-length'];
  return length === undefined ? undefined : Number(length);
};

/**
 * Reports each S3 call (retries included) with its operation, HTTP status and duration, and lets a tracer follow the
 * calls that send a request: a presigned URL is signed without any request, so it is neither counted nor traced, and no
 * trace header can end up among the headers its signature requires.
 */
function observeCalls(client: S3Client, observer: S3CallObserver | undefined, tracer: S3CallTracer | undefined): void {
  const calls = new WeakMap<object, ObservedCall>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = context.commandName?.replace(/Command$/, '') ?? 'unknown';
      const { Bucket: bucket } = args.input as { Bucket?: string };
      const started = performance.now();
      const call: ObservedCall = { start: { operation, bucket, startedAt: Date.now() } };
      calls.set(context, call);
      const report = (status: number | undefined, response: { headers?: Record<string, string> } | undefined, error?: unknown) => {
        if (status !== undefined || error !== undefined)
          observer?.s3Call(operation, String(status ?? 'network'), (performance.now() - started) / 1000);
        call.trace?.end({
          status,
          requestBytes: call.requestBytes,
          responseBytes: bytesIn(response?.headers),
          errorName: error instanceof Error ? error.name : undefined,
        });
      };
      try {
        const output = await next(args);
        const response = output.response as { statusCode?: number; headers?: Record<string, string> };
        report(response.statusCode, response);
        return output;
      } catch (error) {
        report(httpStatusOf(error), undefined, error);
        throw error;
      }
    },
    { step: 'initialize', name: 'gatewayObserveCalls' },
  );
  if (tracer === undefined) return;
  // Per attempt, after signing: the trace context is an unsigned header, so retries carry it and signatures stay as they are.
  client.middlewareStack.add(
    (next, context) => (args) => {
      const call = calls.get(context);
      const request = args.request as { headers?: Record<string, string> };
      if (call !== undefined && request.headers !== undefined) {
        call.trace ??= tracer.requestSent(call.start);
        Object.assign(request.headers, call.trace.headers);
        call.requestBytes = bytesIn(request.headers);
      }
      return next(args);
    },
    { step: 'deserialize', name: 'gatewayTraceContext' },
  );
}

export interface S3CallWatchers {
  observer?: S3CallObserver;
  tracer?: S3CallTracer;
}

export function createS3Client(config: S3Config, connection: S3Connection, { observer, tracer }: S3CallWatchers = {}): S3Client {
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
  if (observer !== undefined || tracer !== undefined) observeCalls(client, observer, tracer);
  return client;
}
