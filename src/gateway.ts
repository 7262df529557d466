import { setTimeout as sleep } from 'node:timers/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger, type YogaLogger as Logger } from '@graphql-yoga/logger';
import { createAuthenticator } from './auth/authenticate.js';
import { GatewayMetrics, requestAwareLogger } from './observability.js';
import type { Config } from './config.js';
import { JobRegistry } from './jobs.js';
import { createS3Client, type S3Connection } from './s3/client.js';
import { EMBEDDED_CREDENTIALS, startEmbeddedStore, type EmbeddedStore } from './s3/embedded-store.js';
import { registerSecrets } from './redact.js';
import { S3Service } from './s3/service.js';
import { createHttpServer } from './server/http.js';
import { createGatewayYoga, GRAPHQL_PATH } from './server/yoga.js';

// After the shutdown deadline, how long cut requests may take to clean up (abort their multipart uploads) before S3 is let go.
const CLEANUP_MS = 5000;

export interface RunningGateway {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  url: string;
  /** Which S3 store this gateway talks to, for the start-up line. */
  store: string;
  /** Who may call, for the start-up line. */
  callers: string;
  /** The S3 endpoint in use; undefined for AWS's own. */
  storeEndpoint: string | undefined;
  /** The listening HTTP server, with the timeouts it applies. */
  httpServer: Server;
  /** Stops accepting, lets requests, uploads and jobs in flight finish up to SHUTDOWN_TIMEOUT_SECONDS, then cuts the rest. */
  close(): Promise<void>;
}

export function describeCallers(auth: Config['auth']): string {
  if (auth.kind === 'none') return 'anyone who reaches this address (no AUTH_POLICY_FILE)';
  const credentials = auth.jwt === undefined ? 'API keys' : `API keys and JWTs from ${auth.jwt.issuer}`;
  return `${credentials}, for the ${auth.policy.principals.length} principals of the policy`;
}

/** Starts the embedded store when configured, then the gateway's HTTP server. */
export async function startGateway(config: Config, baseLogger: Logger = createLogger(config.server.logLevel)): Promise<RunningGateway> {
  registerSecrets(config.secrets);
  const logger = requestAwareLogger(baseLogger, config.server.logFormat, config.server.logLevel);
  const metrics = new GatewayMetrics();
  let embedded: EmbeddedStore | undefined;
  let store: string;
  let connection: S3Connection;
  if (config.store.kind === 'embedded') {
    embedded = await startEmbeddedStore(config.store);
    connection = { endpoint: embedded.endpoint, credentials: EMBEDDED_CREDENTIALS };
    store = `embedded s3rver at ${embedded.endpoint} (data in ${config.store.directory})`;
  } else {
    connection = { endpoint: config.store.endpoint };
    store = config.store.endpoint === undefined ? `AWS S3 (${config.s3.region})` : `S3-compatible store at ${config.store.endpoint}`;
  }
  const client = createS3Client(config.s3, connection, {
    s3Call(operation, status, seconds) {
      metrics.s3Call(operation, status, seconds);
      logger.debug('s3 call', { operation, status, ms: Math.round(seconds * 1000) });
    },
  });
  const s3 = new S3Service(client, config.limits);
  const exampleBucket = config.store.kind === 'embedded' ? config.store.buckets[0] : undefined;
  const { jobRetentionSeconds, maxJobsPerPrincipal, maxJobs, maxFinishedJobs } = config.limits;
  const jobs = new JobRegistry(
    { retentionSeconds: jobRetentionSeconds, maxRunningPerOwner: maxJobsPerPrincipal, maxRunning: maxJobs, maxFinished: maxFinishedJobs },
    (error) => logger.error('job failed unexpectedly', error),
  );
  let shuttingDown = false;
  const yoga = createGatewayYoga({ s3, jobs, config, logger, metrics, exampleBucket, isShuttingDown: () => shuttingDown });
  const http = createHttpServer({ yoga, s3, config, logger, metrics, authenticate: createAuthenticator(config.auth) });
  try {
    await new Promise<void>((resolve, reject) => {
      http.server.once('error', reject);
      http.server.listen(config.server.port, config.server.host, resolve);
    });
  } catch (error) {
    await embedded?.close();
    throw error;
  }
  const { port } = http.server.address() as AddressInfo;
  const host = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;
  return {
    url: `http://${host}:${port}${GRAPHQL_PATH}`,
    store,
    callers: describeCallers(config.auth),
    storeEndpoint: connection.endpoint,
    httpServer: http.server,
    async close() {
      shuttingDown = true;
      const deadlineMs = config.server.shutdownTimeoutMs;
      await Promise.all([http.drain(deadlineMs, CLEANUP_MS), Promise.race([jobs.idle(), sleep(deadlineMs, undefined, { ref: false })])]);
      client.destroy();
      await embedded?.close();
    },
  };
}
