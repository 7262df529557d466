import type { InputObjectRef, ObjectFieldsShape, ObjectRef } from '@pothos/core';
import type { Context } from '../context.js';
import { PolicyDeniedError } from '../errors.js';
import type { OperationError, Payload } from '../resolvers/payload.js';
import { may, type Need } from './auth.js';
import { builder, type GatewayTypes } from './builder.js';
import { OperationErrorRef } from './errors.js';

/** A payload type: success, error, and the fields `fields` reads from the mutation's result (null when it failed). */
export function payloadType<Result>(
  name: string,
  options: { description?: string; fields?: ObjectFieldsShape<GatewayTypes, Payload<Result>> } = {},
): ObjectRef<GatewayTypes, Payload<Result>> {
  return builder.objectRef<Payload<Result>>(name).implement({
    description: options.description,
    fields: (t) => ({
      success: t.exposeBoolean('success'),
      error: t.field({ type: OperationErrorRef, nullable: true, resolve: (payload) => payload.error }),
      ...options.fields?.(t),
    }),
  });
}

/** A mutation the policy refuses answers like any failed mutation: success false, the error in its payload. */
function refusedPayload(error: Error): Payload<never> {
  const refusal: OperationError =
    error instanceof PolicyDeniedError ? { code: error.code, message: error.message } : { code: 'ACCESS_DENIED', message: error.message };
  return { success: false, error: refusal, result: null };
}

interface MutationOptions<Input, Result> {
  description: string;
  input: InputObjectRef<GatewayTypes, Input>;
  payload: ObjectRef<GatewayTypes, Payload<Result>>;
  /** What the caller's policy must grant for this input; checked before `resolve` runs. A need that names no store is in the input's `store`. */
  needs: (input: Input) => Need[];
  resolve: (context: Context, input: Input) => Promise<Payload<Result>>;
}

/**
 * The one shape of a mutation: `name(input: XInput!): XPayload`, costing one S3 request (plus what is selected
 * below), with failures and refusals by the policy answered in the payload.
 */
export function mutationField<Input, Result>(name: string, options: MutationOptions<Input, Result>): void {
  // Pothos cannot resolve the argument type of a generic input ref; it is `Input`, as `args` declares.
  const inputOf = (args: object) => (args as { input: Input }).input;
  const needsOf = (input: Input): Need[] => {
    const { store } = input as { store?: string | null };
    return options
      .needs(input)
      .map(([action, bucket, key, needStore]) => [action, bucket, key, needStore === undefined ? store : needStore]);
  };
  builder.mutationField(name, (t) =>
    t.field({
      type: options.payload,
      description: options.description,
      args: { input: t.arg({ type: options.input, required: true }) },
      complexity: 1,
      authScopes: (_root, args) => may(...needsOf(inputOf(args))),
      unauthorizedResolver: (_root, _args, _context, _info, error) => refusedPayload(error),
      resolve: (_root, args, context) => options.resolve(context, inputOf(args)),
    }),
  );
}
