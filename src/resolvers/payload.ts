import type { Context } from '../context.js';
import { clientFacingError, type ErrorCode } from '../errors.js';

export interface OperationError {
  code: ErrorCode;
  message: string;
}

/** What every mutation answers: whether it succeeded, why not, and what it made (a bulk job also when some objects failed). */
export interface Payload<T> {
  success: boolean;
  error: OperationError | null;
  result: T | null;
}

/** Mutations answer failures in their payload: GatewayErrors as they are, anything else masked as INTERNAL and logged. */
export async function attempt<T>(context: Context, operation: () => Promise<T>): Promise<Payload<T>> {
  try {
    return { success: true, error: null, result: await operation() };
  } catch (caught) {
    const error = clientFacingError(caught, (cause) => context.logger.error('mutation failed unexpectedly', cause));
    return { success: false, error: { code: error.code, message: error.message }, result: null };
  }
}
