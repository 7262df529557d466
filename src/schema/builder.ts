import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin, { AuthScopeFailureType, type AuthFailure } from '@pothos/plugin-scope-auth';
import { describePermission, type Permission } from '../auth/policy.js';
import type { Context } from '../context.js';
import type { UploadedFile } from '../resolvers/models.js';
import { PolicyDeniedError, QueryTooComplexError } from '../errors.js';

/** The permissions a refused field asked for (the `may` scope's parameter). */
function requestedIn(failure: AuthFailure): Permission[] {
  if (failure.kind === AuthScopeFailureType.AuthScope && failure.scope === 'may') return failure.parameter as Permission[];
  if (failure.kind === AuthScopeFailureType.AllAuthScopes || failure.kind === AuthScopeFailureType.AnyAuthScopes)
    return failure.failures.flatMap(requestedIn);
  return [];
}

export const builder = new SchemaBuilder<{
  Context: Context;
  DefaultFieldNullability: false;
  // Every field that reaches S3 names what it needs; the caller's policy is checked before its resolver runs.
  AuthScopes: { may: Permission[] };
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    SafeInt: { Input: number; Output: number };
    Upload: { Input: Promise<UploadedFile>; Output: never };
  };
}>({
  plugins: [ScopeAuthPlugin, ComplexityPlugin, RelayPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: (context) => ({ may: (permissions) => context.principal.access.firstDenied(permissions) === undefined }),
    unauthorizedError: (_parent, context, _info, { failure }) => {
      const denied = context.principal.access.firstDenied(requestedIn(failure));
      return new PolicyDeniedError(denied === undefined ? 'do this' : describePermission(denied));
    },
  },
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
