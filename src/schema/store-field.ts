import { builder, type GatewayTypes } from './builder.js';

/** The one declaration of the `store` argument and input field: the same name and meaning on every query and mutation. */

const STORE_DESCRIPTION = 'The store (of STORES_FILE) the bucket is in; the default store when omitted.';
const DESTINATION_STORE_DESCRIPTION =
  'The store to copy or move to; `store` when omitted. Between two stores the content streams through the gateway, verified before a move deletes its source.';

/** `store` on an input type (every mutation's input). */
export const storeInputField = (t: PothosSchemaTypes.InputFieldBuilder<GatewayTypes, 'InputObject'>) => ({
  store: t.string({ description: STORE_DESCRIPTION }),
});

/** `destinationStore` on the input of a mutation with a destination (copy, move, and their prefix forms). */
export const destinationStoreInputField = (t: PothosSchemaTypes.InputFieldBuilder<GatewayTypes, 'InputObject'>) => ({
  destinationStore: t.string({ description: DESTINATION_STORE_DESCRIPTION }),
});

/** `store` as a field argument (buckets, bucket, object, getObject, objectChanged). */
export const storeArgs = builder.args((t) => ({ store: t.string({ required: false, description: STORE_DESCRIPTION }) }));
