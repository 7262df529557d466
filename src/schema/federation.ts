import type { GraphQLSchema } from 'graphql';
import type { Context } from '../context.js';
import { QueryTooComplexError } from '../errors.js';
import { resolveBucketReference, resolveObjectReference, resolvePrefixReference } from '../resolvers/entities.js';
import { BucketRef } from './bucket.js';
import { builder } from './builder.js';
import { S3ObjectRef } from './object.js';
import { PrefixRef } from './prefix.js';

// S3Object.bucket and Prefix.bucket are Bucket objects (the public API), so their keys select the bucket's name. A bucket name
// is unique only within its store: the second key of each names the store too (the first means the default store).
builder.asEntity(S3ObjectRef, {
  key: [
    builder.selection<{ bucket: { name: string }; key: string }>('bucket { name } key'),
    builder.selection<{ bucket: { name: string; store: { name: string } }; key: string }>('bucket { name store { name } } key'),
  ],
  resolveReference: (reference, context) => resolveObjectReference(context, reference),
});

builder.asEntity(BucketRef, {
  key: [builder.selection<{ name: string }>('name'), builder.selection<{ name: string; store: { name: string } }>('name store { name }')],
  resolveReference: (reference, context) => resolveBucketReference(context, reference),
});

builder.asEntity(PrefixRef, {
  key: [
    builder.selection<{ bucket: { name: string }; prefix: string }>('bucket { name } prefix'),
    builder.selection<{ bucket: { name: string; store: { name: string } }; prefix: string }>('bucket { name store { name } } prefix'),
  ],
  resolveReference: (reference, context) => resolvePrefixReference(context, reference),
});

/**
 * Each representation may cost a HeadObject, which the static query cost cannot see: a request asking for more
 * entities than MAX_QUERY_COST is refused as too complex, before any S3 request.
 */
export function boundEntityCount(schema: GraphQLSchema): GraphQLSchema {
  const entities = schema.getQueryType()?.getFields()._entities;
  const resolve = entities?.resolve;
  if (entities === undefined || resolve === undefined) return schema;
  entities.resolve = (root, args: { representations: unknown[] }, context: Context, info) => {
    const { maxQueryCost } = context.limits;
    if (args.representations.length > maxQueryCost) throw new QueryTooComplexError(args.representations.length, maxQueryCost);
    return resolve(root, args, context, info);
  };
  return schema;
}
