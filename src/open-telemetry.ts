import type { IncomingHttpHeaders } from 'node:http';
import { useOpenTelemetry } from '@envelop/opentelemetry';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import { OTLPTraceExporter as OTLPJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OTLPProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  NodeTracerProvider,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import type { Plugin } from 'graphql-yoga';
import type { TracingSettings } from './config/observability.js';
import type { S3CallOutcome, S3CallStart, S3CallTracer } from './observability.js';
import type { Tracing } from './tracing.js';

/** The OpenTelemetry SDK behind `Tracing`; loaded by tracing.ts only when tracing is on. */

const SERVICE_NAME = 's3-graphql-gateway';

function exporterFor(settings: TracingSettings): SpanExporter {
  if (settings.exporter === 'console') return new ConsoleSpanExporter();
  // Headers, timeout, compression and certificates come from the OTEL_EXPORTER_OTLP_* variables, read by the exporter.
  const options = settings.url === undefined ? {} : { url: settings.url };
  return settings.protocol === 'http/json' ? new OTLPJsonTraceExporter(options) : new OTLPProtobufTraceExporter(options);
}

/** Attributes named as OpenTelemetry's conventions for AWS SDK calls name them; nothing that identifies an object or a caller. */
function s3CallTracer(provider: NodeTracerProvider): S3CallTracer {
  const tracer = provider.getTracer(SERVICE_NAME);
  return {
    requestSent({ operation, bucket, startedAt }: S3CallStart) {
      const attributes: Attributes = { 'rpc.system': 'aws-api', 'rpc.service': 'S3', 'rpc.method': operation };
      if (bucket !== undefined) attributes['aws.s3.bucket'] = bucket;
      const span = tracer.startSpan(`S3.${operation}`, { kind: SpanKind.CLIENT, startTime: startedAt, attributes });
      const headers: Record<string, string> = {};
      propagation.inject(trace.setSpan(context.active(), span), headers);
      return {
        headers,
        end({ status, requestBytes, responseBytes, errorName }: S3CallOutcome) {
          const outcome: Attributes = {
            'http.response.status_code': status,
            'http.request.body.size': requestBytes,
            'http.response.body.size': responseBytes,
            'error.type': errorName,
          };
          span.setAttributes(Object.fromEntries(Object.entries(outcome).filter(([, value]) => value !== undefined)));
          if (errorName !== undefined || (status ?? 0) >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
        },
      };
    },
  };
}

/** Tracing that hands each finished span to `processor`; registers the W3C trace context propagator and the async context. */
export function createTracing(processor: SpanProcessor): Tracing {
  const resource = resourceFromAttributes({ 'service.name': SERVICE_NAME }).merge(detectResources({ detectors: [envDetector] }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  provider.register();
  // No resolver spans (they carry arguments), no variables, no results; the document only when it holds no literal value.
  const plugin = useOpenTelemetry(
    { resolvers: false, variables: false, result: false, document: true },
    provider,
    SpanKind.SERVER,
    {},
    SERVICE_NAME,
  );
  return {
    plugin: plugin as Plugin,
    s3Calls: s3CallTracer(provider),
    withIncomingContext: <T>(headers: IncomingHttpHeaders, handle: () => T): T =>
      context.with(propagation.extract(ROOT_CONTEXT, headers), handle),
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/** Tracing that exports in batches where the OTEL_* variables say (OTEL_BSP_* set the batches). */
export function exportingTracing(settings: TracingSettings): Tracing {
  return createTracing(new BatchSpanProcessor(exporterFor(settings)));
}
