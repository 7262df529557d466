import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import RelayPlugin from '@pothos/plugin-relay';
import type { Context } from '../context.js';
import type { UploadedFile } from '../resolvers/models.js';
import { QueryTooComplexError } from '../errors.js';

export const builder = new SchemaBuilder<{
  Context: Context;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    SafeInt: { Input: number; Output: number };
    Upload: { Input: Promise<UploadedFile>; Output: never };
  };
}>({
  plugins: [ComplexityPlugin, RelayPlugin],
  defaultFieldNullability: false,
  // Cost counts S3 requests: fields that make none cost nothing, and a listing's `first` multiplies what is below it.
  complexity: {
    defaultComplexity: 0,
    defaultListMultiplier: 1,
    limit: (context) => ({ complexity: context.limits.maxQueryCost }),
    complexityError: (_kind, { complexity, maxComplexity }) => new QueryTooComplexError(complexity, maxComplexity ?? 0),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeQueryOptions: false,
    nodesQueryOptions: false,
  },
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
