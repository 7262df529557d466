import { useReadinessCheck, type Plugin } from 'graphql-yoga';
import type { NamedStore, StoreRegistry } from '../s3/stores.js';

export interface StoreReadinessOptions {
  /** The URL path that answers. */
  endpoint: string;
  stores: StoreRegistry;
  /** Longest the store check may take, in ms. */
  timeoutMs: number;
  /** True once the gateway is shutting down: it should receive no new traffic. */
  isShuttingDown: () => boolean;
}

/**
 * GET `endpoint`: 200 while the store answers and accepts the credentials, 503 with the reason otherwise. With several
 * stores, `stores` says which answer, and the gateway stays ready while any does: taking it out of a load balancer for
 * one store that is down would make the others unusable too.
 */
export function useStoreReadiness({ endpoint, stores, timeoutMs, isShuttingDown }: StoreReadinessOptions): Plugin {
  const checkStore = (store: NamedStore) => stores.check(store, timeoutMs);
  return useReadinessCheck({
    endpoint,
    async check({ fetchAPI }) {
      if (isShuttingDown()) return fetchAPI.Response.json({ ready: false, code: 'SHUTTING_DOWN' }, { status: 503 });
      const failures = await Promise.all(stores.all.map(checkStore));
      const failure = failures.every((storeFailure) => storeFailure !== undefined) ? failures[0] : undefined;
      const perStore =
        stores.all.length === 1
          ? {}
          : {
              stores: stores.all.map((store, index) => {
                const storeFailure = failures[index];
                return storeFailure === undefined
                  ? { name: store.name, reachable: true }
                  : { name: store.name, reachable: false, code: storeFailure.code, message: storeFailure.message };
              }),
            };
      if (failure === undefined) return fetchAPI.Response.json({ ready: true, ...perStore });
      return fetchAPI.Response.json({ ready: false, code: failure.code, message: failure.message, ...perStore }, { status: 503 });
    },
  });
}
