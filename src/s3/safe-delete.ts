import { randomUUID } from 'node:crypto';
import { DeleteObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type S3Access, withS3Errors } from './access.js';
import { GatewayError } from '../errors.js';
import { httpStatusOf } from './errors.js';
import { headObject } from './objects.js';
import type { ObjectLocation } from './types.js';
import { olderVersionIds } from './versions.js';

/**
 * The delete that ends a move, which must never take a write that raced the move with it. In a versioned bucket it deletes
 * exactly the version that was copied; elsewhere it deletes the key only while it still holds what was copied: with
 * If-Match where the store honours it, otherwise after a HeadObject that says so (a write landing between the two is lost).
 */

/** The source of a move as it was copied. */
export interface CopiedSource extends ObjectLocation {
  eTag: string | undefined;
  /** The version CopyObject copied (x-amz-copy-source-version-id); undefined in a bucket that never had versioning. */
  versionId: string | undefined;
}

/** Whether the store honours If-Match on DeleteObject, learned once per client. */
const conditionalDeleteSupport = new WeakMap<S3Client, Promise<boolean>>();

/**
 * Asks once per store, with a DeleteObject of a key that does not exist and an ETag nothing has: a store that honours
 * If-Match refuses it (412, or 404 for the missing key), one that ignores the header answers 204 having deleted nothing.
 * Only asked in a bucket that never had versioning, where that delete leaves no delete marker behind.
 */
export function honoursConditionalDelete(access: S3Access, bucket: string): Promise<boolean> {
  let known = conditionalDeleteSupport.get(access.client);
  if (known === undefined) {
    known = access.client
      .send(
        new DeleteObjectCommand({
          Bucket: bucket,
          Key: `.s3-graphql-gateway/conditional-delete-probe/${randomUUID()}`,
          IfMatch: '"00000000000000000000000000000000"',
        }),
      )
      .then(
        () => false,
        (error: unknown) => {
          const status = httpStatusOf(error);
          if (status === 412 || status === 404) return true;
          if (status === 501 || status === 400) return false;
          // Not an answer about the header (the store unreachable): ask again next time.
          conditionalDeleteSupport.delete(access.client);
          throw error;
        },
      );
    conditionalDeleteSupport.set(access.client, known);
  }
  return withS3Errors(access, { bucket }, () => known);
}

async function deleteKey(access: S3Access, { bucket, key }: ObjectLocation, options: { versionId?: string; ifMatch?: string } = {}) {
  await withS3Errors(access, { bucket, key }, () =>
    access.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: options.versionId, IfMatch: options.ifMatch })),
  );
}

/** Deletes the version that was copied; if an older version then became the latest (no write raced), a delete marker hides it. */
async function deleteCopiedVersion(access: S3Access, source: CopiedSource & { versionId: string }): Promise<void> {
  const older = new Set(await olderVersionIds(access, source, source.versionId));
  await deleteKey(access, source, { versionId: source.versionId });
  if (older.size === 0) return;
  const latest = await headObject(access, { bucket: source.bucket, key: source.key });
  if (latest?.versionId !== undefined && older.has(latest.versionId)) await deleteKey(access, source);
}

/** Deletes the key only while it holds the content that was copied: a newer write stays. */
async function deleteIfUnchanged(access: S3Access, source: CopiedSource, mayProbe: boolean): Promise<void> {
  if (source.eTag !== undefined && mayProbe && (await honoursConditionalDelete(access, source.bucket))) {
    try {
      await deleteKey(access, source, { ifMatch: source.eTag });
    } catch (error) {
      // A newer write is there and stays, or the key is gone already.
      if (!(error instanceof GatewayError && (error.code === 'PRECONDITION_FAILED' || error.code === 'NO_SUCH_KEY'))) throw error;
    }
    return;
  }
  const current = await headObject(access, { bucket: source.bucket, key: source.key });
  if (current === null || (source.eTag !== undefined && current.eTag !== source.eTag)) return;
  await deleteKey(access, source);
}

/** Ends a move: deletes its source as it was copied, never a write that landed since. */
export async function deleteMovedSource(access: S3Access, source: CopiedSource): Promise<void> {
  // "null" is the version of a write made while versioning was off: a racing write replaces it under the same id.
  if (source.versionId !== undefined && source.versionId !== 'null') {
    await deleteCopiedVersion(access, { ...source, versionId: source.versionId });
    return;
  }
  await deleteIfUnchanged(access, source, source.versionId === undefined);
}
