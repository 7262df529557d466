import { availableParallelism } from 'node:os';
import { z } from 'zod';
import {
  commaSeparated,
  isDevelopment,
  listenHost,
  nodeEnvironment,
  optionalBoolean,
  optionalHttpUrl,
  portNumber,
  positiveSeconds,
} from './values.js';

/** The HTTP server: where it listens, what it shows, how long requests may run. */
export const serverSettings = z
  .object({
    PORT: portNumber.default(4000),
    HOST: listenHost,
    NODE_ENV: nodeEnvironment,
    GRAPHIQL: optionalBoolean,
    GRAPHQL_INTROSPECTION: optionalBoolean,
    GRAPHQL_FIELD_SUGGESTIONS: optionalBoolean,
    FEDERATION: optionalBoolean,
    CORS_ORIGINS: z
      .string()
      .default('')
      .transform(commaSeparated)
      .refine(
        (origins) => origins.every((origin) => origin === '*' || /^https?:\/\/[^/]+$/.test(origin)),
        'must be origins such as https://app.example.com, comma-separated',
      ),
    PUBLIC_URL: optionalHttpUrl,
    WORKERS: z
      .union([z.literal('auto'), z.coerce.number({ message: 'must be a number or auto' }).int().min(1).max(256)], {
        message: 'must be a number or auto',
      })
      .default(1)
      .transform((value) => (value === 'auto' ? availableParallelism() : value)),
    REQUEST_TIMEOUT_SECONDS: positiveSeconds.default(60),
    // 0: none, since a 5 GiB upload over a slow link takes hours; the request's headers still have 60 s (slowloris).
    HTTP_REQUEST_TIMEOUT_SECONDS: z.coerce.number({ message: 'must be a number of seconds' }).min(0, 'must be 0 (none) or more').default(0),
    SHUTDOWN_TIMEOUT_SECONDS: positiveSeconds.default(25),
    READY_CHECK_TIMEOUT_SECONDS: positiveSeconds.default(2),
  })
  .transform((env) => {
    const development = isDevelopment(env.NODE_ENV);
    return {
      port: env.PORT,
      host: env.HOST,
      graphiql: env.GRAPHIQL ?? development,
      introspection: env.GRAPHQL_INTROSPECTION ?? development,
      fieldSuggestions: env.GRAPHQL_FIELD_SUGGESTIONS ?? development,
      /** Serve the Apollo Federation v2 subgraph schema (_service, _entities, entity keys) instead of the plain one. */
      federation: env.FEDERATION ?? false,
      corsOrigins: env.CORS_ORIGINS,
      workers: env.WORKERS,
      publicUrl: env.PUBLIC_URL?.replace(/\/+$/, ''),
      /** Longest a GraphQL request without file uploads may run before it is answered REQUEST_TIMEOUT, in ms. */
      requestTimeoutMs: env.REQUEST_TIMEOUT_SECONDS * 1000,
      /** Longest any HTTP request, uploads included, may take from its first byte to its last, in ms; 0: no limit. */
      httpRequestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_SECONDS * 1000,
      /** On SIGTERM/SIGINT, how long in-flight requests and uploads may go on before they are cut, in ms. */
      shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_SECONDS * 1000,
      /** Longest the S3 check behind /ready may take, in ms. */
      readyCheckTimeoutMs: env.READY_CHECK_TIMEOUT_SECONDS * 1000,
    };
  });
