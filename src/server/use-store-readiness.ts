import { useReadinessCheck, type Plugin } from 'graphql-yoga';
import type { GatewayError } from '../errors.js';
import type { S3Storage } from '../s3/storage.js';

export const READY_PATH = '/ready';

export interface StoreReadinessOptions {
  s3: S3Storage;
  /** Longest the store check may take, in ms. */
  timeoutMs: number;
  /** How long one check's answer is reused, so that probes from many load balancers cost one S3 request, in ms. @default 1000 */
  cacheMs?: number;
  /** True once the gateway is shutting down: it should receive no new traffic. */
  isShuttingDown: () => boolean;
}

/** GET /ready: 200 while the store answers and accepts the credentials, 503 with the reason otherwise. */
export function useStoreReadiness({ s3, timeoutMs, cacheMs = 1000, isShuttingDown }: StoreReadinessOptions): Plugin {
  let last: { at: number; result: Promise<GatewayError | undefined> } | undefined;
  const checkStore = () => {
    if (last === undefined || Date.now() - last.at > cacheMs) last = { at: Date.now(), result: s3.checkStore(timeoutMs) };
    return last.result;
  };
  return useReadinessCheck({
    endpoint: READY_PATH,
    async check({ fetchAPI }) {
      if (isShuttingDown()) return fetchAPI.Response.json({ ready: false, code: 'SHUTTING_DOWN' }, { status: 503 });
      const failure = await checkStore();
      if (failure === undefined) return fetchAPI.Response.json({ ready: true });
      return fetchAPI.Response.json({ ready: false, code: failure.code, message: failure.message }, { status: 503 });
    },
  });
}
