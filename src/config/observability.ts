import { z } from 'zod';
import { booleanFromEnv, emptyAsUndefined, isDevelopment, nodeEnvironment, optionalHttpUrl } from './values.js';

const otlpProtocol = z.preprocess(
  emptyAsUndefined,
  z.enum(['http/protobuf', 'http/json'], { message: 'must be http/protobuf or http/json (grpc is not supported)' }).optional(),
);

/** Where spans go, decided from the standard OpenTelemetry variables; undefined when tracing is off. */
export type TracingSettings =
  { exporter: 'otlp'; protocol: 'http/protobuf' | 'http/json'; url: string | undefined } | { exporter: 'console' };

/** Logs, metrics and traces. */
export const observabilitySettings = z
  .object({
    NODE_ENV: nodeEnvironment,
    LOG_FORMAT: z.preprocess(emptyAsUndefined, z.enum(['json', 'text'], { message: 'must be json or text' }).optional()),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error'], { message: 'must be debug, info, warn or error' }).default('info'),
    METRICS: booleanFromEnv.default(true),
    OTEL_SDK_DISABLED: z.preprocess(emptyAsUndefined, booleanFromEnv.default(false)),
    OTEL_TRACES_EXPORTER: z.preprocess(
      emptyAsUndefined,
      z.enum(['otlp', 'console', 'none'], { message: 'must be otlp, console or none' }).optional(),
    ),
    OTEL_EXPORTER_OTLP_ENDPOINT: optionalHttpUrl,
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalHttpUrl,
    OTEL_EXPORTER_OTLP_PROTOCOL: otlpProtocol,
    OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: otlpProtocol,
  })
  .transform((env) => ({
    // Readable lines for a developer, one JSON object per line for a log collector.
    logFormat: env.LOG_FORMAT ?? (isDevelopment(env.NODE_ENV) ? 'text' : 'json'),
    logLevel: env.LOG_LEVEL,
    /** Serve Prometheus metrics at /metrics. */
    metrics: env.METRICS,
    tracing: tracingSettings(env),
  }));

interface TracingVariables {
  OTEL_SDK_DISABLED: boolean;
  OTEL_TRACES_EXPORTER?: 'otlp' | 'console' | 'none';
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;
  OTEL_EXPORTER_OTLP_PROTOCOL?: 'http/protobuf' | 'http/json';
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL?: 'http/protobuf' | 'http/json';
}

/**
 * On when an exporter or an OTLP endpoint is named and the SDK is not disabled: a gateway nobody collects traces from
 * loads no tracing code at all. The OTLP URL follows the specification: the signal's own endpoint as it is, the general one + /v1/traces.
 */
function tracingSettings(env: TracingVariables): TracingSettings | undefined {
  const url =
    env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
    (env.OTEL_EXPORTER_OTLP_ENDPOINT === undefined ? undefined : `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/$/, '')}/v1/traces`);
  const exporter = env.OTEL_TRACES_EXPORTER ?? (url === undefined ? 'none' : 'otlp');
  if (env.OTEL_SDK_DISABLED || exporter === 'none') return undefined;
  if (exporter === 'console') return { exporter };
  const protocol = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf';
  return { exporter, protocol, url };
}
