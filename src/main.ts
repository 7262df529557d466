import cluster from 'node:cluster';
import { serveGroupMetrics } from './cluster-metrics.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { describeCallers, openStore, startGateway } from './gateway.js';
import { readAwsConfiguredEndpoint } from './s3/endpoint.js';
import { RedisUnavailableAtStartError } from './redis.js';
import { BROWSER_PATH, graphqlUrl } from './shared/routes.js';

const log = (message: string) => console.log(`s3-graphql-gateway: ${message}`);

/** The start-up lines, the same for one process and for a cluster; tests and benchmarks wait for "GraphQL at <url>". */
function announce(config: Config, store: string, url: string): void {
  const workers = config.server.workers > 1 ? `${config.server.workers} workers; ` : '';
  log(`store: ${store}`);
  log(`callers: ${describeCallers(config.auth)}`);
  log(`${workers}GraphQL at ${url}${config.server.graphiql ? ` (GraphiQL in a browser, objects at ${BROWSER_PATH})` : ''}`);
}

/** One gateway in this process. */
async function runSingle(config: Config): Promise<void> {
  const gateway = await startGateway(config);
  if (cluster.isPrimary) announce(config, gateway.store, gateway.url);
  let stopping = false;
  const stop = (signal: string) => {
    // Ctrl-C reaches the workers of a cluster twice: from the terminal and from the primary.
    if (stopping) return;
    stopping = true;
    if (cluster.isPrimary) log(`${signal}, finishing requests in flight, then stopping`);
    gateway.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** WORKERS gateway processes sharing one port (node:cluster); an embedded store runs once, here. */
async function runPrimary(config: Config): Promise<void> {
  const store = await openStore(config);
  const { endpoint, credentials } = store.connection;
  // Workers reach the primary's embedded store as an external one.
  const workerEnv: Record<string, string> =
    credentials === undefined || endpoint === undefined
      ? {}
      : {
          S3_STORE: 'external',
          S3_ENDPOINT: endpoint,
          AWS_ACCESS_KEY_ID: credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        };
  let stopping = false;
  serveGroupMetrics();
  const fork = () => cluster.fork(workerEnv);
  cluster.on('exit', (worker, code) => {
    if (stopping) return;
    log(`worker ${worker.id} exited (${code}); starting another`);
    fork();
  });
  cluster.once('listening', (_worker, address) => announce(config, store.description, graphqlUrl(address.address, address.port)));
  for (let index = 0; index < config.server.workers; index += 1) fork();

  const stop = (signal: string) => {
    stopping = true;
    log(`${signal}, finishing requests in flight, then stopping`);
    // Signalled directly rather than with worker.kill(), whose cluster disconnect waits for every connection without a
    // deadline (a stalled upload would hold the shutdown for ever): each worker drains up to SHUTDOWN_TIMEOUT_SECONDS.
    const exited = Object.values(cluster.workers ?? {}).map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker === undefined) {
            resolve();
            return;
          }
          worker.once('exit', () => resolve());
          worker.process.kill('SIGTERM');
        }),
    );
    Promise.all(exited)
      .then(() => store.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

async function main(): Promise<void> {
  const config = loadConfig(process.env, await readAwsConfiguredEndpoint(process.env));
  if (config.server.workers > 1 && cluster.isPrimary) await runPrimary(config);
  else await runSingle(config);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof RedisUnavailableAtStartError ? error.message : error);
  process.exit(1);
});
