import { graphql } from './gql/index.js';

/**
 * Every operation the object browser sends, typed from schema.graphql by graphql-codegen's client preset. Those that name a
 * bucket take `$store`, which web/src/stores.ts fills in for a store other than the default one.
 */

export const BucketsQuery = graphql(`
  query Buckets($store: String) {
    buckets(store: $store) {
      name
    }
  }
`);

export const FolderQuery = graphql(`
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
`);

export const ObjectQuery = graphql(`
  query ObjectDetails($bucket: String!, $key: String!, $store: String) {
    object(bucket: $bucket, key: $key, store: $store) {
      key
      size
      contentType
      gatewayUrl
    }
  }
`);

export const PutObjectMutation = graphql(`
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
`);

export const MoveObjectMutation = graphql(`
  mutation MoveObject($input: MoveObjectInput!) {
    moveObject(input: $input) {
      success
      error {
        code
        message
      }
    }
  }
`);

export const CopyObjectMutation = graphql(`
  mutation CopyObject($input: CopyObjectInput!) {
    copyObject(input: $input) {
      success
      error {
        code
        message
      }
    }
  }
`);

export const DeleteObjectMutation = graphql(`
  mutation DeleteObject($input: DeleteObjectInput!) {
    deleteObject(input: $input) {
      success
      error {
        code
        message
      }
    }
  }
`);

export const DeleteFolderMutation = graphql(`
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
`);

export const MoveFolderMutation = graphql(`
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
`);

export const JobSubscription = graphql(`
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
`);

export const CreateMultipartUploadMutation = graphql(`
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
`);

export const SignUploadPartsMutation = graphql(`
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
`);

export const UploadedPartsQuery = graphql(`
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
`);

export const CompleteMultipartUploadMutation = graphql(`
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
`);

export const AbortMultipartUploadMutation = graphql(`
  mutation AbortMultipartUpload($input: AbortMultipartUploadInput!) {
    abortMultipartUpload(input: $input) {
      success
      error {
        code
        message
      }
    }
  }
`);

export const PendingUploadsQuery = graphql(`
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
`);

export const ObjectChangedSubscription = graphql(`
  subscription FolderChanges($bucket: String!, $prefix: String, $store: String) {
    objectChanged(bucket: $bucket, prefix: $prefix, store: $store) {
      kind
      key
    }
  }
`);

export const DeleteObjectsMutation = graphql(`
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
`);

export const SearchQuery = graphql(`
  query Search(
    $bucket: String!
    $prefix: String!
    $nameContains: String
    $glob: String
    $minSize: SafeInt
    $maxSize: SafeInt
    $modifiedAfter: DateTime
    $modifiedBefore: DateTime
    $after: String
  ) {
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
`);

export const CreateFolderMutation = graphql(`
  mutation CreateFolder($input: CreateFolderInput!) {
    createFolder(input: $input) {
      success
      error {
        code
        message
      }
    }
  }
`);

export const FolderSummaryQuery = graphql(`
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
`);

export const CreateArchiveMutation = graphql(`
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
`);

export const ShareLinkQuery = graphql(`
  query ShareLink($bucket: String!, $key: String!, $expiresIn: Int!) {
    object(bucket: $bucket, key: $key) {
      key
      downloadUrl(expiresIn: $expiresIn)
    }
  }
`);
