import type { Context } from '../context.js';
import type { ObjectLocation, ObjectTag, RetentionMode } from '../s3/types.js';
import type { ObjectModel } from './models.js';
import { metadataRecord, storeOf, type StoreArgs } from './object-mutations.js';
import { attempt, type Payload } from './payload.js';

/** An object's labels and protection: its tags, its headers changed in place, its retention and legal hold. */

export function objectTags(context: Context, object: ObjectModel): Promise<ObjectTag[]> {
  return context.stores.get(object.store).objectTags({ bucket: object.bucket, key: object.key });
}

export interface SetObjectTagsArgs extends ObjectLocation, StoreArgs {
  tags: ObjectTag[];
}

export function setObjectTags(context: Context, args: SetObjectTagsArgs): Promise<Payload<ObjectModel>> {
  return attempt(context, async () => {
    await context.stores.get(args.store).setObjectTags({ bucket: args.bucket, key: args.key }, args.tags);
    return { ...storeOf(args), bucket: args.bucket, key: args.key };
  });
}

export interface UpdateObjectArgs extends ObjectLocation, StoreArgs {
  contentType?: string | null;
  metadata?: { key: string; value: string }[] | null;
  cacheControl?: string | null;
  contentDisposition?: string | null;
}

export function updateObject(context: Context, args: UpdateObjectArgs): Promise<Payload<ObjectModel>> {
  return attempt(context, async (): Promise<ObjectModel> => {
    const written = await context.stores.get(args.store).updateObject(
      { bucket: args.bucket, key: args.key },
      {
        contentType: args.contentType ?? undefined,
        metadata: args.metadata === null || args.metadata === undefined ? undefined : metadataRecord(args.metadata),
        cacheControl: args.cacheControl ?? undefined,
        contentDisposition: args.contentDisposition ?? undefined,
      },
    );
    return { ...storeOf(args), bucket: written.bucket, key: written.key, size: written.size, eTag: written.eTag };
  });
}

export interface SetObjectRetentionArgs extends ObjectLocation, StoreArgs {
  mode: RetentionMode;
  retainUntil: Date;
  bypassGovernance?: boolean | null;
}

export function setObjectRetention(context: Context, args: SetObjectRetentionArgs): Promise<Payload<ObjectModel>> {
  return attempt(context, async () => {
    await context.stores
      .get(args.store)
      .setObjectRetention(
        { bucket: args.bucket, key: args.key },
        { mode: args.mode, retainUntil: args.retainUntil, bypassGovernance: args.bypassGovernance ?? false },
      );
    return { ...storeOf(args), bucket: args.bucket, key: args.key };
  });
}

export interface SetObjectLegalHoldArgs extends ObjectLocation, StoreArgs {
  legalHold: boolean;
}

export function setObjectLegalHold(context: Context, args: SetObjectLegalHoldArgs): Promise<Payload<ObjectModel>> {
  return attempt(context, async () => {
    await context.stores.get(args.store).setObjectLegalHold({ bucket: args.bucket, key: args.key }, args.legalHold);
    return { ...storeOf(args), bucket: args.bucket, key: args.key };
  });
}
