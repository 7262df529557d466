import { z } from 'zod';
import { positiveInteger } from './values.js';

/** Requests per principal and window, counted by every instance together (on Redis with REDIS_URL). */
export const rateLimitSettings = z
  .object({
    // Off unless set: without AUTH_POLICY_FILE every caller is the one principal "anonymous", so any default would throttle them all together.
    RATE_LIMIT_REQUESTS: z.coerce
      .number({ message: 'must be a number' })
      .int('must be a whole number')
      .min(0, 'must be 0 (off) or more')
      .default(0),
    RATE_LIMIT_WINDOW_SECONDS: positiveInteger.default(60),
  })
  .transform((env) =>
    env.RATE_LIMIT_REQUESTS === 0 ? undefined : { requests: env.RATE_LIMIT_REQUESTS, windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS },
  );

export type RateLimitConfig = NonNullable<z.output<typeof rateLimitSettings>>;
