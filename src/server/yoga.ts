import type { YogaLogger as Logger } from '@graphql-yoga/logger';
import { GraphQLError } from 'graphql';
import type { GraphQLOperation } from 'graphql-upload-minimal';
import { useGraphQlJit } from '@envelop/graphql-jit';
import { createYoga, type GraphQLParams, type Plugin } from 'graphql-yoga';
import type { Config } from '../config.js';
import { createContext } from '../context.js';
import { GatewayError, InternalError } from '../errors.js';
import type { JobRegistry } from '../jobs.js';
import type { S3Service } from '../s3/service.js';
import { schema } from '../schema/index.js';
import { exampleQuery, renderGraphiQLPage } from './graphiql.js';
import { useRequestDeadline } from './use-request-deadline.js';
import { useStoreReadiness } from './use-store-readiness.js';

export const GRAPHQL_PATH = '/graphql';

/** What the HTTP layer hands to yoga: multipart requests arrive already parsed by graphql-upload-minimal. */
export interface ServerContext {
  uploadOperations?: GraphQLOperation | GraphQLOperation[];
}

/** Uses the operations graphql-upload-minimal parsed, since yoga's own multipart parser buffers whole files. */
function useParsedUploads(): Plugin<Record<string, never>, ServerContext> {
  return {
    onRequestParse({ serverContext, setRequestParser }) {
      const operations = serverContext.uploadOperations;
      if (operations !== undefined) setRequestParser(() => operations as GraphQLParams | GraphQLParams[]);
    },
  };
}

interface ErrorChain {
  name?: string;
  originalError?: unknown;
  path?: readonly (string | number)[];
  nodes?: GraphQLError['nodes'];
}

/** The GatewayError behind an error, following GraphQL's originalError chain. */
function gatewayErrorIn(error: unknown): GatewayError | undefined {
  for (let current = error; current instanceof Error; current = (current as ErrorChain).originalError) {
    if (current instanceof GatewayError) return current;
  }
  return undefined;
}

/** GraphQL's own request errors (syntax, validation, variable coercion); recognised by name, as envelop does, since graphql may be loaded twice. */
function isGraphQLRequestError(error: unknown): boolean {
  const { name, originalError } = (error ?? {}) as ErrorChain;
  return name === 'GraphQLError' && (originalError === undefined || originalError === null || isGraphQLRequestError(originalError));
}

/**
 * Clients see the gateway's own errors and GraphQL's request errors as they are; anything else becomes INTERNAL,
 * with its cause in the log only (no endpoint, key, secret or stack reaches a client).
 */
function maskError(error: unknown, logger: Logger): Error {
  const gatewayError = gatewayErrorIn(error);
  if (gatewayError !== undefined && !(gatewayError instanceof InternalError)) return error as Error;
  if (gatewayError === undefined && isGraphQLRequestError(error)) return error as Error;
  logger.error('request failed unexpectedly', gatewayError?.originalError ?? error);
  const { nodes, path } = (error ?? {}) as ErrorChain;
  return new GraphQLError('Unexpected error.', { nodes, path, extensions: { code: 'INTERNAL' } });
}

export interface YogaDependencies {
  s3: S3Service;
  jobs: JobRegistry;
  config: Config;
  logger: Logger;
  /** The bucket GraphiQL's example query opens. */
  exampleBucket: string | undefined;
  /** True once the gateway is shutting down (/ready answers 503). */
  isShuttingDown?: () => boolean;
}

export function createGatewayYoga({ s3, jobs, config, logger, exampleBucket, isShuttingDown = () => false }: YogaDependencies) {
  return createYoga<ServerContext>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    context: ({ request }) => createContext(s3, config.limits, logger, jobs, config.server.publicUrl ?? new URL(request.url).origin),
    logging: logger,
    multipart: false,
    landingPage: false,
    graphiql: config.server.graphiql ? { title: 's3-graphql-gateway', defaultQuery: exampleQuery(exampleBucket) } : false,
    renderGraphiQL: renderGraphiQLPage,
    maskedErrors: { maskError: (error) => maskError(error, logger) },
    // /health answers while the process lives (yoga's own); /ready while the store does.
    healthCheckEndpoint: '/health',
    // Compiled execution: a page of 1000 objects resolves thousands of fields, which graphql-jit does several times faster.
    // The deadline comes after graphql-jit, so that it bounds the compiled execution.
    plugins: [
      useParsedUploads(),
      useGraphQlJit(),
      useRequestDeadline({ timeoutMs: config.server.requestTimeoutMs }),
      useStoreReadiness({ s3, timeoutMs: config.server.readyCheckTimeoutMs, isShuttingDown }),
    ],
  });
}

export type GatewayYoga = ReturnType<typeof createGatewayYoga>;
