import type { Action, Permission } from '../auth/policy.js';
import type { OperationError } from '../resolvers/payload.js';
import { PolicyDeniedError } from '../errors.js';

/** The scope map of a field that needs each of `needs`: [action, bucket, key or prefix]. */
export const may = (...needs: (readonly [Action, string, string])[]): { may: Permission[] } => ({
  may: needs.map(([action, bucket, key]) => ({ action, bucket, key })),
});

/** A mutation the policy refuses answers like any failed mutation: success false, the error in its payload. */
export const refusedPayload = (error: Error) => {
  const refusal: OperationError =
    error instanceof PolicyDeniedError ? { code: error.code, message: error.message } : { code: 'ACCESS_DENIED', message: error.message };
  return { success: false, error: refusal, object: null, bucket: null, job: null, url: null, fields: [], expiresAt: null };
};
