import cluster from 'node:cluster';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger, type YogaLogger as Logger } from '@graphql-yoga/logger';
import { createAuthenticator } from './auth/authenticate.js';
import { groupMetricsOf } from './cluster-metrics.js';
import { ObjectEvents } from './events.js';
import { GatewayMetrics, requestAwareLogger } from './observability.js';
import type { Config } from './config.js';
import { JobRegistry, jobPlanner, MemoryJobs, type JobBounds, type Jobs } from './jobs.js';
import type { S3Client } from '@aws-sdk/client-s3';
import { createS3Client, type S3CallWatchers, type S3Connection } from './s3/client.js';
import type { S3Config } from './config/store.js';
import { StoreRegistry } from './s3/stores.js';
import { registerSecrets } from './redact.js';
import type { RedisConnections } from './redis.js';
import { S3Storage } from './s3/storage.js';
import { createHttpServer } from './server/http.js';
import { createRateLimit } from './server/rate-limit.js';
import { keptInMemory, keptOnRedis } from './kept-state.js';
import { Summaries } from './summaries.js';
import { ArchiveLinks } from './archives.js';
import { startTracing, type Tracing } from './tracing.js';
import { createGatewayYoga } from './server/yoga.js';
import { graphqlUrl } from './shared/routes.js';

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

/** The S3 store this process talks to, and how the start-up line names it. */
export interface OpenedStore {
  connection: S3Connection;
  description: string;
  /** Stops the embedded store, if this process started one. */
  close(): Promise<void>;
}

/** Starts the embedded store when configured; otherwise names the configured endpoint (or AWS's own). */
export async function openStore(config: Config): Promise<OpenedStore> {
  if (config.stores !== undefined) {
    const described = config.stores.map(({ name, isDefault, endpoint, s3 }) => {
      const where = endpoint === undefined ? `AWS S3 (${s3.region})` : endpoint;
      return `${name}${isDefault ? ' (default)' : ''} at ${where}`;
    });
    // The stores of STORES_FILE are connected to as configured there: nothing to start, no credentials for workers to inherit.
    return {
      connection: { endpoint: config.stores.find((store) => store.isDefault)?.endpoint },
      description: `${config.stores.length} stores of STORES_FILE: ${described.join(', ')}`,
      close: () => Promise.resolve(),
    };
  }
  if (config.store.kind === 'embedded') {
    // Loaded only here: s3rver and its Koa stack are some 25 MiB that a gateway on an external store never needs.
    const { EMBEDDED_CREDENTIALS, startEmbeddedStore } = await import('./embedded-store/start.js');
    const embedded = await startEmbeddedStore(config.store);
    return {
      connection: { endpoint: embedded.endpoint, credentials: EMBEDDED_CREDENTIALS },
      description: `embedded s3rver at ${embedded.endpoint} (data in ${config.store.directory})`,
      close: () => embedded.close(),
    };
  }
  const { endpoint } = config.store;
  return {
    connection: { endpoint },
    description: endpoint === undefined ? `AWS S3 (${config.s3.region})` : `S3-compatible store at ${endpoint}`,
    close: () => Promise.resolve(),
  };
}

export function describeCallers(auth: Config['auth']): string {
  if (auth.kind === 'none') return 'anyone who reaches this address (no AUTH_POLICY_FILE)';
  const credentials = auth.jwt === undefined ? 'API keys' : `API keys and JWTs from ${auth.jwt.issuer}`;
  return `${credentials}, for the ${auth.policy.principals.length} principals of the policy`;
}

