import { GetObjectLockConfigurationCommand, PutObjectLegalHoldCommand, PutObjectRetentionCommand } from '@aws-sdk/client-s3';
import { InvalidInputError, NotSupportedError } from '../errors.js';
import { type S3Access, withS3Errors } from './access.js';
import { isMissingObjectLockConfiguration } from './errors.js';
import type { ObjectLocation, RetentionMode } from './types.js';
import { assertBucketName, assertObjectKey } from './validation.js';

/** Object lock (WORM): a version's retention (until when it cannot be deleted or overwritten) and its legal hold. */

const RETENTION_MODES: readonly RetentionMode[] = ['GOVERNANCE', 'COMPLIANCE'];
// S3 caps a retain-until date at about 100 years ahead.
const MAX_RETENTION_YEARS = 100;

function assertLocation({ bucket, key }: ObjectLocation): void {
  assertBucketName(bucket);
  assertObjectKey(key);
}

export interface RetentionRequest {
  mode: RetentionMode;
  retainUntil: Date;
  /** GOVERNANCE only: shorten or remove a retention, which needs the store's s3:BypassGovernanceRetention. */
  bypassGovernance: boolean;
}

export async function setObjectRetention(access: S3Access, location: ObjectLocation, request: RetentionRequest): Promise<void> {
  assertLocation(location);
  if (!RETENTION_MODES.includes(request.mode)) throw new InvalidInputError('mode must be GOVERNANCE or COMPLIANCE.');
  if (Number.isNaN(request.retainUntil.getTime()) || request.retainUntil.getTime() <= Date.now()) {
    throw new InvalidInputError('retainUntil must be a date in the future.');
  }
  const latest = new Date();
  latest.setUTCFullYear(latest.getUTCFullYear() + MAX_RETENTION_YEARS);
  if (request.retainUntil > latest) throw new InvalidInputError(`retainUntil may be at most ${MAX_RETENTION_YEARS} years ahead.`);
  await withS3Errors(access, { ...location, operation: 'object lock (retention)' }, () =>
    access.client.send(
      new PutObjectRetentionCommand({
        Bucket: location.bucket,
        Key: location.key,
        Retention: { Mode: request.mode, RetainUntilDate: request.retainUntil },
        BypassGovernanceRetention: request.bypassGovernance || undefined,
      }),
    ),
  );
}

export async function setObjectLegalHold(access: S3Access, location: ObjectLocation, on: boolean): Promise<void> {
  assertLocation(location);
  await withS3Errors(access, { ...location, operation: 'object lock (legal hold)' }, () =>
    access.client.send(
      new PutObjectLegalHoldCommand({ Bucket: location.bucket, Key: location.key, LegalHold: { Status: on ? 'ON' : 'OFF' } }),
    ),
  );
}

/**
 * Whether object lock is enabled on the bucket: after a CreateBucket that asked for it, this tells a store that
 * ignored the request (or a bucket that already existed without it) from one that honoured it.
 */
export async function assertObjectLockEnabled(access: S3Access, bucket: string): Promise<void> {
  const enabled = await withS3Errors(access, { bucket, operation: 'object lock' }, async () => {
    try {
      const { ObjectLockConfiguration } = await access.client.send(new GetObjectLockConfigurationCommand({ Bucket: bucket }));
      return ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled';
    } catch (error) {
      if (isMissingObjectLockConfiguration(error)) return false;
      throw error;
    }
  });
  if (!enabled) {
    throw new NotSupportedError(`object lock on bucket "${bucket}" (it exists without it; object lock can only be enabled at creation)`);
  }
}
