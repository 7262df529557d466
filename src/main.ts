import cluster from 'node:cluster';
import { ConfigError, loadConfig, type Config } from './config.js';
import { describeCallers, startGateway } from './gateway.js';
import { EMBEDDED_CREDENTIALS, startEmbeddedStore } from './s3/embedded-store.js';
import { BROWSER_PATH, graphqlUrl } from './shared/routes.js';

const log = (message: string) => console.log(`s3-graphql-gateway: ${message}`);

/** One gateway in this process. */
async function runSingle(config: Config): Promise<void> {
  const gateway = await startGateway(config);
  if (cluster.isPrimary) {
    log(`store: ${gateway.store}`);
    log(`callers: ${gateway.callers}`);
    log(`GraphQL at ${gateway.url}${config.server.graphiql ? ` (GraphiQL in a browser, objects at ${BROWSER_PATH})` : ''}`);
  }
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
  const workerEnv: Record<string, string> = {};
  let store = 'the configured S3 store';
  let closeStore = () => Promise.resolve();
  if (config.store.kind === 'embedded') {
    const embedded = await startEmbeddedStore(config.store);
    Object.assign(workerEnv, {
      S3_STORE: 'external',
      S3_ENDPOINT: embedded.endpoint,
      AWS_ACCESS_KEY_ID: EMBEDDED_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: EMBEDDED_CREDENTIALS.secretAccessKey,
    });
    store = `embedded s3rver at ${embedded.endpoint} (data in ${config.store.directory})`;
    closeStore = () => embedded.close();
  }
  let stopping = false;
  const fork = () => cluster.fork(workerEnv);
  cluster.on('exit', (worker, code) => {
    if (stopping) return;
    log(`worker ${worker.id} exited (${code}); starting another`);
    fork();
  });
  cluster.once('listening', (_worker, address) => {
    log(`store: ${store}`);
    log(`callers: ${describeCallers(config.auth)}`);
    log(`${config.server.workers} workers; GraphQL at ${graphqlUrl(address.address, address.port)}`);
  });
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
      .then(closeStore)
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.server.workers > 1 && cluster.isPrimary) await runPrimary(config);
  else await runSingle(config);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
