import { type GatewayError, InvalidInputError } from '../errors.js';
import type { S3Storage } from './storage.js';

/** One store of the graph: its name, and the storage bound to its client. */
export interface NamedStore {
  name: string;
  storage: S3Storage;
  isDefault: boolean;
  /** S3 requests one bulk operation runs at once on this store; undefined: S3_MAX_CONCURRENCY. */
  maxConcurrency?: number;
}

/** The stores of the graph, by name; a request that names none uses the default one. */
// How long a store's reachability is reused, so that probes from many load balancers cost one S3 request per store.
const CHECK_CACHE_MS = 1000;

export class StoreRegistry {
  private readonly byName: ReadonlyMap<string, NamedStore>;
  readonly default: NamedStore;
  private readonly checks = new Map<string, { at: number; result: Promise<GatewayError | undefined> }>();

  constructor(readonly all: readonly NamedStore[]) {
    this.byName = new Map(all.map((store) => [store.name, store]));
    const defaultStore = all.find((store) => store.isDefault) ?? all[0];
    if (defaultStore === undefined) throw new Error('A gateway needs at least one store.');
    this.default = defaultStore;
  }

  /** One store named "default": the gateway without STORES_FILE. */
  static single(storage: S3Storage): StoreRegistry {
    return new StoreRegistry([{ name: 'default', storage, isDefault: true }]);
  }

  /** The store named `name`, or the default one when none is named; INVALID_INPUT, naming the known ones, for any other name. */
  named(name: string | null | undefined): NamedStore {
    if (name === null || name === undefined) return this.default;
    const store = this.byName.get(name);
    if (store === undefined)
      throw new InvalidInputError(`Unknown store "${name}"; the stores are ${this.all.map((known) => `"${known.name}"`).join(', ')}.`);
    return store;
  }

  /** The storage of the store named `name` (the default one when omitted). */
  get(name: string | null | undefined): S3Storage {
    return this.named(name).storage;
  }

  /** Whether `store` answers and accepts the credentials (undefined) or why not, asked at most once a second. */
  check(store: NamedStore, timeoutMs: number): Promise<GatewayError | undefined> {
    const last = this.checks.get(store.name);
    if (last !== undefined && Date.now() - last.at <= CHECK_CACHE_MS) return last.result;
    const result = store.storage.checkStore(timeoutMs);
    this.checks.set(store.name, { at: Date.now(), result });
    return result;
  }

  /** The name a request means: `name`, or the default store's. */
  nameOf(name: string | null | undefined): string {
    return this.named(name).name;
  }
}
