import type { YogaLogger as Logger } from '@graphql-yoga/logger';
import { BREAK, GraphQLError, visit, type DocumentNode, type ValidationContext } from 'graphql';
import type { GraphQLOperation } from 'graphql-upload-minimal';
import { useGraphQlJit } from '@envelop/graphql-jit';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { createYoga, type GraphQLParams, type Plugin } from 'graphql-yoga';
import type { Principal } from '../auth/authenticate.js';
import { redact } from '../redact.js';
import type { Config } from '../config.js';
import { createContext } from '../context.js';
import { clientFacingError, GatewayError, InternalError, UnauthenticatedError, type ErrorCode } from '../errors.js';
import { InlineBytesInFlight } from '../inline-budget.js';
import type { ObjectEvents } from '../events.js';
import type { Jobs } from '../jobs.js';
import type { GatewayMetrics } from '../observability.js';
import type { S3Storage } from '../s3/storage.js';
import { StoreRegistry } from '../s3/stores.js';
import type { Summaries } from '../summaries.js';
import type { ArchiveLinks } from '../archives.js';
import type { Tracing } from '../tracing.js';
import { schema, subgraphSchema } from '../schema/index.js';
import { GRAPHQL_PATH, HEALTH_PATH, METRICS_PATH, READY_PATH } from '../shared/routes.js';
import { exampleQuery, exampleTabs, renderGraphiQLPage } from './graphiql.js';
import { useBoundedPrometheus } from './use-bounded-prometheus.js';
import { useErrorCodeMetrics } from './use-error-code-metrics.js';
import { useInlineBytesRelease } from './use-inline-bytes-release.js';
import { useRequestDeadline } from './use-request-deadline.js';
import { useStoreReadiness } from './use-store-readiness.js';
import { useTrustedDocuments } from './use-trusted-documents.js';
import { useVariableCheck } from './use-variable-check.js';

/** What the HTTP layer hands to yoga: multipart requests arrive already parsed by graphql-upload-minimal. */
export interface ServerContext {
  uploadOperations?: GraphQLOperation | GraphQLOperation[];
  /** The authenticated caller; absent only on requests the HTTP layer lets through unauthenticated (GraphiQL's page, CORS preflight). */
  principal?: Principal;
  /** Where links to the gateway point without PUBLIC_URL: the address the client connected to, never its Host header (relative links without the HTTP layer). */
  gatewayOrigin?: string;
}

/** Headers a browser cannot send cross-origin without a CORS preflight: any of them proves the request is not a forged form post. */
const CSRF_HEADERS = ['x-graphql-yoga-csrf', 'apollo-require-preflight', 'x-apollo-operation-name', 'graphql-require-preflight'];

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
  const isRequestError = gatewayError === undefined && isGraphQLRequestError(error);
  const logUnexpected = (cause: unknown) => logger.error('request failed unexpectedly', cause);
  if (isRequestError || !(clientFacingError(gatewayError ?? error, logUnexpected) instanceof InternalError)) {
    const { message } = error as GraphQLError;
    const safe = redact(message);
    return safe === message ? (error as Error) : new GraphQLError(safe, error as GraphQLError);
  }
  const { nodes, path } = (error ?? {}) as ErrorChain;
  return new GraphQLError('Unexpected error.', { nodes, path, extensions: { code: 'INTERNAL' } });
}

// yoga's parser cache hands the same document to every request with the same query: it is walked once, not per request.
const entitySelections = new WeakMap<DocumentNode, boolean>();

/** Whether an operation asks a subgraph for entities; `_entities` exists only on Query, so any field of that name is it. */
function selectsEntities(document: DocumentNode): boolean {
  const known = entitySelections.get(document);
  if (known !== undefined) return known;
  let found = false;
  visit(document, {
    Field: (field) => {
      if (field.name.value !== '_entities') return undefined;
      found = true;
      return BREAK;
    },
  });
  entitySelections.set(document, found);
  return found;
}

/**
 * graphql-armor's depth, alias and directive limits throw an error without a code, answered with HTTP 200: they are
 * reported instead as validation errors with the code of a query refused for what it would cost, and HTTP 400.
 */
const refusedAsTooComplex = {
  exposeLimits: true,
  propagateOnRejection: false,
  onReject: [
    (context: ValidationContext | null, error: GraphQLError) =>
      context?.reportError(
        new GraphQLError(error.message.replace(/^Syntax Error: /, ''), {
          extensions: { code: 'QUERY_TOO_COMPLEX' satisfies ErrorCode, http: { status: 400 } },
        }),
      ),
  ],
};

