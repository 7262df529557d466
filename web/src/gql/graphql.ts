/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type CopyObjectInput = {
  bucket: string;
  /** Defaults to bucket. */
  destinationBucket?: string | null | undefined;
  /** Defaults to key. */
  destinationKey?: string | null | undefined;
  key: string;
};

export type DeleteObjectInput = {
  bucket: string;
  key: string;
};

export type DeletePrefixInput = {
  bucket: string;
  /** Every object whose key starts with this is deleted ("" is the whole bucket). */
  prefix: string;
  /** Answer when done; false answers at once with the job to follow. */
  wait?: boolean | null | undefined;
};

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
  | 'NO_SUCH_BUCKET'
  | 'NO_SUCH_KEY'
  | 'PRECONDITION_FAILED'
  | 'QUERY_TOO_COMPLEX'
  | 'RATE_LIMITED'
  | 'REQUEST_TIMEOUT'
  | 'RESOURCE_EXHAUSTED'
  | 'S3_THROTTLED'
  | 'S3_UNAVAILABLE'
  | 'UNAUTHENTICATED';

export type JobState =
  /** Stopped by an error that concerns the whole operation (see error), e.g. a missing bucket. */
  | 'FAILED'
  /** Done; some objects failed (see failures), the others succeeded. */
  | 'PARTIAL'
  /** Still working. */
  | 'RUNNING'
  /** Done; every object succeeded. */
  | 'SUCCEEDED';

export type MetadataEntryInput = {
  key: string;
  value: string;
};

export type MoveObjectInput = {
  bucket: string;
  /** Defaults to bucket. */
  destinationBucket?: string | null | undefined;
  /** Defaults to key. */
  destinationKey?: string | null | undefined;
  key: string;
};

export type MovePrefixInput = {
  bucket: string;
  /** Defaults to bucket. */
  destinationBucket?: string | null | undefined;
  /** Defaults to prefix. Each key keeps what follows the prefix. */
  destinationPrefix?: string | null | undefined;
  prefix: string;
  /** Answer when done; false answers at once with the job to follow. */
  wait?: boolean | null | undefined;
};

export type ObjectChangeKind =
  /** Written: a new object, or a new version replacing one (put, copy, the destination of a move). */
  | 'CREATED'
  /** Deleted (a delete, or the source of a move once its copy was confirmed). */
  | 'DELETED'
  /** Only the object's metadata changed, its content did not. The gateway makes no such change itself today; a store's bucket notifications may. */
  | 'METADATA_CHANGED';

export type PutObjectInput = {
  /** The content as base64. */
  base64?: string | null | undefined;
  bucket: string;
  /** Defaults to the file's type, text/plain for text, application/octet-stream for base64. */
  contentType?: string | null | undefined;
  /** A file part of a GraphQL multipart request; streamed to S3. */
  file?: File | null | undefined;
  key: string;
  /** User-defined metadata; keys are stored in lower case. */
  metadata?: Array<MetadataEntryInput> | null | undefined;
  /** The size of `file` in bytes, when known: sizes the upload parts, refuses an oversized file at once, and must match. */
  size?: number | null | undefined;
  /** The content as text, stored as UTF-8 (content type text/plain; charset=utf-8 unless given). */
  text?: string | null | undefined;
};

export type BucketsQueryVariables = Exact<{ [key: string]: never; }>;


export type BucketsQuery = { buckets: Array<{ name: string }> };

export type FolderQueryVariables = Exact<{
  bucket: string;
  prefix: string;
  after?: string | null | undefined;
}>;


