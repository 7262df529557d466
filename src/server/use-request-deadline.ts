import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { RequestTimeoutError } from '../errors.js';
import type { ServerContext } from './yoga.js';

export interface RequestDeadlineOptions {
  /** Longest a GraphQL execution may run before it is answered REQUEST_TIMEOUT, in ms. */
  timeoutMs: number;
}

/**
 * Answers REQUEST_TIMEOUT when an execution outlives its deadline, instead of keeping the client waiting on a slow store.
 * Requests carrying file uploads are exempt: they last as long as the client takes to send its files.
 * Subscriptions (following a job) are not executions and are not bounded either.
 */
export function useRequestDeadline({ timeoutMs }: RequestDeadlineOptions): Plugin<Record<string, never>, ServerContext> {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      if ((args.contextValue as ServerContext).uploadOperations !== undefined) return;
      setExecuteFn(async (executeArgs) => {
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<ExecutionResult>((resolve) => {
          timer = setTimeout(() => resolve({ data: null, errors: [new RequestTimeoutError(timeoutMs / 1000)] }), timeoutMs);
        });
        try {
          return await Promise.race([executeFn(executeArgs) as Promise<ExecutionResult>, deadline]);
        } finally {
          clearTimeout(timer);
        }
      });
    },
  };
}