export interface YogaDependencies {
  s3: S3Storage;
  /** Every store of the graph; without it, `s3` alone, named "default". */
  stores?: StoreRegistry;
  jobs: Jobs;
  objectEvents: ObjectEvents;
  summaries: Summaries;
  archives: ArchiveLinks;
  config: Config;
  logger: Logger;
  metrics: GatewayMetrics;
  /** OpenTelemetry tracing, when OTEL_* variables turn it on. */
  tracing?: Tracing;
  /** The bucket GraphiQL's example query opens. */
  exampleBucket: string | undefined;
  /** True once the gateway is shutting down (/ready answers 503). */
  isShuttingDown?: () => boolean;
}

export function createGatewayYoga({
  s3,
  stores = StoreRegistry.single(s3),
  jobs,
  objectEvents,
  summaries,
  archives,
  config,
  logger,
  metrics,
  tracing,
  exampleBucket,
  isShuttingDown = () => false,
}: YogaDependencies) {
  const { server, observability, limits } = config;
  const inlineBytesInFlight = new InlineBytesInFlight(limits.maxInlineBytesInFlight);
  return createYoga<ServerContext>({
    schema: server.federation ? subgraphSchema() : schema,
    graphqlEndpoint: GRAPHQL_PATH,
    context: ({ principal, gatewayOrigin = '' }) => {
      if (principal === undefined) throw new UnauthenticatedError('This request needs credentials.');
      return createContext({
        principal,
        s3,
        stores,
        limits,
        logger,
        jobs,
        objectEvents,
        summaries,
        archives,
        publicOrigin: server.publicUrl ?? gatewayOrigin,
        inlineBytesInFlight,
      });
    },
    logging: logger,
    batching: false,
    // The HTTP layer has read the body within MAX_REQUEST_BYTES already; yoga's own limit would pipe it through a stream again.
    maxRequestBodySize: false,
    // Same origin only, unless CORS_ORIGINS lists the web applications that may call.
    cors: server.corsOrigins.length === 0 ? false : { origin: server.corsOrigins, credentials: true, maxAge: 600 },
    multipart: false,
    landingPage: false,
    // With trusted documents, GraphiQL could run nothing one types: the HTTP layer answers a page that says so instead.
    graphiql:
      server.graphiql && config.trustedDocuments === undefined
        ? { title: 's3-graphql-gateway', defaultQuery: exampleQuery(exampleBucket) }
        : false,
    renderGraphiQL: (options) => renderGraphiQLPage(options, exampleTabs(exampleBucket)),
    maskedErrors: { maskError: (error) => maskError(error, logger) },
    // /health answers while the process lives (yoga's own); /ready while the store does.
    healthCheckEndpoint: HEALTH_PATH,
    plugins: [
      useCSRFPrevention({ requestHeaders: CSRF_HEADERS }),
      ...(config.trustedDocuments === undefined ? [] : useTrustedDocuments({ documents: config.trustedDocuments })),
      EnvelopArmorPlugin({
        maxDepth: { n: limits.maxQueryDepth, ...refusedAsTooComplex },
        maxAliases: { n: limits.maxQueryAliases, ...refusedAsTooComplex },
        // Past the token limit the document is not even parsed: yoga's GRAPHQL_PARSE_FAILED, HTTP 400.
        maxTokens: { n: limits.maxQueryTokens, exposeLimits: true },
        maxDirectives: { n: limits.maxQueryDirectives, ...refusedAsTooComplex },
        // MAX_QUERY_COST (the Pothos complexity plugin) bounds cost in S3 requests, which is what costs here.
        costLimit: { enabled: false },
        blockFieldSuggestion: { enabled: !server.fieldSuggestions },
      }),
      ...(server.introspection ? [] : [useDisableIntrospection()]),
      useParsedUploads(),
      useVariableCheck(),
      useInlineBytesRelease(),
      // Compiled execution: a page of 1000 objects resolves thousands of fields, which graphql-jit does several times faster.
      // graphql-jit 0.8.7 drops a trailing entity that failed from _entities, which must answer one entry per representation.
      useGraphQlJit({}, { enableIf: ({ document }) => !selectsEntities(document) }),
      // The deadline comes after graphql-jit, so that it bounds the compiled execution.
      useRequestDeadline({ timeoutMs: server.requestTimeoutMs }),
      useStoreReadiness({ endpoint: READY_PATH, stores, timeoutMs: server.readyCheckTimeoutMs, isShuttingDown }),
      ...(observability.metrics
        ? [
            ...useBoundedPrometheus({ registry: metrics.registry, endpoint: METRICS_PATH, names: metrics.operationNames }),
            useErrorCodeMetrics(metrics),
          ]
        : []),
      // Last, so that its execution wraps graphql-jit's and the deadline's: resolvers, and their S3 calls, run in its span.
      ...(tracing === undefined ? [] : [tracing.plugin]),
    ],
  });
}

export type GatewayYoga = ReturnType<typeof createGatewayYoga>;
