import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DirectivePlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin, { AuthScopeFailureType, type AuthFailure } from '@pothos/plugin-scope-auth';
import { describePermission, type Access, type Permission } from '../auth/policy.js';
import type { Context } from '../context.js';
import type { UploadedFile } from '../shared/uploaded-file.js';
import { PolicyDeniedError, QueryTooComplexError } from '../errors.js';

/** A bucket the caller must be able to use: its name and store (omitted or null: the default one). */
interface BucketScope {
  name: string;
  store?: string | null;
}

/** What a refused field asked for and the caller lacks, in words. */
function deniedIn(failure: AuthFailure, access: Access): string | undefined {
  if (failure.kind === AuthScopeFailureType.AuthScope) {
    if (failure.scope === 'useBucket') {
      const { name, store } = failure.parameter as BucketScope;
      return store === undefined || store === null ? `use bucket "${name}"` : `use bucket "${name}" of store "${store}"`;
    }
    const denied = access.firstDenied(failure.parameter as Permission[]);
    return denied === undefined ? undefined : describePermission(denied);
  }
  if (failure.kind === AuthScopeFailureType.AllAuthScopes || failure.kind === AuthScopeFailureType.AnyAuthScopes)
    return failure.failures.map((inner) => deniedIn(inner, access)).find((denied) => denied !== undefined);
  return undefined;
}

export const builder = new SchemaBuilder<{
  Context: Context;
  DefaultFieldNullability: false;
  // Every field that reaches S3 names what it needs; the caller's policy is checked before its resolver runs.
  AuthScopes: { may: Permission[]; useBucket: BucketScope };
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    SafeInt: { Input: number; Output: number };
    Upload: { Input: Promise<UploadedFile>; Output: never };
  };
}>({
  // Federation comes after the plugins that wrap resolvers, as its README asks.
  plugins: [ScopeAuthPlugin, ComplexityPlugin, RelayPlugin, DirectivePlugin, FederationPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: ({ principal: { access } }) => ({
      may: (permissions) => access.firstDenied(permissions) === undefined,
      useBucket: ({ name, store }) => access.touches(name, store),
    }),
    unauthorizedError: (_parent, context, _info, { failure }) =>
      new PolicyDeniedError(deniedIn(failure, context.principal.access) ?? 'do this'),
  },
  // Cost counts S3 requests and signatures: fields that make neither cost nothing, and a listing's `first` multiplies what is below it.
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

/** The builder's type parameters, for helpers that take Pothos refs or field builders. */
export type GatewayTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer Types> ? Types : never;

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
