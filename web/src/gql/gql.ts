/* eslint-disable */
import * as types from './graphql';



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
    "\n  query ObjectLabels($bucket: String!, $key: String!) {\n    object(bucket: $bucket, key: $key) {\n      contentType\n      cacheControl\n      contentDisposition\n      metadata {\n        key\n        value\n      }\n      retention {\n        mode\n        retainUntil\n      }\n      legalHold\n    }\n  }\n": typeof types.ObjectLabelsDocument,
    "\n  query ObjectTags($bucket: String!, $key: String!) {\n    object(bucket: $bucket, key: $key) {\n      tags {\n        key\n        value\n      }\n    }\n  }\n": typeof types.ObjectTagsDocument,
    "\n  mutation SetTags($input: SetObjectTagsInput!) {\n    setObjectTags(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n    }\n  }\n": typeof types.SetTagsDocument,
    "\n  mutation UpdateHeaders($input: UpdateObjectInput!) {\n    updateObject(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n    }\n  }\n": typeof types.UpdateHeadersDocument,
    "\n  mutation SetRetention($input: SetObjectRetentionInput!) {\n    setObjectRetention(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n    }\n  }\n": typeof types.SetRetentionDocument,
    "\n  mutation SetLegalHold($input: SetObjectLegalHoldInput!) {\n    setObjectLegalHold(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n    }\n  }\n": typeof types.SetLegalHoldDocument,
    "\n  query Buckets($store: String) {\n    buckets(store: $store) {\n      name\n    }\n  }\n": typeof types.BucketsDocument,
    "\n  query Folder($bucket: String!, $prefix: String!, $after: String, $store: String) {\n    bucket(name: $bucket, store: $store) {\n      name\n      entries(prefix: $prefix, first: 200, after: $after) {\n        edges {\n          node {\n            __typename\n            ... on Prefix {\n              prefix\n              name\n            }\n            ... on S3Object {\n              key\n              size\n              lastModified\n            }\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": typeof types.FolderDocument,
    "\n  query ObjectDetails($bucket: String!, $key: String!, $store: String) {\n    object(bucket: $bucket, key: $key, store: $store) {\n      key\n      size\n      contentType\n      gatewayUrl\n    }\n  }\n": typeof types.ObjectDetailsDocument,
    "\n  mutation PutFile($input: PutObjectInput!) {\n    putObject(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n      object {\n        key\n        size\n      }\n    }\n  }\n": typeof types.PutFileDocument,
    "\n  mutation MoveObject($input: MoveObjectInput!) {\n    moveObject(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n    }\n  }\n": typeof types.MoveObjectDocument,
    "\n  mutation CopyObject($input: CopyObjectInput!) {\n    copyObject(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n    }\n  }\n": typeof types.CopyObjectDocument,
    "\n  mutation DeleteObject($input: DeleteObjectInput!) {\n    deleteObject(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n    }\n  }\n": typeof types.DeleteObjectDocument,
    "\n  mutation DeleteFolder($input: DeletePrefixInput!) {\n    deletePrefix(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n      job {\n        id\n      }\n    }\n  }\n": typeof types.DeleteFolderDocument,
    "\n  mutation MoveFolder($input: MovePrefixInput!) {\n    movePrefix(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n      job {\n        id\n      }\n    }\n  }\n": typeof types.MoveFolderDocument,
    "\n  subscription JobProgress($id: ID!) {\n    job(id: $id) {\n      state\n      done\n      succeeded\n      failed\n      error {\n        code\n        message\n      }\n    }\n  }\n": typeof types.JobProgressDocument,
    "\n  mutation CreateMultipartUpload($input: CreateMultipartUploadInput!) {\n    createMultipartUpload(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n      upload {\n        bucket\n        key\n        uploadId\n        partSize\n      }\n    }\n  }\n": typeof types.CreateMultipartUploadDocument,
    "\n  mutation SignUploadParts($input: SignUploadPartsInput!) {\n    signUploadParts(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n      parts {\n        partNumber\n        url\n      }\n    }\n  }\n": typeof types.SignUploadPartsDocument,
    "\n  query UploadedParts($bucket: String!, $key: String!, $uploadId: String!, $after: Int!, $store: String) {\n    bucket(name: $bucket, store: $store) {\n      name\n      multipartUpload(key: $key, uploadId: $uploadId) {\n        parts(after: $after, first: 1000) {\n          partNumber\n          size\n          eTag\n        }\n      }\n    }\n  }\n": typeof types.UploadedPartsDocument,
    "\n  mutation CompleteMultipartUpload($input: CompleteMultipartUploadInput!) {\n    completeMultipartUpload(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n      object {\n        key\n        size\n      }\n    }\n  }\n": typeof types.CompleteMultipartUploadDocument,
    "\n  mutation AbortMultipartUpload($input: AbortMultipartUploadInput!) {\n    abortMultipartUpload(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n    }\n  }\n": typeof types.AbortMultipartUploadDocument,
    "\n  query PendingUploads($bucket: String!, $prefix: String!, $after: String, $store: String) {\n    bucket(name: $bucket, store: $store) {\n      name\n      multipartUploads(prefix: $prefix, first: 100, after: $after) {\n        edges {\n          node {\n            key\n            uploadId\n            initiated\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": typeof types.PendingUploadsDocument,
    "\n  subscription FolderChanges($bucket: String!, $prefix: String, $store: String) {\n    objectChanged(bucket: $bucket, prefix: $prefix, store: $store) {\n      kind\n      key\n    }\n  }\n": typeof types.FolderChangesDocument,
    "\n  mutation DeleteObjects($input: DeleteObjectsInput!) {\n    deleteObjects(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n      job {\n        id\n      }\n    }\n  }\n": typeof types.DeleteObjectsDocument,
    "\n  query Search(\n    $bucket: String!\n    $prefix: String!\n    $nameContains: String\n    $glob: String\n    $minSize: SafeInt\n    $maxSize: SafeInt\n    $modifiedAfter: DateTime\n    $modifiedBefore: DateTime\n    $after: String\n  ) {\n    bucket(name: $bucket) {\n      name\n      search(\n        prefix: $prefix\n        nameContains: $nameContains\n        glob: $glob\n        minSize: $minSize\n        maxSize: $maxSize\n        modifiedAfter: $modifiedAfter\n        modifiedBefore: $modifiedBefore\n        first: 100\n        after: $after\n      ) {\n        edges {\n          node {\n            key\n            size\n            lastModified\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": typeof types.SearchDocument,
    "\n  mutation CreateFolder($input: CreateFolderInput!) {\n    createFolder(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n    }\n  }\n": typeof types.CreateFolderDocument,
    "\n  query FolderSummary($bucket: String!, $prefix: String!, $maxAgeSeconds: Int) {\n    bucket(name: $bucket) {\n      name\n      summary(prefix: $prefix, maxAgeSeconds: $maxAgeSeconds) {\n        objects\n        bytes\n        ageSeconds\n        job {\n          id\n        }\n      }\n    }\n  }\n": typeof types.FolderSummaryDocument,
    "\n  mutation CreateArchive($input: CreateArchiveInput!) {\n    createArchive(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n      url\n      refused\n    }\n  }\n": typeof types.CreateArchiveDocument,
    "\n  query ShareLink($bucket: String!, $key: String!, $expiresIn: Int!) {\n    object(bucket: $bucket, key: $key) {\n      key\n      downloadUrl(expiresIn: $expiresIn)\n    }\n  }\n": typeof types.ShareLinkDocument,
    "\n  query Stores {\n    stores {\n      name\n      default\n    }\n  }\n": typeof types.StoresDocument,
    "\n  query ObjectVersions($bucket: String!, $key: String!) {\n    bucket(name: $bucket) {\n      objectVersions(prefix: $key, first: 50) {\n        edges {\n          node {\n            key\n            versionId\n            isLatest\n            isDeleteMarker\n            size\n            lastModified\n            object {\n              contentType\n              gatewayUrl\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.ObjectVersionsDocument,
    "\n  mutation RestoreVersion($input: RestoreObjectVersionInput!) {\n    restoreObjectVersion(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n    }\n  }\n": typeof types.RestoreVersionDocument,
    "\n  mutation DeleteVersion($input: DeleteObjectInput!) {\n    deleteObject(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n    }\n  }\n": typeof types.DeleteVersionDocument,
    "\n  mutation RestoreFolder($input: RestorePrefixInput!) {\n    restorePrefix(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n      job {\n        id\n      }\n    }\n  }\n": typeof types.RestoreFolderDocument,
};
const documents: Documents = {
    "\n  query ObjectLabels($bucket: String!, $key: String!) {\n    object(bucket: $bucket, key: $key) {\n      contentType\n      cacheControl\n      contentDisposition\n      metadata {\n        key\n        value\n      }\n      retention {\n        mode\n        retainUntil\n      }\n      legalHold\n    }\n  }\n": types.ObjectLabelsDocument,
    "\n  query ObjectTags($bucket: String!, $key: String!) {\n    object(bucket: $bucket, key: $key) {\n      tags {\n        key\n        value\n      }\n    }\n  }\n": types.ObjectTagsDocument,
    "\n  mutation SetTags($input: SetObjectTagsInput!) {\n    setObjectTags(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n    }\n  }\n": types.SetTagsDocument,
    "\n  mutation UpdateHeaders($input: UpdateObjectInput!) {\n    updateObject(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n    }\n  }\n": types.UpdateHeadersDocument,
    "\n  mutation SetRetention($input: SetObjectRetentionInput!) {\n    setObjectRetention(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n    }\n  }\n": types.SetRetentionDocument,
    "\n  mutation SetLegalHold($input: SetObjectLegalHoldInput!) {\n    setObjectLegalHold(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n    }\n  }\n": types.SetLegalHoldDocument,
    "\n  query Buckets($store: String) {\n    buckets(store: $store) {\n      name\n    }\n  }\n": types.BucketsDocument,
    "\n  query Folder($bucket: String!, $prefix: String!, $after: String, $store: String) {\n    bucket(name: $bucket, store: $store) {\n      name\n      entries(prefix: $prefix, first: 200, after: $after) {\n        edges {\n          node {\n            __typename\n            ... on Prefix {\n              prefix\n              name\n            }\n            ... on S3Object {\n              key\n              size\n              lastModified\n            }\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": types.FolderDocument,
    "\n  query ObjectDetails($bucket: String!, $key: String!, $store: String) {\n    object(bucket: $bucket, key: $key, store: $store) {\n      key\n      size\n      contentType\n      gatewayUrl\n    }\n  }\n": types.ObjectDetailsDocument,
    "\n  mutation PutFile($input: PutObjectInput!) {\n    putObject(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n      object {\n        key\n        size\n      }\n    }\n  }\n": types.PutFileDocument,
    "\n  mutation MoveObject($input: MoveObjectInput!) {\n    moveObject(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n    }\n  }\n": types.MoveObjectDocument,
    "\n  mutation CopyObject($input: CopyObjectInput!) {\n    copyObject(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n    }\n  }\n": types.CopyObjectDocument,
    "\n  mutation DeleteObject($input: DeleteObjectInput!) {\n    deleteObject(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n    }\n  }\n": types.DeleteObjectDocument,
    "\n  mutation DeleteFolder($input: DeletePrefixInput!) {\n    deletePrefix(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n      job {\n        id\n      }\n    }\n  }\n": types.DeleteFolderDocument,
    "\n  mutation MoveFolder($input: MovePrefixInput!) {\n    movePrefix(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n      job {\n        id\n      }\n    }\n  }\n": types.MoveFolderDocument,
    "\n  subscription JobProgress($id: ID!) {\n    job(id: $id) {\n      state\n      done\n      succeeded\n      failed\n      error {\n        code\n        message\n      }\n    }\n  }\n": types.JobProgressDocument,
    "\n  mutation CreateMultipartUpload($input: CreateMultipartUploadInput!) {\n    createMultipartUpload(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n      upload {\n        bucket\n        key\n        uploadId\n        partSize\n      }\n    }\n  }\n": types.CreateMultipartUploadDocument,
    "\n  mutation SignUploadParts($input: SignUploadPartsInput!) {\n    signUploadParts(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n      parts {\n        partNumber\n        url\n      }\n    }\n  }\n": types.SignUploadPartsDocument,
    "\n  query UploadedParts($bucket: String!, $key: String!, $uploadId: String!, $after: Int!, $store: String) {\n    bucket(name: $bucket, store: $store) {\n      name\n      multipartUpload(key: $key, uploadId: $uploadId) {\n        parts(after: $after, first: 1000) {\n          partNumber\n          size\n          eTag\n        }\n      }\n    }\n  }\n": types.UploadedPartsDocument,
    "\n  mutation CompleteMultipartUpload($input: CompleteMultipartUploadInput!) {\n    completeMultipartUpload(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n      object {\n        key\n        size\n      }\n    }\n  }\n": types.CompleteMultipartUploadDocument,
    "\n  mutation AbortMultipartUpload($input: AbortMultipartUploadInput!) {\n    abortMultipartUpload(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n    }\n  }\n": types.AbortMultipartUploadDocument,
    "\n  query PendingUploads($bucket: String!, $prefix: String!, $after: String, $store: String) {\n    bucket(name: $bucket, store: $store) {\n      name\n      multipartUploads(prefix: $prefix, first: 100, after: $after) {\n        edges {\n          node {\n            key\n            uploadId\n            initiated\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": types.PendingUploadsDocument,
    "\n  subscription FolderChanges($bucket: String!, $prefix: String, $store: String) {\n    objectChanged(bucket: $bucket, prefix: $prefix, store: $store) {\n      kind\n      key\n    }\n  }\n": types.FolderChangesDocument,
    "\n  mutation DeleteObjects($input: DeleteObjectsInput!) {\n    deleteObjects(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n      job {\n        id\n      }\n    }\n  }\n": types.DeleteObjectsDocument,
    "\n  query Search(\n    $bucket: String!\n    $prefix: String!\n    $nameContains: String\n    $glob: String\n    $minSize: SafeInt\n    $maxSize: SafeInt\n    $modifiedAfter: DateTime\n    $modifiedBefore: DateTime\n    $after: String\n  ) {\n    bucket(name: $bucket) {\n      name\n      search(\n        prefix: $prefix\n        nameContains: $nameContains\n        glob: $glob\n        minSize: $minSize\n        maxSize: $maxSize\n        modifiedAfter: $modifiedAfter\n        modifiedBefore: $modifiedBefore\n        first: 100\n        after: $after\n      ) {\n        edges {\n          node {\n            key\n            size\n            lastModified\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": types.SearchDocument,
    "\n  mutation CreateFolder($input: CreateFolderInput!) {\n    createFolder(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n    }\n  }\n": types.CreateFolderDocument,
    "\n  query FolderSummary($bucket: String!, $prefix: String!, $maxAgeSeconds: Int) {\n    bucket(name: $bucket) {\n      name\n      summary(prefix: $prefix, maxAgeSeconds: $maxAgeSeconds) {\n        objects\n        bytes\n        ageSeconds\n        job {\n          id\n        }\n      }\n    }\n  }\n": types.FolderSummaryDocument,
    "\n  mutation CreateArchive($input: CreateArchiveInput!) {\n    createArchive(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n      url\n      refused\n    }\n  }\n": types.CreateArchiveDocument,
    "\n  query ShareLink($bucket: String!, $key: String!, $expiresIn: Int!) {\n    object(bucket: $bucket, key: $key) {\n      key\n      downloadUrl(expiresIn: $expiresIn)\n    }\n  }\n": types.ShareLinkDocument,
    "\n  query Stores {\n    stores {\n      name\n      default\n    }\n  }\n": types.StoresDocument,
    "\n  query ObjectVersions($bucket: String!, $key: String!) {\n    bucket(name: $bucket) {\n      objectVersions(prefix: $key, first: 50) {\n        edges {\n          node {\n            key\n            versionId\n            isLatest\n            isDeleteMarker\n            size\n            lastModified\n            object {\n              contentType\n              gatewayUrl\n            }\n          }\n        }\n      }\n    }\n  }\n": types.ObjectVersionsDocument,
    "\n  mutation RestoreVersion($input: RestoreObjectVersionInput!) {\n    restoreObjectVersion(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n    }\n  }\n": types.RestoreVersionDocument,
    "\n  mutation DeleteVersion($input: DeleteObjectInput!) {\n    deleteObject(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n    }\n  }\n": types.DeleteVersionDocument,
    "\n  mutation RestoreFolder($input: RestorePrefixInput!) {\n    restorePrefix(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n      job {\n        id\n      }\n    }\n  }\n": types.RestoreFolderDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ObjectLabels($bucket: String!, $key: String!) {\n    object(bucket: $bucket, key: $key) {\n      contentType\n      cacheControl\n      contentDisposition\n      metadata {\n        key\n        value\n      }\n      retention {\n        mode\n        retainUntil\n      }\n      legalHold\n    }\n  }\n"): typeof import('./graphql').ObjectLabelsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ObjectTags($bucket: String!, $key: String!) {\n    object(bucket: $bucket, key: $key) {\n      tags {\n        key\n        value\n      }\n    }\n  }\n"): typeof import('./graphql').ObjectTagsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetTags($input: SetObjectTagsInput!) {\n    setObjectTags(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n    }\n  }\n"): typeof import('./graphql').SetTagsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateHeaders($input: UpdateObjectInput!) {\n    updateObject(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n    }\n  }\n"): typeof import('./graphql').UpdateHeadersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetRetention($input: SetObjectRetentionInput!) {\n    setObjectRetention(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n    }\n  }\n"): typeof import('./graphql').SetRetentionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetLegalHold($input: SetObjectLegalHoldInput!) {\n    setObjectLegalHold(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n    }\n  }\n"): typeof import('./graphql').SetLegalHoldDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Buckets($store: String) {\n    buckets(store: $store) {\n      name\n    }\n  }\n"): typeof import('./graphql').BucketsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Folder($bucket: String!, $prefix: String!, $after: String, $store: String) {\n    bucket(name: $bucket, store: $store) {\n      name\n      entries(prefix: $prefix, first: 200, after: $after) {\n        edges {\n          node {\n            __typename\n            ... on Prefix {\n              prefix\n              name\n            }\n            ... on S3Object {\n              key\n              size\n              lastModified\n            }\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').FolderDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ObjectDetails($bucket: String!, $key: String!, $store: String) {\n    object(bucket: $bucket, key: $key, store: $store) {\n      key\n      size\n      contentType\n      gatewayUrl\n    }\n  }\n"): typeof import('./graphql').ObjectDetailsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PutFile($input: PutObjectInput!) {\n    putObject(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n      object {\n        key\n        size\n      }\n    }\n  }\n"): typeof import('./graphql').PutFileDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MoveObject($input: MoveObjectInput!) {\n    moveObject(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n    }\n  }\n"): typeof import('./graphql').MoveObjectDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CopyObject($input: CopyObjectInput!) {\n    copyObject(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n    }\n  }\n"): typeof import('./graphql').CopyObjectDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteObject($input: DeleteObjectInput!) {\n    deleteObject(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n    }\n  }\n"): typeof import('./graphql').DeleteObjectDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteFolder($input: DeletePrefixInput!) {\n    deletePrefix(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n      job {\n        id\n      }\n    }\n  }\n"): typeof import('./graphql').DeleteFolderDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MoveFolder($input: MovePrefixInput!) {\n    movePrefix(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n      job {\n        id\n      }\n    }\n  }\n"): typeof import('./graphql').MoveFolderDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription JobProgress($id: ID!) {\n    job(id: $id) {\n      state\n      done\n      succeeded\n      failed\n      error {\n        code\n        message\n      }\n    }\n  }\n"): typeof import('./graphql').JobProgressDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateMultipartUpload($input: CreateMultipartUploadInput!) {\n    createMultipartUpload(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n      upload {\n        bucket\n        key\n        uploadId\n        partSize\n      }\n    }\n  }\n"): typeof import('./graphql').CreateMultipartUploadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignUploadParts($input: SignUploadPartsInput!) {\n    signUploadParts(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n      parts {\n        partNumber\n        url\n      }\n    }\n  }\n"): typeof import('./graphql').SignUploadPartsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UploadedParts($bucket: String!, $key: String!, $uploadId: String!, $after: Int!, $store: String) {\n    bucket(name: $bucket, store: $store) {\n      name\n      multipartUpload(key: $key, uploadId: $uploadId) {\n        parts(after: $after, first: 1000) {\n          partNumber\n          size\n          eTag\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').UploadedPartsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CompleteMultipartUpload($input: CompleteMultipartUploadInput!) {\n    completeMultipartUpload(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n      object {\n        key\n        size\n      }\n    }\n  }\n"): typeof import('./graphql').CompleteMultipartUploadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AbortMultipartUpload($input: AbortMultipartUploadInput!) {\n    abortMultipartUpload(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n    }\n  }\n"): typeof import('./graphql').AbortMultipartUploadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PendingUploads($bucket: String!, $prefix: String!, $after: String, $store: String) {\n    bucket(name: $bucket, store: $store) {\n      name\n      multipartUploads(prefix: $prefix, first: 100, after: $after) {\n        edges {\n          node {\n            key\n            uploadId\n            initiated\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').PendingUploadsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription FolderChanges($bucket: String!, $prefix: String, $store: String) {\n    objectChanged(bucket: $bucket, prefix: $prefix, store: $store) {\n      kind\n      key\n    }\n  }\n"): typeof import('./graphql').FolderChangesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteObjects($input: DeleteObjectsInput!) {\n    deleteObjects(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n      job {\n        id\n      }\n    }\n  }\n"): typeof import('./graphql').DeleteObjectsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Search(\n    $bucket: String!\n    $prefix: String!\n    $nameContains: String\n    $glob: String\n    $minSize: SafeInt\n    $maxSize: SafeInt\n    $modifiedAfter: DateTime\n    $modifiedBefore: DateTime\n    $after: String\n  ) {\n    bucket(name: $bucket) {\n      name\n      search(\n        prefix: $prefix\n        nameContains: $nameContains\n        glob: $glob\n        minSize: $minSize\n        maxSize: $maxSize\n        modifiedAfter: $modifiedAfter\n        modifiedBefore: $modifiedBefore\n        first: 100\n        after: $after\n      ) {\n        edges {\n          node {\n            key\n            size\n            lastModified\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').SearchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateFolder($input: CreateFolderInput!) {\n    createFolder(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n    }\n  }\n"): typeof import('./graphql').CreateFolderDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FolderSummary($bucket: String!, $prefix: String!, $maxAgeSeconds: Int) {\n    bucket(name: $bucket) {\n      name\n      summary(prefix: $prefix, maxAgeSeconds: $maxAgeSeconds) {\n        objects\n        bytes\n        ageSeconds\n        job {\n          id\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').FolderSummaryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateArchive($input: CreateArchiveInput!) {\n    createArchive(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n      url\n      refused\n    }\n  }\n"): typeof import('./graphql').CreateArchiveDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ShareLink($bucket: String!, $key: String!, $expiresIn: Int!) {\n    object(bucket: $bucket, key: $key) {\n      key\n      downloadUrl(expiresIn: $expiresIn)\n    }\n  }\n"): typeof import('./graphql').ShareLinkDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Stores {\n    stores {\n      name\n      default\n    }\n  }\n"): typeof import('./graphql').StoresDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ObjectVersions($bucket: String!, $key: String!) {\n    bucket(name: $bucket) {\n      objectVersions(prefix: $key, first: 50) {\n        edges {\n          node {\n            key\n            versionId\n            isLatest\n            isDeleteMarker\n            size\n            lastModified\n            object {\n              contentType\n              gatewayUrl\n            }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').ObjectVersionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RestoreVersion($input: RestoreObjectVersionInput!) {\n    restoreObjectVersion(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n    }\n  }\n"): typeof import('./graphql').RestoreVersionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteVersion($input: DeleteObjectInput!) {\n    deleteObject(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n    }\n  }\n"): typeof import('./graphql').DeleteVersionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RestoreFolder($input: RestorePrefixInput!) {\n    restorePrefix(input: $input) {\n      success\n      error {\n        code\n        message\n      }\n      job {\n        id\n      }\n    }\n  }\n"): typeof import('./graphql').RestoreFolderDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
