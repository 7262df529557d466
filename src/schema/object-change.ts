import type { ObjectChange } from '../events.js';
import { watchObjectChanges } from '../resolvers/events.js';
import { builder } from './builder.js';
import { storeArgs } from './store-field.js';

const ObjectChangeKindEnum = builder.enumType('ObjectChangeKind', {
  values: {
    CREATED: { description: 'Written: a new object, or a new version replacing one (put, copy, the destination of a move).' },
    DELETED: { description: 'Deleted (a delete, or the source of a move once its copy was confirmed).' },
    METADATA_CHANGED: {
      description:
        "Only the object's headers or tags changed, its content did not (updateObject, setObjectTags; a store's bucket notifications may say so too).",
    },
  },
});

const ObjectChangeRef = builder.objectRef<ObjectChange>('ObjectChange').implement({
  description: 'A change to one object, made through any instance of the gateway.',
  fields: (t) => ({
    kind: t.expose('kind', { type: ObjectChangeKindEnum }),
    store: t.string({
      nullable: true,
      description: 'The store of the bucket; null: the default store.',
      resolve: (change) => change.store ?? null,
    }),
    bucket: t.exposeString('bucket'),
    key: t.exposeString('key'),
    size: t.field({
      type: 'SafeInt',
      nullable: true,
      description: 'Of the object written; null for a deletion.',
      resolve: (change) => change.size,
    }),
    eTag: t.exposeString('eTag', { nullable: true, description: 'Of the object written; null for a deletion.' }),
    changedAt: t.field({
      type: 'DateTime',
      description: 'When the gateway saw the change confirmed.',
      resolve: (change) => new Date(change.changedAt),
    }),
  }),
});

builder.subscriptionField('objectChanged', (t) =>
  t.field({
    type: ObjectChangeRef,
    description:
      'Changes to objects below a prefix, made through any instance of the gateway (puts, deletes, copies, moves, and every step of a bulk job), as they happen. Only keys the caller may list or read are announced. A client far behind loses the oldest changes.',
    args: { bucket: t.arg.string({ required: true }), prefix: t.arg.string({ defaultValue: '' }), ...storeArgs },
    authScopes: (_root, { bucket, store }) => ({ useBucket: { name: bucket, store } }),
    subscribe: (_root, args, context) => watchObjectChanges(context, args),
    resolve: (change) => change,
  }),
);
