import { listBuckets } from '../resolvers/bucket.js';
import { listStores, storeOfBucket, storeReachable, type StoreModel } from '../resolvers/stores.js';
import { BucketRef } from './bucket.js';
import { builder } from './builder.js';

export const StoreRef = builder.objectRef<StoreModel>('Store').implement({
  description: 'An S3 store of the graph (STORES_FILE names them; without it, one store named "default").',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'What `store` arguments and inputs name it by.' }),
    default: t.exposeBoolean('isDefault', { description: 'Whether requests that name no store use this one.' }),
    reachable: t.boolean({
      description: 'Whether the store answers and accepts the gateway credentials now (one request, shared with /ready for a second).',
      complexity: 1,
      resolve: (store, _args, context) => storeReachable(context, store),
    }),
    buckets: t.field({
      type: [BucketRef],
      nullable: true,
      description:
        "The store's buckets the caller may list (Query.buckets with this store); null, with an error naming the store, when it does not answer.",
      complexity: { field: 1, multiplier: 100 },
      resolve: (store, _args, context) => listBuckets(context, store.name),
    }),
  }),
});

builder.queryField('stores', (t) =>
  t.field({
    type: [StoreRef],
    description: 'The stores of the graph, the default one among them; their buckets are asked of each as selected.',
    resolve: (_root, _args, context) => listStores(context),
  }),
);

builder.objectField(BucketRef, 'store', (t) =>
  t.field({
    type: StoreRef,
    description: 'The store the bucket is in (a bucket name is unique only within its store).',
    resolve: (bucket, _args, context) => storeOfBucket(context, bucket),
  }),
);
