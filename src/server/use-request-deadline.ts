import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';
import { RequestDeadline } from '../deadline.js';
import { RequestTimeoutError } from '../errors.js';
import type { ServerContext } from './yoga.js';

export interface RequestDeadlineOptions {
  /** Longest a GraphQL execution may run without progress before it is answered REQUEST_TIMEOUT, in ms. */
  timeoutMs: number;
}

/**
 * Answers REQUEST_TIMEOUT when an execution outlives its deadline, instead of keeping the client waiting on a slow store,
 * and aborts the context's `deadline.signal` so that the S3 work honouring it stops rather than completes unseen.
 * The deadline counts from the execution's start or its last progress: only streamed copies report progress, so one that
 * keeps moving is not cut however large, and one that stalls is.
 * Requests carrying file uploads are exempt: they last as long as the client takes to send its files.
 * Subscriptions (following a job) are not executions and are not bounded either.
 */
export function useRequestDeadline({ timeoutMs }: RequestDeadlineOptions): Plugin<Record<string, never>, ServerContext> {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      if ((args.contextValue as ServerContext).uploadOperations !== undefined) return;
      setExecuteFn(async (executeArgs) => {
        const deadline = (executeArgs.contextValue as Partial<Context>).deadline ?? new RequestDeadline();
        deadline.progressed();
        let timer: NodeJS.Timeout | undefined;
        const expired = new Promise<ExecutionResult>((resolve) => {
          const check = () => {
            const idle = performance.now() - deadline.lastProgress;
            if (idle < timeoutMs) {
              timer = setTimeout(check, timeoutMs - idle);
              return;
            }
            const error = new RequestTimeoutError(timeoutMs / 1000);
            deadline.expire(error);
            resolve({ data: null, errors: [error] });
          };
          timer = setTimeout(check, timeoutMs);
        });
        try {
          return await Promise.race([executeFn(executeArgs) as Promise<ExecutionResult>, expired]);
        } finally {
          clearTimeout(timer);
        }
      });
    },
  };
}
