import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';
import type { ServerContext } from './yoga.js';

/** Gives the inline content an execution held back to the process's budget (MAX_INLINE_BYTES_IN_FLIGHT) once it is done. */
export function useInlineBytesRelease(): Plugin<Record<string, never>, ServerContext> {
  return {
    onExecute({ args }) {
      const { inlineBytes } = args.contextValue as Partial<Context>;
      return { onExecuteDone: () => inlineBytes?.release() };
    },
  };
}
