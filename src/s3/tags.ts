import { GetObjectTaggingCommand, PutObjectTaggingCommand } from '@aws-sdk/client-s3';
import { InvalidInputError } from '../errors.js';
import { type S3Access, withS3Errors } from './access.js';
import type { ObjectLocation, ObjectTag } from './types.js';
import { assertBucketName, assertObjectKey } from './validation.js';

/** S3's rules for an object's tags: at most 10, unique keys, lengths in Unicode characters, a small set of characters. */
export const MAX_OBJECT_TAGS = 10;
const MAX_TAG_KEY_CHARACTERS = 128;
const MAX_TAG_VALUE_CHARACTERS = 256;
// Letters, numbers and spaces in any script, and + - = . _ : / @ (AWS's pattern for tags).
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

// S3 counts Unicode code points, not UTF-16 units.
const characters = (text: string): number => Array.from(text).length;

/** Refuses, before any S3 request, the tags S3 would refuse (InvalidTag), saying which rule and which tag. */
export function assertTags(tags: readonly ObjectTag[]): void {
  if (tags.length > MAX_OBJECT_TAGS)
    throw new InvalidInputError(`An object has at most ${MAX_OBJECT_TAGS} tags; ${tags.length} were given.`);
  const keys = new Set<string>();
  for (const { key, value } of tags) {
    if (characters(key) < 1 || characters(key) > MAX_TAG_KEY_CHARACTERS) {
      throw new InvalidInputError(`Tag keys are 1 to ${MAX_TAG_KEY_CHARACTERS} characters; "${key.slice(0, 40)}" is not.`);
    }
    if (characters(value) > MAX_TAG_VALUE_CHARACTERS) {
      throw new InvalidInputError(`Tag values are at most ${MAX_TAG_VALUE_CHARACTERS} characters; the value of "${key}" is longer.`);
    }
    if (!TAG_CHARACTERS.test(key) || !TAG_CHARACTERS.test(value)) {
      throw new InvalidInputError(`Tag "${key}" has a character S3 refuses: tags hold letters, numbers, spaces and + - = . _ : / @.`);
    }
    if (key.toLowerCase().startsWith('aws:')) throw new InvalidInputError(`Tag keys starting with "aws:" are reserved by AWS ("${key}").`);
    if (keys.has(key)) throw new InvalidInputError(`Tag key "${key}" is given twice.`);
    keys.add(key);
  }
}

/** The x-amz-tagging header of a write (PutObject, CreateMultipartUpload): the tags as a URL query; undefined for none. */
export function taggingHeader(tags: readonly ObjectTag[] | undefined): string | undefined {
  if (tags === undefined || tags.length === 0) return undefined;
  assertTags(tags);
  return tags.map(({ key, value }) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');
}

function assertLocation({ bucket, key }: ObjectLocation): void {
  assertBucketName(bucket);
  assertObjectKey(key);
}

export async function objectTags(access: S3Access, location: ObjectLocation): Promise<ObjectTag[]> {
  assertLocation(location);
  const { TagSet = [] } = await withS3Errors(access, { ...location, operation: 'object tags' }, () =>
    access.client.send(new GetObjectTaggingCommand({ Bucket: location.bucket, Key: location.key })),
  );
  return TagSet.map(({ Key = '', Value = '' }) => ({ key: Key, value: Value }));
}

/** Replaces every tag of the object, or of one version of it (an empty list removes them all). */
export async function setObjectTags(
  access: S3Access,
  location: ObjectLocation,
  tags: readonly ObjectTag[],
  versionId?: string,
): Promise<void> {
  assertLocation(location);
  assertTags(tags);
  await withS3Errors(access, { ...location, operation: 'object tags' }, () =>
    access.client.send(
      new PutObjectTaggingCommand({
        Bucket: location.bucket,
        Key: location.key,
        VersionId: versionId,
        Tagging: { TagSet: tags.map(({ key, value }) => ({ Key: key, Value: value })) },
      }),
    ),
  );
}
