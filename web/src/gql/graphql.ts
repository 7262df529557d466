/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AbortMultipartUploadInput = {
  bucket: string;
  key: string;
  /** The store (of STORES_FILE) the bucket is in; the default store when omitted. */
  store?: string | null | undefined;
  uploadId: string;
};

export type CompleteMultipartUploadInput = {
  bucket: string;
  key: string;
  /** The parts that make the object, in ascending part number order. */
  parts: Array<CompletedPartInput>;
  /** The store (of STORES_FILE) the bucket is in; the default store when omitted. */
  store?: string | null | undefined;
  uploadId: string;
};

export type CompletedPartInput = {
  /** The ETag header of the part's PUT answer (quotes optional). */
  eTag: string;
  partNumber: number;
};

export type CopyObjectInput = {
  bucket: string;
  /** Defaults to bucket. */
  destinationBucket?: string | null | undefined;
  /** Defaults to key. */
  destinationKey?: string | null | undefined;
  /** The store to copy or move to; `store` when omitted. Between two stores the content streams through the gateway, verified before a move deletes its source. */
  destinationStore?: string | null | undefined;
  key: string;
  /** The store (of STORES_FILE) the bucket is in; the default store when omitted. */
  store?: string | null | undefined;
};

export type CreateArchiveInput = {
  bucket: string;
  /** Up to 10,000 keys below prefix to archive instead of the whole prefix; a key ending with "/" is a folder, with everything below it. */
  keys?: Array<string> | null | undefined;
  /** The file name the ZIP is saved as (.zip is added); the folder name when omitted. */
  name?: string | null | undefined;
  /** Without keys: the folder to archive, ending with "/" ("" is the whole bucket). With keys: the folder they are named relative to. */
  prefix?: string | null | undefined;
  /** The store (of STORES_FILE) the bucket is in; the default store when omitted. */
  store?: string | null | undefined;
};

export type CreateFolderInput = {
  bucket: string;
  /** The folder, e.g. photos/2024/ (the trailing / is added when missing). */
  prefix: string;
  /** The store (of STORES_FILE) the bucket is in; the default store when omitted. */
  store?: string | null | undefined;
};

export type CreateMultipartUploadInput = {
  bucket: string;
  /** Cache-Control sent with the object on every download, e.g. max-age=3600. */
  cacheControl?: string | null | undefined;
  /** Content-Disposition sent on download, e.g. attachment; filename="report.pdf" (the name a browser saves). Printable ASCII: non-ASCII names as filename*=UTF-8''... */
  contentDisposition?: string | null | undefined;
  /** application/octet-stream when omitted. */
  contentType?: string | null | undefined;
  key: string;
  /** User-defined metadata; keys are stored in lower case. */
  metadata?: Array<MetadataEntryInput> | null | undefined;
  /** The bucket's default encryption when omitted. */
  serverSideEncryption?: ServerSideEncryption | null | undefined;
  /** The whole file in bytes: chooses partSize and is checked against MAX_UPLOAD_BYTES (and S3's 5 TiB) first. */
  size: number;
  /** The KMS key (id or ARN) for AWS_KMS; the account default key when omitted. */
  sseKmsKeyId?: string | null | undefined;
  /** The store's storage class, e.g. STANDARD_IA; the bucket's default when omitted. */
  storageClass?: string | null | undefined;
  /** The store (of STORES_FILE) the bucket is in; the default store when omitted. */
  store?: string | null | undefined;
  /** The object's tags (at most 10, unique keys); none when omitted. */
  tags?: Array<ObjectTagInput> | null | undefined;
};

export type DeleteObjectInput = {
  bucket: string;
  key: string;
  /** The store (of STORES_FILE) the bucket is in; the default store when omitted. */
  store?: string | null | undefined;
  /** Delete this version (or delete marker) for good, which needs the deleteVersion action; removing the latest delete marker brings the object back. */
  versionId?: string | null | undefined;
};

export type DeleteObjectsInput = {
  bucket: string;
  /** Up to 10,000 keys; S3 is asked 1000 at a time. */
  keys: Array<string>;
  /** The store (of STORES_FILE) the bucket is in; the default store when omitted. */
  store?: string | null | undefined;
  /** Answer when done; false answers at once with the job to follow. */
  wait?: boolean | null | undefined;
};

