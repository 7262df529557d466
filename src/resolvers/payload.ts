import type { Context } from '../context.js';
import { clientFacingError, type ErrorCode } from '../errors.js';

export interface OperationError {
  code: ErrorCode;
  message: string;
}

export type Outcome<T> = { success: true; error: null; result: T } | { success: false; error: OperationError; result: null };

/** Mutations answer failures in their payload: GatewayErrors as they are, anything else masked as INTERNAL and logged. */
export async function attempt<T>(context: Context, operation: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { success: true, error: null, result: await operation() };
  } catch (caught) {
    const error = clientFacingError(caught, (cause) => context.logger.error('mutation failed unexpectedly', cause));
    return { success: false, error: { code: error.code, message: error.message }, result: null };
  }
}
