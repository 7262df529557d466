import { z } from 'zod';
import { booleanFromEnv, emptyAsUndefined, isDevelopment, nodeEnvironment } from './values.js';

/** Logs and metrics. */
export const observabilitySettings = z
  .object({
    NODE_ENV: nodeEnvironment,
    LOG_FORMAT: z.preprocess(emptyAsUndefined, z.enum(['json', 'text'], { message: 'must be json or text' }).optional()),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error'], { message: 'must be debug, info, warn or error' }).default('info'),
    METRICS: booleanFromEnv.default(true),
  })
  .transform((env) => ({
    // Readable lines for a developer, one JSON object per line for a log collector.
    logFormat: env.LOG_FORMAT ?? (isDevelopment(env.NODE_ENV) ? 'text' : 'json'),
    logLevel: env.LOG_LEVEL,
    /** Serve Prometheus metrics at /metrics. */
    metrics: env.METRICS,
  }));
