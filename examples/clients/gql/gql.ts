/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query RecipeFolder($bucket: String!, $prefix: String!) {\n    bucket(name: $bucket) {\n      objects(prefix: $prefix, first: 100) {\n        edges {\n          node {\n            key\n            size\n          }\n        }\n      }\n    }\n  }\n": typeof types.RecipeFolderDocument,
    "\n  mutation RecipeDelete($bucket: String!, $key: String!) {\n    deleteObject(input: { bucket: $bucket, key: $key }) {\n      success\n      error {\n        code\n        message\n      }\n    }\n  }\n": typeof types.RecipeDeleteDocument,
};
const documents: Documents = {
    "\n  query RecipeFolder($bucket: String!, $prefix: String!) {\n    bucket(name: $bucket) {\n      objects(prefix: $prefix, first: 100) {\n        edges {\n          node {\n            key\n            size\n          }\n        }\n      }\n    }\n  }\n": types.RecipeFolderDocument,
    "\n  mutation RecipeDelete($bucket: String!, $key: String!) {\n    deleteObject(input: { bucket: $bucket, key: $key }) {\n      success\n      error {\n        code\n        message\n      }\n    }\n  }\n": types.RecipeDeleteDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RecipeFolder($bucket: String!, $prefix: String!) {\n    bucket(name: $bucket) {\n      objects(prefix: $prefix, first: 100) {\n        edges {\n          node {\n            key\n            size\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').RecipeFolderDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RecipeDelete($bucket: String!, $key: String!) {\n    deleteObject(input: { bucket: $bucket, key: $key }) {\n      success\n      error {\n        code\n        message\n      }\n    }\n  }\n"): typeof import('./graphql.js').RecipeDeleteDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
