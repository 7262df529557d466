import { getOperationAST, OperationTypeNode, type DocumentNode, type ExecutionResult, type GraphQLErrorExtensions } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GatewayMetrics } from '../observability.js';

/** The codes of an answer's top-level errors. */
function errorCodesOf(result: ExecutionResult): string[] {
  return (result.errors ?? []).map((error) => {
    // graphql-jit's errors may have no extensions at all.
    const code = (error.extensions as GraphQLErrorExtensions | undefined)?.code;
    return typeof code === 'string' ? code : 'UNKNOWN';
  });
}

/** The codes of a mutation answer's payloads that failed (success: false, with an `error`). */
function payloadCodesOf(result: ExecutionResult): string[] {
  return Object.values(result.data ?? {}).flatMap((payload) => {
    const error = (payload as { error?: { code: string } | null } | null)?.error;
    return error ? [error.code] : [];
  });
}

/** Counts errors by operation name and code (s3_gateway_graphql_errors_total). */
export function useErrorCodeMetrics(metrics: GatewayMetrics): Plugin {
  return {
    onExecute({ args }) {
      const operation = getOperationAST(args.document as DocumentNode, args.operationName as string | undefined);
      const isMutation = operation?.operation === OperationTypeNode.MUTATION;
      const name = metrics.operationNames.label(operation?.name?.value);
      return {
        onExecuteDone({ result }) {
          if (Symbol.asyncIterator in result) return;
          const codes = isMutation ? [...errorCodesOf(result), ...payloadCodesOf(result)] : errorCodesOf(result);
          for (const code of codes) metrics.graphqlErrors.inc({ operation: name, code });
        },
      };
    },
  };
}
