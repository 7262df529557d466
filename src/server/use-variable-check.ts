import { getOperationAST, getVariableValues, GraphQLError, type ExecutionArgs } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** The code of a request whose variables do not fit the operation, as yoga and Apollo answer it. */
const BAD_USER_INPUT = 'BAD_USER_INPUT';

/** graphql-js's own account of the variables that do not fit, coded as the client's mistake (HTTP 400 where the spec says so). */
function variableErrors({ schema, document, operationName, variableValues }: ExecutionArgs): GraphQLError[] {
  const operation = getOperationAST(document, operationName ?? undefined);
  const definitions = operation?.variableDefinitions ?? [];
  if (definitions.length === 0) return [];
  const coerced = getVariableValues(schema, definitions, variableValues ?? {});
  return (coerced.errors ?? []).map(
    (error) =>
      new GraphQLError(error.message, {
        nodes: error.nodes,
        extensions: { ...error.extensions, code: BAD_USER_INPUT, http: { spec: true, status: 400 } },
      }),
  );
}

/**
 * Checks the variables with graphql-js before graphql-jit runs: jit's own check names the wrong variable (`$key` for
 * `$i.key`) and leaves its errors without a code, which plugins after it took for internal failures.
 */
export function useVariableCheck(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const errors = variableErrors(args);
      if (errors.length > 0) setResultAndStopExecution({ errors });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const errors = variableErrors(args);
      if (errors.length > 0) setResultAndStopExecution({ errors });
    },
  };
}
