import { ConfigError, loadConfig } from './config.js';
import { startGateway } from './gateway.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const gateway = await startGateway(config);
  console.log(`s3-graphql-gateway: store: ${gateway.store}`);
  console.log(`s3-graphql-gateway: GraphQL and GraphiQL at ${gateway.url}`);
  const stop = (signal: string) => {
    console.log(`s3-graphql-gateway: ${signal}, shutting down`);
    gateway.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