export type DeletePrefixInput = {
  bucket: string;
  /** Every object whose key starts with this is deleted ("" is the whole bucket). */
  prefix: string;
  /** The store (of STORES_FILE) the bucket is in; the default store when omitted. */
  store?: string | null | undefined;
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
  /** The store to copy or move to; `store` when omitted. Between two stores the content streams through the gateway, verified before a move deletes its source. */
  destinationStore?: string | null | undefined;
  key: string;
  /** The store (of STORES_FILE) the bucket is in; the default store when omitted. */
  store?: string | null | undefined;
};

export type MovePrefixInput = {
  bucket: string;
  /** Defaults to bucket. */
  destinationBucket?: string | null | undefined;
  /** Defaults to prefix. Each key keeps what follows the prefix. */
  destinationPrefix?: string | null | undefined;
  /** The store to copy or move to; `store` when omitted. Between two stores the content streams through the gateway, verified before a move deletes its source. */
  destinationStore?: string | null | undefined;
  prefix: string;
  /** The store (of STORES_FILE) the bucket is in; the default store when omitted. */
  store?: string | null | undefined;
  /** Answer when done; false answers at once with the job to follow. */
  wait?: boolean | null | undefined;
};

export type ObjectChangeKind =
  /** Written: a new object, or a new version replacing one (put, copy, the destination of a move). */
  | 'CREATED'
  /** Deleted (a delete, or the source of a move once its copy was confirmed). */
  | 'DELETED'
  /** Only the object's headers or tags changed, its content did not (updateObject, setObjectTags; a store's bucket notifications may say so too). */
  | 'METADATA_CHANGED';

/** A tag: key 1 to 128 characters, value up to 256; letters, numbers, spaces and + - = . _ : / @. */
export type ObjectTagInput = {
  key: string;
  value: string;
};

export type PutObjectInput = {
  /** The content as base64. */
  base64?: string | null | undefined;
  bucket: string;
  /** Cache-Control sent with the object on every download, e.g. max-age=3600. */
  cacheControl?: string | null | undefined;
  /** Content-Disposition sent on download, e.g. attachment; filename="report.pdf" (the name a browser saves). Printable ASCII: non-ASCII names as filename*=UTF-8''... */
  contentDisposition?: string | null | undefined;
  /** Defaults to the file's type, text/plain for text, application/octet-stream for base64. */
  contentType?: string | null | undefined;
  /** A file part of a GraphQL multipart request; streamed to S3. */
  file?: File | null | undefined;
  key: string;
  /** User-defined metadata; keys are stored in lower case. */
  metadata?: Array<MetadataEntryInput> | null | undefined;
  /** false: refuse with PRECONDITION_FAILED when the key exists (If-None-Match: *, atomic on stores with conditional writes; see the API guide). */
  overwrite?: boolean | null | undefined;
  /** The bucket's default encryption when omitted. */
  serverSideEncryption?: ServerSideEncryption | null | undefined;
  /** The size of `file` in bytes, when known: sizes the upload parts, refuses an oversized file at once, and must match. */
  size?: number | null | undefined;
  /** The KMS key (id or ARN) for AWS_KMS; the account default key when omitted. */
  sseKmsKeyId?: string | null | undefined;
  /** The store's storage class, e.g. STANDARD_IA; the bucket's default when omitted. */
  storageClass?: string | null | undefined;
  /** The store (of STORES_FILE) the bucket is in; the default store when omitted. */
  store?: string | null | undefined;
  /** The object's tags (at most 10, unique keys); none when omitted. */
  tags?: Array<ObjectTagInput> | null | undefined;
  /** The content as text, stored as UTF-8 (content type text/plain; charset=utf-8 unless given). */
  text?: string | null | undefined;
};

export type RestoreObjectVersionInput = {
  bucket: string;
  key: string;
  /** The store (of STORES_FILE) the bucket is in; the default store when omitted. */
  store?: string | null | undefined;
  versionId: string;
};

export type RestorePrefixInput = {
  /** The moment to go back to; a moment in the future is INVALID_INPUT. */
  at: string;
  bucket: string;
  /** Every object whose key starts with this ("" is the whole bucket). */
  prefix: string;
  /** The store (of STORES_FILE) the bucket is in; the default store when omitted. */
  store?: string | null | undefined;
  /** Answer when done; false answers at once with the job to follow. */
  wait?: boolean | null | undefined;
};

