import type { IncomingHttpHeaders } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import type { TracingSettings } from './config/observability.js';
import type { S3CallTracer } from './observability.js';

/** OpenTelemetry tracing, as the rest of the gateway sees it: nothing of it is loaded unless tracing is on. */
export interface Tracing {
  /** A span per GraphQL operation, the parent of its S3 calls' spans. */
  plugin: Plugin;
  s3Calls: S3CallTracer;
  /** Runs `handle` in the trace that the request's traceparent header names, if any. */
  withIncomingContext<T>(headers: IncomingHttpHeaders, handle: () => T): T;
  /** Sends the spans not sent yet, then stops. */
  shutdown(): Promise<void>;
}

/** The OpenTelemetry SDK, imported only when OTEL_* variables turn tracing on. */
export async function startTracing(settings: TracingSettings | undefined): Promise<Tracing | undefined> {
  if (settings === undefined) return undefined;
  const { exportingTracing } = await import('./open-telemetry.js');
  return exportingTracing(settings);
}