/** Starts the embedded store when configured, then the gateway's HTTP server; `tracing` replaces what the OTEL_* variables set up. */
export async function startGateway(
  config: Config,
  baseLogger: Logger = createLogger(config.observability.logLevel),
  tracing?: Tracing,
): Promise<RunningGateway> {
  registerSecrets(config.secrets);
  tracing ??= await startTracing(config.observability.tracing);
  const logger = requestAwareLogger(baseLogger, config.observability.logFormat, config.observability.logLevel);
  const metrics = new GatewayMetrics();
  // With REDIS_URL set, the gateway does not start without Redis (RedisUnavailableAtStartError says where it looked).
  const redis: RedisConnections | undefined =
    config.redis === undefined ? undefined : await (await import('./redis.js')).RedisConnections.load(config.redis);
  await redis?.check();
  const store = await openStore(config);
  const watchers: S3CallWatchers = {
    observer: {
      s3Call(operation, status, seconds) {
        metrics.s3Call(operation, status, seconds);
        logger.debug('s3 call', { operation, status, ms: Math.round(seconds * 1000) });
      },
    },
    tracer: tracing?.s3Calls,
  };
  const objectEvents =
    redis === undefined
      ? ObjectEvents.inMemory()
      : ObjectEvents.onRedis(redis, (error) => logger.warn('object changes are not published: Redis is unreachable', error));
  const clients: S3Client[] = [];
  /** A client for the store, and one that signs URLs for its public address (the SDK signs the Host header), which sends nothing. */
  const connect = (s3Config: S3Config, connection: S3Connection) => {
    const client = createS3Client(s3Config, connection, watchers);
    const signer =
      s3Config.publicEndpoint === undefined ? client : createS3Client(s3Config, { ...connection, endpoint: s3Config.publicEndpoint });
    clients.push(...new Set([client, signer]));
    return { client, signer };
  };
  const singleStore = () => {
    const { client, signer } = connect(config.s3, store.connection);
    return StoreRegistry.single(new S3Storage(client, config.limits, logger, { signer, changes: objectEvents }));
  };
  const stores =
    config.stores === undefined
      ? singleStore()
      : new StoreRegistry(
          config.stores.map((definition) => {
            const { client, signer } = connect(definition.s3, {
              endpoint: definition.endpoint,
              credentials: definition.credentials,
              profile: definition.profile,
            });
            const limits = { ...config.limits, maxConcurrency: definition.maxConcurrency ?? config.limits.maxConcurrency };
            // Changes in the default store keep the channels they had before there were several stores.
            const changes = definition.isDefault ? objectEvents : objectEvents.forStore(definition.name);
            const storage = new S3Storage(client, limits, logger, { signer, changes, storeName: definition.name });
            return { name: definition.name, storage, isDefault: definition.isDefault, maxConcurrency: definition.maxConcurrency };
          }),
        );
  const s3 = stores.default.storage;
  const exampleBucket = config.stores === undefined && config.store.kind === 'embedded' ? config.store.buckets[0] : undefined;
  const { jobRetentionSeconds, maxJobsPerPrincipal, maxJobs, maxFinishedJobs } = config.limits;
  const bounds: JobBounds = {
    retentionSeconds: jobRetentionSeconds,
    maxRunningPerOwner: maxJobsPerPrincipal,
    maxRunning: maxJobs,
    maxFinished: maxFinishedJobs,
  };
  const onUnexpectedJobError = (error: unknown) => logger.error('job failed unexpectedly', error);
  const { summaryRetentionSeconds } = config.limits;
  const kept = redis === undefined ? keptInMemory() : keptOnRedis(redis);
  const summaries = new Summaries(kept, summaryRetentionSeconds);
  const archives = new ArchiveLinks(kept, config.limits.archiveLinkSeconds);
  const plan = jobPlanner(s3, config.limits.maxConcurrency, summaries, stores);
  // BullMQ is loaded only with REDIS_URL: some 30 MiB that jobs kept in memory never need.
  const jobs: Jobs =
    redis === undefined || config.redis === undefined
      ? new MemoryJobs(new JobRegistry(bounds, onUnexpectedJobError), plan)
      : new (await import('./durable-jobs.js')).DurableJobs(redis, config.redis.jobs, bounds, s3, plan, onUnexpectedJobError, stores);
  let shuttingDown = false;
  const yoga = createGatewayYoga({
    s3,
    stores,
    jobs,
    objectEvents,
    summaries,
    archives,
    config,
    logger,
    metrics,
    tracing,
    exampleBucket,
    isShuttingDown: () => shuttingDown,
  });
  const http = createHttpServer({
    yoga,
    s3,
    stores,
    config,
    logger,
    metrics,
    tracing,
    archives,
    authenticate: createAuthenticator(config.auth, stores.default.name),
    rateLimit: await createRateLimit(config.rateLimit, config.rateLimit === undefined ? undefined : redis?.commands()),
    groupMetrics: cluster.isWorker ? groupMetricsOf(metrics.registry) : undefined,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      http.server.once('error', reject);
      http.server.listen(config.server.port, config.server.host, resolve);
    });
  } catch (error) {
    await jobs.close();
    await redis?.close();
    await Promise.all([store.close(), tracing?.shutdown()]);
    throw error;
  }
  const { port } = http.server.address() as AddressInfo;
  return {
    url: graphqlUrl(config.server.host, port),
    store: store.description,
    callers: describeCallers(config.auth),
    storeEndpoint: store.connection.endpoint,
    httpServer: http.server,
    async close() {
      shuttingDown = true;
      const deadlineMs = config.server.shutdownTimeoutMs;
      await Promise.all([http.drain(deadlineMs, CLEANUP_MS), Promise.race([jobs.idle(), sleep(deadlineMs, undefined, { ref: false })])]);
      await jobs.close();
      for (const client of clients) client.destroy();
      await redis?.close();
      await Promise.all([store.close(), tracing?.shutdown()]);
    },
  };
}
