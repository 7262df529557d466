import { AsyncLocalStorage } from 'node:async_hooks';
import type { YogaLogger as Logger } from '@graphql-yoga/logger';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { redactedText } from './redact.js';

/** Metrics for Prometheus and the request id that ties a request's log lines, its S3 calls' among them, together. */

const requestScope = new AsyncLocalStorage<{ requestId: string }>();

/** Runs `handle` with `requestId` as the id of every log line written meanwhile. */
export const withRequestId = <T>(requestId: string, handle: () => T): T => requestScope.run({ requestId }, handle);

export const currentRequestId = (): string | undefined => requestScope.getStore()?.requestId;

/** What the S3 layer reports of each call, so that it needs to know nothing of Prometheus. */
export interface S3CallObserver {
  s3Call(operation: string, status: string, seconds: number): void;
}

/** An S3 call as a tracer sees it: no key, credential, signature or URL. */
export interface S3CallStart {
  operation: string;
  bucket: string | undefined;
  /** When the call began (before serialisation and retries), in milliseconds since the epoch. */
  startedAt: number;
}

export interface S3CallOutcome {
  /** The HTTP status of the last attempt; undefined when none came back. */
  status: number | undefined;
  requestBytes: number | undefined;
  responseBytes: number | undefined;
  /** The error's name (NoSuchKey, TimeoutError...) when the call failed. */
  errorName: string | undefined;
}

/** Follows the S3 calls that send a request (a presigned URL sends none), so that the S3 layer needs to know nothing of OpenTelemetry. */
export interface S3CallTracer {
  /** Called as the call's first attempt is sent: the headers to send with every attempt (trace context), and its end. */
  requestSent(call: S3CallStart): { headers: Record<string, string>; end(outcome: S3CallOutcome): void };
}

// A deployment's own clients use a few dozen operations; 50 names bound the series of each metric labelled by name.
const MAX_LABELLED_OPERATION_NAMES = 50;
const EVENT_LOOP_SAMPLE_MS = 1000;

/**
 * Operation names as metric labels, bounded: a name is admitted once a document carrying it passed validation, up to
 * MAX_LABELLED_OPERATION_NAMES in the process's life; anything else (invalid documents, names past the limit) is "other".
 */
export class OperationNameLabels {
  private readonly admitted = new Set<string>();

  admit(name: string): void {
    if (this.admitted.size < MAX_LABELLED_OPERATION_NAMES) this.admitted.add(name);
  }

  /** The label for `name`; an operation without a name keeps yoga's "Anonymous". */
  label(name: string | undefined): string {
    if (name === undefined || name === 'Anonymous') return 'Anonymous';
    return this.admitted.has(name) ? name : 'other';
  }
}

export class GatewayMetrics implements S3CallObserver {
  readonly registry = new Registry();
  readonly operationNames = new OperationNameLabels();
  private readonly s3Calls = new Counter({
    name: 's3_gateway_s3_requests_total',
    help: 'S3 calls, by operation and HTTP status ("network" when none came back); retries count once.',
    labelNames: ['operation', 'status'] as const,
    registers: [this.registry],
  });
  private readonly s3Seconds = new Histogram({
    name: 's3_gateway_s3_request_duration_seconds',
    help: 'Duration of S3 calls, retries included.',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly bytes = new Counter({
    name: 's3_gateway_transferred_bytes_total',
    help: 'Bytes of objects through the gateway: "up" from clients (multipart uploads), "down" to clients (download route).',
    labelNames: ['direction'] as const,
    registers: [this.registry],
  });
  readonly uploadsInFlight = new Gauge({
    name: 's3_gateway_uploads_in_flight',
    help: 'Multipart upload requests being received.',
    registers: [this.registry],
  });
  readonly graphqlErrors = new Counter({
    name: 's3_gateway_graphql_errors_total',
    help: 'Errors in GraphQL answers (top-level and in mutation payloads), by operation name and code.',
    labelNames: ['operation', 'code'] as const,
    registers: [this.registry],
  });

  constructor() {
    // The event loop lag is sampled once a second, not every 10 ms (prom-client's default): 100 wake-ups a second cost an idle
    // gateway 3.5 ms of CPU every second, more than the direct upload route's own work per GiB.
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
  }

  s3Call(operation: string, status: string, seconds: number): void {
    this.s3Calls.inc({ operation, status });
    this.s3Seconds.observe({ operation }, seconds);
  }
}

export type LogFormat = 'json' | 'text';
type LogLevel = keyof Logger;
const LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error'];

/**
 * One JSON object per line ({ time, level, msg, requestId, details }), or yoga's readable lines, with the request id.
 * Lines below `minimum` are dropped before any work; the others are redacted (see redact.ts) before they are written.
 */
export function requestAwareLogger(
  base: Logger,
  format: LogFormat,
  minimum: LogLevel,
  write: (line: string) => void = (line) => process.stdout.write(line),
): Logger {
  const entry =
    (level: LogLevel) =>
    (message: unknown, ...details: unknown[]) => {
      if (LEVELS.indexOf(level) < LEVELS.indexOf(minimum)) return;
      const requestId = currentRequestId();
      const [msg = '', ...texts] = [message, ...details].map(redactedText);
      if (format === 'text') {
        base[level](...(requestId === undefined ? [] : [`[${requestId}]`]), msg, ...texts);
        return;
      }
      const line: Record<string, unknown> = { time: new Date().toISOString(), level, msg };
      if (requestId !== undefined) line.requestId = requestId;
      if (texts.length > 0) line.details = texts;
      write(`${JSON.stringify(line)}\n`);
    };
  return { debug: entry('debug'), info: entry('info'), warn: entry('warn'), error: entry('error') };
}