export type FolderQuery = { bucket: { name: string, entries: { edges: Array<{ node:
          | { __typename: 'Prefix', prefix: string, name: string }
          | { __typename: 'S3Object', key: string, size: number, lastModified: string | null }
         }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type ObjectDetailsQueryVariables = Exact<{
  bucket: string;
  key: string;
}>;


export type ObjectDetailsQuery = { object: { key: string, size: number, contentType: string | null, gatewayUrl: string } | null };

export type PutFileMutationVariables = Exact<{
  input: PutObjectInput;
}>;


export type PutFileMutation = { putObject: { success: boolean, error: { code: ErrorCode, message: string } | null, object: { key: string, size: number } | null } };

export type MoveObjectMutationVariables = Exact<{
  input: MoveObjectInput;
}>;


export type MoveObjectMutation = { moveObject: { success: boolean, error: { code: ErrorCode, message: string } | null } };

export type CopyObjectMutationVariables = Exact<{
  input: CopyObjectInput;
}>;


export type CopyObjectMutation = { copyObject: { success: boolean, error: { code: ErrorCode, message: string } | null } };

export type DeleteObjectMutationVariables = Exact<{
  input: DeleteObjectInput;
}>;


export type DeleteObjectMutation = { deleteObject: { success: boolean, error: { code: ErrorCode, message: string } | null } };

export type DeleteFolderMutationVariables = Exact<{
  input: DeletePrefixInput;
}>;


export type DeleteFolderMutation = { deletePrefix: { success: boolean, error: { code: ErrorCode, message: string } | null, job: { id: string } | null } };

export type MoveFolderMutationVariables = Exact<{
  input: MovePrefixInput;
}>;


export type MoveFolderMutation = { movePrefix: { success: boolean, error: { code: ErrorCode, message: string } | null, job: { id: string } | null } };

export type JobProgressSubscriptionVariables = Exact<{
  id: string | number;
}>;


export type JobProgressSubscription = { job: { state: JobState, done: boolean, succeeded: number, failed: number, error: { code: ErrorCode, message: string } | null } };

export type FolderChangesSubscriptionVariables = Exact<{
  bucket: string;
  prefix?: string | null | undefined;
}>;


export type FolderChangesSubscription = { objectChanged: { kind: ObjectChangeKind, key: string } };

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

export const BucketsDocument = new TypedDocumentString(`
    query Buckets {
  buckets {
    name
  }
}
    `) as unknown as TypedDocumentString<BucketsQuery, BucketsQueryVariables>;
export const FolderDocument = new TypedDocumentString(`
    query Folder($bucket: String!, $prefix: String!, $after: String) {
  bucket(name: $bucket) {
    name
    entries(prefix: $prefix, first: 200, after: $after) {
      edges {
        node {
          __typename
          ... on Prefix {
            prefix
            name
          }
          ... on S3Object {
            key
            size
            lastModified
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<FolderQuery, FolderQueryVariables>;
export const ObjectDetailsDocument = new TypedDocumentString(`
    query ObjectDetails($bucket: String!, $key: String!) {
  object(bucket: $bucket, key: $key) {
    key
    size
    contentType
    gatewayUrl
  }
}
    `) as unknown as TypedDocumentString<ObjectDetailsQuery, ObjectDetailsQueryVariables>;
export const PutFileDocument = new TypedDocumentString(`
    mutation PutFile($input: PutObjectInput!) {
  putObject(input: $input) {
    success
    error {
      code
      message
    }
    object {
      key
      size
    }
  }
}
    `) as unknown as TypedDocumentString<PutFileMutation, PutFileMutationVariables>;
export const MoveObjectDocument = new TypedDocumentString(`
    mutation MoveObject($input: MoveObjectInput!) {
  moveObject(input: $input) {
    success
    error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<MoveObjectMutation, MoveObjectMutationVariables>;
export const CopyObjectDocument = new TypedDocumentString(`
    mutation CopyObject($input: CopyObjectInput!) {
  copyObject(input: $input) {
    success
    error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<CopyObjectMutation, CopyObjectMutationVariables>;
export const DeleteObjectDocument = new TypedDocumentString(`
    mutation DeleteObject($input: DeleteObjectInput!) {
  deleteObject(input: $input) {
    success
    error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<DeleteObjectMutation, DeleteObjectMutationVariables>;
export const DeleteFolderDocument = new TypedDocumentString(`
    mutation DeleteFolder($input: DeletePrefixInput!) {
  deletePrefix(input: $input) {
    success
    error {
      code
      message
    }
    job {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<DeleteFolderMutation, DeleteFolderMutationVariables>;
export const MoveFolderDocument = new TypedDocumentString(`
    mutation MoveFolder($input: MovePrefixInput!) {
  movePrefix(input: $input) {
    success
    error {
      code
      message
    }
    job {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<MoveFolderMutation, MoveFolderMutationVariables>;
export const JobProgressDocument = new TypedDocumentString(`
    subscription JobProgress($id: ID!) {
  job(id: $id) {
    state
    done
    succeeded
    failed
    error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<JobProgressSubscription, JobProgressSubscriptionVariables>;
export const FolderChangesDocument = new TypedDocumentString(`
    subscription FolderChanges($bucket: String!, $prefix: String) {
  objectChanged(bucket: $bucket, prefix: $prefix) {
    kind
    key
  }
}
    `) as unknown as TypedDocumentString<FolderChangesSubscription, FolderChangesSubscriptionVariables>;