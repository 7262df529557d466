import { ERROR_CODES } from '../errors.js';
import type { OperationError } from '../resolvers/payload.js';
import { builder } from './builder.js';

export const ErrorCodeEnum = builder.enumType('ErrorCode', {
  description: 'Why an operation failed. Query errors carry the same code in extensions.code.',
  values: ERROR_CODES,
});

export const OperationErrorRef = builder.objectRef<OperationError>('OperationError').implement({
  fields: (t) => ({
    code: t.expose('code', { type: ErrorCodeEnum }),
    message: t.exposeString('message'),
  }),
});
