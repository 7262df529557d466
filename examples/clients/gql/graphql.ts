/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Why an operation failed. Query errors carry the same code in extensions.code. */
export type ErrorCode =
  | 'ACCESS_DENIED'
  | 'BUCKET_ALREADY_EXISTS'
  | 'BUCKET_NOT_EMPTY'
  | 'ENTITY_TOO_LARGE'
  | 'EVENTS_UNAVAILABLE'
  | 'INTERNAL'
  | 'INVALID_INPUT'
  | 'JOBS_UNAVAILABLE'
  | 'NOT_SUPPORTED'
  | 'NO_SUCH_BUCKET'
  | 'NO_SUCH_KEY'
  | 'NO_SUCH_UPLOAD'
  | 'NO_SUCH_VERSION'
  | 'PRECONDITION_FAILED'
  | 'QUERY_TOO_COMPLEX'
  | 'RATE_LIMITED'
  | 'REQUEST_TIMEOUT'
  | 'RESOURCE_EXHAUSTED'
  | 'S3_THROTTLED'
  | 'S3_UNAVAILABLE'
  | 'UNAUTHENTICATED';

export type RecipeFolderQueryVariables = Exact<{
  bucket: string;
  prefix: string;
}>;


export type RecipeFolderQuery = { bucket: { objects: { edges: Array<{ node: { key: string, size: number } }> } } | null };

export type RecipeDeleteMutationVariables = Exact<{
  bucket: string;
  key: string;
}>;


export type RecipeDeleteMutation = { deleteObject: { success: boolean, error: { code: ErrorCode, message: string } | null } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const RecipeFolderDocument = new TypedDocumentString(`
    query RecipeFolder($bucket: String!, $prefix: String!) {
  bucket(name: $bucket) {
    objects(prefix: $prefix, first: 100) {
      edges {
        node {
          key
          size
        }
      }
    }
  }
}
    `, {"hash":"sha256:8f82c697b891e6203c946b1169cd5c8e18172c1e299ebef856a49ae9190b8523"}) as unknown as TypedDocumentString<RecipeFolderQuery, RecipeFolderQueryVariables>;
export const RecipeDeleteDocument = new TypedDocumentString(`
    mutation RecipeDelete($bucket: String!, $key: String!) {
  deleteObject(input: {bucket: $bucket, key: $key}) {
    success
    error {
      code
      message
    }
  }
}
    `, {"hash":"sha256:1bf40a0385b6f731880bc71ca273a06df0deb52c368b64772b77be1a1ab77ff0"}) as unknown as TypedDocumentString<RecipeDeleteMutation, RecipeDeleteMutationVariables>;