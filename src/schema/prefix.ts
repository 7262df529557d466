import { listObjects, listPrefixes, prefixName } from '../resolvers/listing.js';
import type { PrefixModel } from '../resolvers/models.js';
import { BucketRef } from './bucket.js';
import { builder } from './builder.js';
import { S3ObjectConnection } from './object.js';
import { pageArgs } from './page-args.js';

export const PrefixRef = builder.objectRef<PrefixModel>('Prefix');

PrefixRef.implement({
  description: "A common prefix ('folder') of a bucket's keys.",
  fields: (t) => ({
    bucket: t.field({ type: BucketRef, resolve: (prefix) => ({ name: prefix.bucket }) }),
    prefix: t.exposeString('prefix', { description: 'The whole prefix, ending with the delimiter, e.g. photos/2024/' }),
    name: t.string({ description: 'The last segment without the delimiter, e.g. 2024', resolve: prefixName }),
    prefixes: t.field({
      type: PrefixConnection,
      description: 'Sub-prefixes directly below this one.',
      args: pageArgs,
      resolve: (prefix, args, context) => listPrefixes(context, prefix, args),
    }),
    objects: t.field({
      type: S3ObjectConnection,
      description: 'Objects directly below this prefix.',
      args: pageArgs,
      resolve: (prefix, args, context) => listObjects(context, prefix, args),
    }),
  }),
});

export const PrefixConnection = builder.connectionObject({ type: PrefixRef, name: 'PrefixConnection' }, { name: 'PrefixEdge' });