/** GOVERNANCE: callers allowed to bypass governance (s3:BypassGovernanceRetention) may shorten it; COMPLIANCE: nobody can, until it ends. */
export type RetentionMode =
  | 'COMPLIANCE'
  | 'GOVERNANCE';

/** Server-side encryption: SSE-S3 (keys managed by the store) or SSE-KMS (a KMS key, sseKmsKeyId or the default one). */
export type ServerSideEncryption =
  | 'AES256'
  | 'AWS_KMS';

export type SetObjectLegalHoldInput = {
  bucket: string;
  key: string;
  /** true places a legal hold on the current version, false lifts it. */
  legalHold: boolean;
  /** The store (of STORES_FILE) the bucket is in; the default store when omitted. */
  store?: string | null | undefined;
};

export type SetObjectRetentionInput = {
  bucket: string;
  /** Shorten a GOVERNANCE retention (the store's credentials need s3:BypassGovernanceRetention); COMPLIANCE can never be shortened. */
  bypassGovernance?: boolean | null | undefined;
  key: string;
  mode: RetentionMode;
  /** In the future (at most 100 years ahead). */
  retainUntil: string;
  /** The store (of STORES_FILE) the bucket is in; the default store when omitted. */
  store?: string | null | undefined;
};

export type SetObjectTagsInput = {
  bucket: string;
  key: string;
  /** The store (of STORES_FILE) the bucket is in; the default store when omitted. */
  store?: string | null | undefined;
  /** Every tag of the object from now on (at most 10); [] removes them all. */
  tags: Array<ObjectTagInput>;
};

export type SignUploadPartsInput = {
  bucket: string;
  /** Seconds, at most PRESIGN_MAX_EXPIRES_SECONDS. */
  expiresIn?: number | null | undefined;
  key: string;
  /** 1 to 100 part numbers (each 1 to 10,000). */
  partNumbers: Array<number>;
  /** The store (of STORES_FILE) the bucket is in; the default store when omitted. */
  store?: string | null | undefined;
  uploadId: string;
};

export type UpdateObjectInput = {
  bucket: string;
  /** Kept when omitted; "" removes it. */
  cacheControl?: string | null | undefined;
  /** Kept when omitted; "" removes it. */
  contentDisposition?: string | null | undefined;
  /** The new content type; kept when omitted. */
  contentType?: string | null | undefined;
  key: string;
  /** Every user-defined metadata entry from now on; kept when omitted, [] removes them. */
  metadata?: Array<MetadataEntryInput> | null | undefined;
  /** The store (of STORES_FILE) the bucket is in; the default store when omitted. */
  store?: string | null | undefined;
};

export type ObjectLabelsQueryVariables = Exact<{
  bucket: string;
  key: string;
}>;


export type ObjectLabelsQuery = { object: { contentType: string | null, cacheControl: string | null, contentDisposition: string | null, legalHold: boolean, metadata: Array<{ key: string, value: string }> | null, retention: { mode: RetentionMode, retainUntil: string } | null } | null };

export type ObjectTagsQueryVariables = Exact<{
  bucket: string;
  key: string;
}>;


export type ObjectTagsQuery = { object: { tags: Array<{ key: string, value: string }> } | null };

export type SetTagsMutationVariables = Exact<{
  input: SetObjectTagsInput;
}>;


export type SetTagsMutation = { setObjectTags: { success: boolean, error: { code: ErrorCode, message: string } | null } };

export type UpdateHeadersMutationVariables = Exact<{
  input: UpdateObjectInput;
}>;


export type UpdateHeadersMutation = { updateObject: { success: boolean, error: { code: ErrorCode, message: string } | null } };

export type SetRetentionMutationVariables = Exact<{
  input: SetObjectRetentionInput;
}>;


export type SetRetentionMutation = { setObjectRetention: { success: boolean, error: { code: ErrorCode, message: string } | null } };

export type SetLegalHoldMutationVariables = Exact<{
  input: SetObjectLegalHoldInput;
}>;


export type SetLegalHoldMutation = { setObjectLegalHold: { success: boolean, error: { code: ErrorCode, message: string } | null } };

