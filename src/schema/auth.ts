import {
  getArgumentValues,
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Action, Permission } from '../auth/policy.js';

/** What a field needs of the caller's policy: [action, bucket, key or prefix, store (omitted or null: the default one)]. */
export type Need = readonly [Action, string, string, (string | null | undefined)?];

/** The scope map of a field that needs each of `needs`. */
export const may = (...needs: Need[]): { may: Permission[] } => ({
  may: needs.map(([action, bucket, key, store]) => ({ action, bucket, key, store })),
});

const LISTINGS = new Set(['objects', 'prefixes', 'entries', 'search', 'summary']);
const CHECKED_FIELDS = new Set(['object', 'multipartUpload', 'multipartUploads', 'objectVersions']);

/**
 * What the fields selected directly below a Bucket field need: its listings (list on their prefix),
 * `object(key)` (read on the key), the versions (list and read on the prefix) and the multipart uploads (write on the key or prefix), of those that @skip and @include leave in. Fields are checked as they resolve;
 * this lets the bucket field be checked first.
 */
export function selectedBelowBucket(info: GraphQLResolveInfo, bucket: string, store?: string | null): Need[] {
  const bucketFields = (info.schema.getType('Bucket') as GraphQLObjectType).getFields();
  const needs: Need[] = [];
  // A selection that @skip or @include leaves out is not executed, so it needs nothing.
  const included = (selection: SelectionNode): boolean =>
    getDirectiveValues(GraphQLSkipDirective, selection, info.variableValues)?.if !== true &&
    getDirectiveValues(GraphQLIncludeDirective, selection, info.variableValues)?.if !== false;
  const visit = (selectionSet: SelectionSetNode | undefined): void => {
    for (const selection of selectionSet?.selections ?? []) {
      if (!included(selection)) continue;
      if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else if (selection.kind === Kind.FRAGMENT_SPREAD) visit(info.fragments[selection.name.value]?.selectionSet);
      else {
        const field = bucketFields[selection.name.value];
        if (field === undefined || !(LISTINGS.has(field.name) || CHECKED_FIELDS.has(field.name))) continue;
        const args = getArgumentValues(field, selection, info.variableValues);
        const prefix = typeof args.prefix === 'string' ? args.prefix : '';
        if (field.name === 'object') needs.push(['read', bucket, String(args.key), store]);
        else if (field.name === 'multipartUpload') needs.push(['write', bucket, String(args.key), store]);
        else if (field.name === 'multipartUploads') needs.push(['list', bucket, prefix, store], ['write', bucket, prefix, store]);
        else if (field.name === 'objectVersions') needs.push(['list', bucket, prefix, store], ['read', bucket, prefix, store]);
        else needs.push(['list', bucket, prefix, store]);
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet);
  return needs;
}
