import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import type { TypedEventTarget } from '@graphql-yoga/typed-event-target';
import { Repeater, SlidingBuffer } from 'graphql-yoga';
import { EventsUnavailableError } from './errors.js';
import type { RedisConnections } from './redis.js';
import type { ObjectChangeObserver, StoredObjectChange } from './s3/types.js';

/**
 * Changes to objects, published to every gateway instance: in this process's memory, or on Redis (graphql-yoga's Redis
 * event target) when REDIS_URL is set. One channel per bucket, so that an instance hears only the buckets it is asked about.
 */

export type ObjectChangeKind = 'CREATED' | 'DELETED' | 'METADATA_CHANGED';

/** A change as it travels between instances: JSON, hence the time as text. */
export interface ObjectChange {
  kind: ObjectChangeKind;
  /** The store, where it is not the default one (absent in changes published before there were several stores). */
  store?: string;
  bucket: string;
  key: string;
  size: number | null;
  eTag: string | null;
  /** ISO 8601. */
  changedAt: string;
}

export type ObjectChangeEvent = CustomEvent<ObjectChange>;

// A subscriber this many changes behind (a slow client during a large job) loses the oldest: it is told of the newest.
const MAX_UNSENT_CHANGES = 10_000;

const KINDS: Record<StoredObjectChange['kind'], ObjectChangeKind> = {
  created: 'CREATED',
  deleted: 'DELETED',
  metadataChanged: 'METADATA_CHANGED',
};

// The default store's channels are those of a gateway with one store, so that instances of both kinds hear each other.
const topicOf = (bucket: string, store: string | undefined) =>
  store === undefined ? `objectChanged:${bucket}` : `objectChanged:${store}:${bucket}`;

export class ObjectEvents implements ObjectChangeObserver {
  /**
   * `publish` sends a change on `target`'s transport; given separately because the Redis event target's own dispatch
   * leaves the publish's promise unhandled, and a change published while Redis is down would end the process.
   */
  constructor(
    private readonly target: TypedEventTarget<ObjectChangeEvent>,
    private readonly publish: (topic: string, change: ObjectChange) => void = (topic, change) =>
      target.dispatchEvent(new CustomEvent(topic, { detail: change })),
    /** Whether changes can travel now; false while Redis is away. */
    private readonly isConnected: () => boolean = () => true,
  ) {}

  /** Changes in this process's memory only: one gateway process, no REDIS_URL. */
  static inMemory(): ObjectEvents {
    return new ObjectEvents(new EventTarget() as TypedEventTarget<ObjectChangeEvent>);
  }

  /**
   * Changes on Redis pub/sub, for every instance. While Redis is away, changes made meanwhile are lost (S3 operations go on),
   * new subscriptions are refused with EVENTS_UNAVAILABLE, and open ones resume when it returns.
   */
  static onRedis(connections: RedisConnections, onPublishFailed: (error: unknown) => void): ObjectEvents {
    const publishClient = connections.commands();
    // Subscriptions are queued while Redis is away and renewed when it returns.
    const subscribeClient = connections.open({ blocking: true });
    const target = createRedisEventTarget<ObjectChangeEvent>({ publishClient, subscribeClient });
    let failing = false;
    const publish = (topic: string, change: ObjectChange) => {
      publishClient.publish(topic, JSON.stringify(change)).then(
        () => (failing = false),
        (error: unknown) => {
          // Once per outage, not once per change.
          if (!failing) onPublishFailed(error);
          failing = true;
        },
      );
    };
    return new ObjectEvents(target, publish, () => subscribeClient.status === 'ready');
  }

  /** The observer of a store other than the default one: its changes travel on channels of their own. */
  forStore(store: string): ObjectChangeObserver {
    return { objectChanged: (change) => this.objectChanged({ ...change, store }) };
  }

  objectChanged({ kind, store, bucket, key, size, eTag }: StoredObjectChange): void {
    this.publish(topicOf(bucket, store), {
      kind: KINDS[kind],
      ...(store === undefined ? {} : { store }),
      bucket,
      key,
      size: size ?? null,
      eTag: eTag ?? null,
      changedAt: new Date().toISOString(),
    });
  }

  /** The changes in `bucket` (of `store`, undefined for the default one) that `accepts`, from now until the caller stops reading. */
  watch(bucket: string, accepts: (change: ObjectChange) => boolean, store?: string): Repeater<ObjectChange> {
    if (!this.isConnected()) throw new EventsUnavailableError();
    const topic = topicOf(bucket, store);
    const { target } = this;
    // A buffer per subscriber: yoga's createPubSub shares one between all of them, and without one throws 1024 changes behind.
    return new Repeater<ObjectChange>((push, stop) => {
      const listener = ({ detail }: ObjectChangeEvent) => {
        if (accepts(detail)) void push(detail);
      };
      target.addEventListener(topic, listener);
      void stop.then(() => target.removeEventListener(topic, listener));
    }, new SlidingBuffer(MAX_UNSENT_CHANGES));
  }
}
