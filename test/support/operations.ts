/** The mutations of the public API as clients send them, shared by the end-to-end tests. */

const OBJECT_FIELDS = 'key size eTag contentType lastModified metadata { key value }';

export const PUT_OBJECT = /* GraphQL */ `
  mutation Put($input: PutObjectInput!) { putObject(input: $input) { success error { code message } object { ${OBJECT_FIELDS} } } }
`;
export const COPY_OBJECT = /* GraphQL */ `
  mutation Copy($input: CopyObjectInput!) { copyObject(input: $input) { success error { code message } object { ${OBJECT_FIELDS} } } }
`;
export const MOVE_OBJECT = /* GraphQL */ `
  mutation Move($input: MoveObjectInput!) { moveObject(input: $input) { success error { code message } object { ${OBJECT_FIELDS} } } }
`;
export const DELETE_OBJECT = /* GraphQL */ `
  mutation Delete($input: DeleteObjectInput!) {
    deleteObject(input: $input) {
      success
      error {
        code
        message
      }
    }
  }
`;

export interface ObjectFields {
  key: string;
  size: number;
  eTag: string;
  contentType: string;
  lastModified: string;
  metadata: { key: string; value: string }[];
}

export interface Payload {
  success: boolean;
  error: { code: string; message: string } | null;
  object?: ObjectFields | null;
}
