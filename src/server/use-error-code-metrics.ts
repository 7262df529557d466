import { getOperationAST, OperationTypeNode, type DocumentNode, type ExecutionResult, type GraphQLErrorExtensions } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GatewayMetrics } from '../observability.js';

/** The error codes of GraphQL answers: top-level errors, and the `error` of mutation payloads (success: false). */
function codesOf(result: ExecutionResult, isMutation: boolean): string[] {
  const codes = (result.errors ?? []).map((error) => {
    // graphql-jit's errors may have no extensions at all.
    const code = (error.extensions as GraphQLErrorExtensions | undefined)?.code;
    return typeof code === 'string' ? code : 'UNKNOWN';
  });
  if (isMutation && result.data) {
    for (const payload of Object.values(result.data)) {
      const error = (payload as { error?: { code: string } | null } | null)?.error;
      if (error) codes.push(error.code);
    }
  }
  return codes;
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
          for (const code of codesOf(result, isMutation)) metrics.graphqlErrors.inc({ operation: name, code });
        },
      };
    },
  };
}
