import type { Context } from '../context.js';
import { type ErrorCode, GatewayError, InternalError } from '../errors.js';

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
    const error = caught instanceof GatewayError ? caught : new InternalError({ cause: caught });
    if (error.code === 'INTERNAL') context.logger.error('mutation failed unexpectedly', error.originalError ?? caught);
    return { success: false, error: { code: error.code, message: error.message }, result: null };
  }
}