export type BucketsQueryVariables = Exact<{
  store?: string | null | undefined;
}>;


export type BucketsQuery = { buckets: Array<{ name: string }> };

export type FolderQueryVariables = Exact<{
  bucket: string;
  prefix: string;
  after?: string | null | undefined;
  store?: string | null | undefined;
}>;


export type FolderQuery = { bucket: { name: string, entries: { edges: Array<{ node:
          | { __typename: 'Prefix', prefix: string, name: string }
          | { __typename: 'S3Object', key: string, size: number, lastModified: string | null }
         }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type ObjectDetailsQueryVariables = Exact<{
  bucket: string;
  key: string;
  store?: string | null | undefined;
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

export type CreateMultipartUploadMutationVariables = Exact<{
  input: CreateMultipartUploadInput;
}>;


export type CreateMultipartUploadMutation = { createMultipartUpload: { success: boolean, error: { code: ErrorCode, message: string } | null, upload: { bucket: string, key: string, uploadId: string, partSize: number | null } | null } };

export type SignUploadPartsMutationVariables = Exact<{
  input: SignUploadPartsInput;
}>;


export type SignUploadPartsMutation = { signUploadParts: { success: boolean, error: { code: ErrorCode, message: string } | null, parts: Array<{ partNumber: number, url: string }> | null } };

export type UploadedPartsQueryVariables = Exact<{
  bucket: string;
  key: string;
  uploadId: string;
  after: number;
  store?: string | null | undefined;
}>;


export type UploadedPartsQuery = { bucket: { name: string, multipartUpload: { parts: Array<{ partNumber: number, size: number, eTag: string | null }> } } | null };

export type CompleteMultipartUploadMutationVariables = Exact<{
  input: CompleteMultipartUploadInput;
}>;


export type CompleteMultipartUploadMutation = { completeMultipartUpload: { success: boolean, error: { code: ErrorCode, message: string } | null, object: { key: string, size: number } | null } };

export type AbortMultipartUploadMutationVariables = Exact<{
  input: AbortMultipartUploadInput;
}>;


export type AbortMultipartUploadMutation = { abortMultipartUpload: { success: boolean, error: { code: ErrorCode, message: string } | null } };

export type PendingUploadsQueryVariables = Exact<{
  bucket: string;
  prefix: string;
  after?: string | null | undefined;
  store?: string | null | undefined;
}>;


export type PendingUploadsQuery = { bucket: { name: string, multipartUploads: { edges: Array<{ node: { key: string, uploadId: string, initiated: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type FolderChangesSubscriptionVariables = Exact<{
  bucket: string;
  prefix?: string | null | undefined;
  store?: string | null | undefined;
}>;


export type FolderChangesSubscription = { objectChanged: { kind: ObjectChangeKind, key: string } };

export type DeleteObjectsMutationVariables = Exact<{
  input: DeleteObjectsInput;
}>;


export type DeleteObjectsMutation = { deleteObjects: { success: boolean, error: { code: ErrorCode, message: string } | null, job: { id: string } | null } };

export type SearchQueryVariables = Exact<{
  bucket: string;
  prefix: string;
  nameContains?: string | null | undefined;
  glob?: string | null | undefined;
  minSize?: number | null | undefined;
  maxSize?: number | null | undefined;
  modifiedAfter?: string | null | undefined;
  modifiedBefore?: string | null | undefined;
  after?: string | null | undefined;
}>;


export type SearchQuery = { bucket: { name: string, search: { edges: Array<{ node: { key: string, size: number, lastModified: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type CreateFolderMutationVariables = Exact<{
  input: CreateFolderInput;
}>;


export type CreateFolderMutation = { createFolder: { success: boolean, error: { code: ErrorCode, message: string } | null } };

export type FolderSummaryQueryVariables = Exact<{
  bucket: string;
  prefix: string;
  maxAgeSeconds?: number | null | undefined;
}>;


export type FolderSummaryQuery = { bucket: { name: string, summary: { objects: number | null, bytes: number | null, ageSeconds: number | null, job: { id: string } | null } } | null };

export type CreateArchiveMutationVariables = Exact<{
  input: CreateArchiveInput;
}>;


export type CreateArchiveMutation = { createArchive: { success: boolean, url: string | null, refused: Array<string>, error: { code: ErrorCode, message: string } | null } };

export type ShareLinkQueryVariables = Exact<{
  bucket: string;
  key: string;
  expiresIn: number;
}>;


export type ShareLinkQuery = { object: { key: string, downloadUrl: string } | null };

export type StoresQueryVariables = Exact<{ [key: string]: never; }>;


export type StoresQuery = { stores: Array<{ name: string, default: boolean }> };

export type ObjectVersionsQueryVariables = Exact<{
  bucket: string;
  key: string;
}>;


export type ObjectVersionsQuery = { bucket: { objectVersions: { edges: Array<{ node: { key: string, versionId: string, isLatest: boolean, isDeleteMarker: boolean, size: number | null, lastModified: string | null, object: { contentType: string | null, gatewayUrl: string } | null } }> } | null } | null };

export type RestoreVersionMutationVariables = Exact<{
  input: RestoreObjectVersionInput;
}>;


export type RestoreVersionMutation = { restoreObjectVersion: { success: boolean, error: { code: ErrorCode, message: string } | null } };

export type DeleteVersionMutationVariables = Exact<{
  input: DeleteObjectInput;
}>;


export type DeleteVersionMutation = { deleteObject: { success: boolean, error: { code: ErrorCode, message: string } | null } };

export type RestoreFolderMutationVariables = Exact<{
  input: RestorePrefixInput;
}>;


export type RestoreFolderMutation = { restorePrefix: { success: boolean, error: { code: ErrorCode, message: string } | null, job: { id: string } | null } };

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

export const ObjectLabelsDocument = new TypedDocumentString(`
    query ObjectLabels($bucket: String!, $key: String!) {
  object(bucket: $bucket, key: $key) {
    contentType
    cacheControl
    contentDisposition
    metadata {
      key
      value
    }
    retention {
      mode
      retainUntil
    }
    legalHold
  }
}
    `, {"hash":"sha256:a6995b792e98b1ad421c4f7fc218ea30cbe65ea661c365865429dab048a0a388"}) as unknown as TypedDocumentString<ObjectLabelsQuery, ObjectLabelsQueryVariables>;
export const ObjectTagsDocument = new TypedDocumentString(`
    query ObjectTags($bucket: String!, $key: String!) {
  object(bucket: $bucket, key: $key) {
    tags {
      key
      value
    }
  }
}
    `, {"hash":"sha256:9d1c9cdbd8510d918b257e992cdab2cf785c0536e1d453b928c0417a7dbef463"}) as unknown as TypedDocumentString<ObjectTagsQuery, ObjectTagsQueryVariables>;
export const SetTagsDocument = new TypedDocumentString(`
    mutation SetTags($input: SetObjectTagsInput!) {
  setObjectTags(input: $input) {
    success
    error {
      code
      message
    }
  }
}
    `, {"hash":"sha256:2a7ad1d3618d676c07b468a91e239bb28e4592d7e86e3d99cf107b782d0d93de"}) as unknown as TypedDocumentString<SetTagsMutation, SetTagsMutationVariables>;
export const UpdateHeadersDocument = new TypedDocumentString(`
    mutation UpdateHeaders($input: UpdateObjectInput!) {
  updateObject(input: $input) {
    success
    error {
      code
      message
    }
  }
}
    `, {"hash":"sha256:3de81d528b37637110bc6ef0e0abcab989300e7f10e0d8cd31a457d4fed51fe5"}) as unknown as TypedDocumentString<UpdateHeadersMutation, UpdateHeadersMutationVariables>;
export const SetRetentionDocument = new TypedDocumentString(`
    mutation SetRetention($input: SetObjectRetentionInput!) {
  setObjectRetention(input: $input) {
    success
    error {
      code
      message
    }
  }
}
    `, {"hash":"sha256:c6f87ff63af4f72edf3f36f57f7a8365fe56d235dbf82cc1159dab5b974ddcc8"}) as unknown as TypedDocumentString<SetRetentionMutation, SetRetentionMutationVariables>;
export const SetLegalHoldDocument = new TypedDocumentString(`
    mutation SetLegalHold($input: SetObjectLegalHoldInput!) {
  setObjectLegalHold(input: $input) {
    success
    error {
      code
      message
    }
  }
}
    `, {"hash":"sha256:5d559249f2e82dae7daf0c3da017d9bd4f65ed5eb7114baa012b45c0d175e44c"}) as unknown as TypedDocumentString<SetLegalHoldMutation, SetLegalHoldMutationVariables>;
export const BucketsDocument = new TypedDocumentString(`
    query Buckets($store: String) {
  buckets(store: $store) {
    name
  }
}
    `, {"hash":"sha256:186a3508582f0de4b3650aea576cbcbf65460d7aa1e794ff459665b00bc8f2fe"}) as unknown as TypedDocumentString<BucketsQuery, BucketsQueryVariables>;
export const FolderDocument = new TypedDocumentString(`
    query Folder($bucket: String!, $prefix: String!, $after: String, $store: String) {
  bucket(name: $bucket, store: $store) {
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
    `, {"hash":"sha256:fd037cceef683827747f9217304d4621d04e78627a1f257c1971ae6ab88b9554"}) as unknown as TypedDocumentString<FolderQuery, FolderQueryVariables>;
export const ObjectDetailsDocument = new TypedDocumentString(`
    query ObjectDetails($bucket: String!, $key: String!, $store: String) {
  object(bucket: $bucket, key: $key, store: $store) {
    key
    size
    contentType
    gatewayUrl
  }
}
    `, {"hash":"sha256:74e30cdf8df6f4eff611e28379c0e1d537d898f9150eec1699743292617cfd01"}) as unknown as TypedDocumentString<ObjectDetailsQuery, ObjectDetailsQueryVariables>;
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
    `, {"hash":"sha256:1cbae79dde511da5207436d05ef6dfd3aaab72d1d70ed849d552c8438c2f4c2e"}) as unknown as TypedDocumentString<PutFileMutation, PutFileMutationVariables>;
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
    `, {"hash":"sha256:68b5b3d717545fa3d8adcbc3204a7e15a249e9619e3607188fe7f25ec6b1ddc9"}) as unknown as TypedDocumentString<MoveObjectMutation, MoveObjectMutationVariables>;
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
    `, {"hash":"sha256:50790eeaf696a80e3ecde9d3809634f9f84114b0a73d254d6f7489cbc4ea47bc"}) as unknown as TypedDocumentString<CopyObjectMutation, CopyObjectMutationVariables>;
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
    `, {"hash":"sha256:67de0d46a5a5e1f9cc4704e9c5ca6b3035bfc987fd055cf1eba6d1eee28e41f0"}) as unknown as TypedDocumentString<DeleteObjectMutation, DeleteObjectMutationVariables>;
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
    `, {"hash":"sha256:1831365a7268653f98baa8d14a880fe9ec27f7d2b57bf6fac33e2fc84c77f725"}) as unknown as TypedDocumentString<DeleteFolderMutation, DeleteFolderMutationVariables>;
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
    `, {"hash":"sha256:c5fa6fcd97bf76b86f58c56df2eac7d6b2135df08bc8e71aacab03b81705ec93"}) as unknown as TypedDocumentString<MoveFolderMutation, MoveFolderMutationVariables>;
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
    `, {"hash":"sha256:52f2f88f639bfd915554a67c7d26e814df13f6f3eec4e5f32de710c295d1d4d9"}) as unknown as TypedDocumentString<JobProgressSubscription, JobProgressSubscriptionVariables>;
export const CreateMultipartUploadDocument = new TypedDocumentString(`
    mutation CreateMultipartUpload($input: CreateMultipartUploadInput!) {
  createMultipartUpload(input: $input) {
    success
    error {
      code
      message
    }
    upload {
      bucket
      key
      uploadId
      partSize
    }
  }
}
    `, {"hash":"sha256:aae8e137b952af5ba507d50c763f0bc19ac0ec38b6b1087dae168291a6a83f56"}) as unknown as TypedDocumentString<CreateMultipartUploadMutation, CreateMultipartUploadMutationVariables>;
export const SignUploadPartsDocument = new TypedDocumentString(`
    mutation SignUploadParts($input: SignUploadPartsInput!) {
  signUploadParts(input: $input) {
    success
    error {
      code
      message
    }
    parts {
      partNumber
      url
    }
  }
}
    `, {"hash":"sha256:5fef779b58c2c625acf691b4f77c25fe8921c2c0d3bff51f03411201ec03a76a"}) as unknown as TypedDocumentString<SignUploadPartsMutation, SignUploadPartsMutationVariables>;
export const UploadedPartsDocument = new TypedDocumentString(`
    query UploadedParts($bucket: String!, $key: String!, $uploadId: String!, $after: Int!, $store: String) {
  bucket(name: $bucket, store: $store) {
    name
    multipartUpload(key: $key, uploadId: $uploadId) {
      parts(after: $after, first: 1000) {
        partNumber
        size
        eTag
      }
    }
  }
}
    `, {"hash":"sha256:2e9daa68830da125486d6d51c6ca2d4ea9ae03233c814db7b387462821b863e7"}) as unknown as TypedDocumentString<UploadedPartsQuery, UploadedPartsQueryVariables>;
export const CompleteMultipartUploadDocument = new TypedDocumentString(`
    mutation CompleteMultipartUpload($input: CompleteMultipartUploadInput!) {
  completeMultipartUpload(input: $input) {
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
    `, {"hash":"sha256:8e5f4ccc01df20e0a75177e085c33a731c461bb4c3ce1169149cee5c3b7d7661"}) as unknown as TypedDocumentString<CompleteMultipartUploadMutation, CompleteMultipartUploadMutationVariables>;
export const AbortMultipartUploadDocument = new TypedDocumentString(`
    mutation AbortMultipartUpload($input: AbortMultipartUploadInput!) {
  abortMultipartUpload(input: $input) {
    success
    error {
      code
      message
    }
  }
}
    `, {"hash":"sha256:ca38a55506fe177a1402fcaa33359dbe1f767a8b25967467398994ef1d229823"}) as unknown as TypedDocumentString<AbortMultipartUploadMutation, AbortMultipartUploadMutationVariables>;
export const PendingUploadsDocument = new TypedDocumentString(`
    query PendingUploads($bucket: String!, $prefix: String!, $after: String, $store: String) {
  bucket(name: $bucket, store: $store) {
    name
    multipartUploads(prefix: $prefix, first: 100, after: $after) {
      edges {
        node {
          key
          uploadId
          initiated
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `, {"hash":"sha256:df9bbd0e891d74b1a150adf20f6418a90b5911fa309226e205eae8809d816de7"}) as unknown as TypedDocumentString<PendingUploadsQuery, PendingUploadsQueryVariables>;
export const FolderChangesDocument = new TypedDocumentString(`
    subscription FolderChanges($bucket: String!, $prefix: String, $store: String) {
  objectChanged(bucket: $bucket, prefix: $prefix, store: $store) {
    kind
    key
  }
}
    `, {"hash":"sha256:124f7217d3b36bce09fa9064721b983656ba329d2ab2b1a99a8b435931abf118"}) as unknown as TypedDocumentString<FolderChangesSubscription, FolderChangesSubscriptionVariables>;
export const DeleteObjectsDocument = new TypedDocumentString(`
    mutation DeleteObjects($input: DeleteObjectsInput!) {
  deleteObjects(input: $input) {
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
    `, {"hash":"sha256:c8b80665c9ba1eede6875f94ced00383b2bdf237c6650cc2448db1c3719cdee0"}) as unknown as TypedDocumentString<DeleteObjectsMutation, DeleteObjectsMutationVariables>;
export const SearchDocument = new TypedDocumentString(`
    query Search($bucket: String!, $prefix: String!, $nameContains: String, $glob: String, $minSize: SafeInt, $maxSize: SafeInt, $modifiedAfter: DateTime, $modifiedBefore: DateTime, $after: String) {
  bucket(name: $bucket) {
    name
    search(
      prefix: $prefix
      nameContains: $nameContains
      glob: $glob
      minSize: $minSize
      maxSize: $maxSize
      modifiedAfter: $modifiedAfter
      modifiedBefore: $modifiedBefore
      first: 100
      after: $after
    ) {
      edges {
        node {
          key
          size
          lastModified
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `, {"hash":"sha256:34e5e628a9129074d5d96af4fe34a1a1d4cfd6ff4b11278bde1e46498dee711a"}) as unknown as TypedDocumentString<SearchQuery, SearchQueryVariables>;
export const CreateFolderDocument = new TypedDocumentString(`
    mutation CreateFolder($input: CreateFolderInput!) {
  createFolder(input: $input) {
    success
    error {
      code
      message
    }
  }
}
    `, {"hash":"sha256:1137be479188051fbf2a1c0bbf23a58d33a09c021ac6175700ccf482433fea6f"}) as unknown as TypedDocumentString<CreateFolderMutation, CreateFolderMutationVariables>;
export const FolderSummaryDocument = new TypedDocumentString(`
    query FolderSummary($bucket: String!, $prefix: String!, $maxAgeSeconds: Int) {
  bucket(name: $bucket) {
    name
    summary(prefix: $prefix, maxAgeSeconds: $maxAgeSeconds) {
      objects
      bytes
      ageSeconds
      job {
        id
      }
    }
  }
}
    `, {"hash":"sha256:185cbdee86683803683f3b98286a235f945a7be7504f6e6cb3bd2fb9db3a838a"}) as unknown as TypedDocumentString<FolderSummaryQuery, FolderSummaryQueryVariables>;
export const CreateArchiveDocument = new TypedDocumentString(`
    mutation CreateArchive($input: CreateArchiveInput!) {
  createArchive(input: $input) {
    success
    error {
      code
      message
    }
    url
    refused
  }
}
    `, {"hash":"sha256:aa58d70e6b97e8fb9f13cb04755f8bcdb5830ba874b04415b853f7be008b2ee2"}) as unknown as TypedDocumentString<CreateArchiveMutation, CreateArchiveMutationVariables>;
export const ShareLinkDocument = new TypedDocumentString(`
    query ShareLink($bucket: String!, $key: String!, $expiresIn: Int!) {
  object(bucket: $bucket, key: $key) {
    key
    downloadUrl(expiresIn: $expiresIn)
  }
}
    `, {"hash":"sha256:36360e55d5349b11011860b7a72939cd9c9d272979d2e4063c07b3116bc6c48c"}) as unknown as TypedDocumentString<ShareLinkQuery, ShareLinkQueryVariables>;
export const StoresDocument = new TypedDocumentString(`
    query Stores {
  stores {
    name
    default
  }
}
    `, {"hash":"sha256:62fe3a700616f1392ab9097c132aec6507083798ef3fa2a38c185c50441ce417"}) as unknown as TypedDocumentString<StoresQuery, StoresQueryVariables>;
export const ObjectVersionsDocument = new TypedDocumentString(`
    query ObjectVersions($bucket: String!, $key: String!) {
  bucket(name: $bucket) {
    objectVersions(prefix: $key, first: 50) {
      edges {
        node {
          key
          versionId
          isLatest
          isDeleteMarker
          size
          lastModified
          object {
            contentType
            gatewayUrl
          }
        }
      }
    }
  }
}
    `, {"hash":"sha256:1b131cfdc2dccacbfce37995bbb3a729e8c08370a52ac376af5409310c9cc58c"}) as unknown as TypedDocumentString<ObjectVersionsQuery, ObjectVersionsQueryVariables>;
export const RestoreVersionDocument = new TypedDocumentString(`
    mutation RestoreVersion($input: RestoreObjectVersionInput!) {
  restoreObjectVersion(input: $input) {
    success
    error {
      code
      message
    }
  }
}
    `, {"hash":"sha256:05809d53bcceb764b111a99fbd2eddeafa28d26303cddb5db08570ca1c7a0134"}) as unknown as TypedDocumentString<RestoreVersionMutation, RestoreVersionMutationVariables>;
export const DeleteVersionDocument = new TypedDocumentString(`
    mutation DeleteVersion($input: DeleteObjectInput!) {
  deleteObject(input: $input) {
    success
    error {
      code
      message
    }
  }
}
    `, {"hash":"sha256:62f90616d531a0dd24bc030b95f0ca5b00ed3a288479ea99eaed3c47663a429c"}) as unknown as TypedDocumentString<DeleteVersionMutation, DeleteVersionMutationVariables>;
export const RestoreFolderDocument = new TypedDocumentString(`
    mutation RestoreFolder($input: RestorePrefixInput!) {
  restorePrefix(input: $input) {
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
    `, {"hash":"sha256:a79a7edf5bb33a8f5864e7f07a7b9360fa3429696018ace1e6011cf2d330354d"}) as unknown as TypedDocumentString<RestoreFolderMutation, RestoreFolderMutationVariables>;