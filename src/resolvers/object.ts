import type { Context } from '../context.js';
import { NoSuchKeyError } from '../errors.js';
import type { StoredLocation } from '../context.js';
import type { ObjectDetails } from '../s3/types.js';
import { downloadPath } from '../shared/routes.js';
import type { ObjectModel } from './models.js';
import { TurnQueue } from './turn-queue.js';
import { storeOf } from './object-mutations.js';

// A signature takes about a millisecond of CPU: 16 hold the event loop for some 16 ms at most.
const PRESIGNS_PER_TURN = 16;
const presigning = new TurnQueue(PRESIGNS_PER_TURN);

/**
 * The object, or the version of it asked for. The model's versionId is the version asked for only, so that the content
 * fields of an object asked for without one read its latest content, as before versions existed.
 */
export async function findObject(context: Context, location: StoredLocation): Promise<ObjectModel | null> {
  const details = await context.objectDetails.load(location);
  if (details === null) return null;
  return { ...details, versionId: location.versionId, ...storeOf(location) };
}

async function loadDetails(context: Context, object: ObjectModel): Promise<ObjectDetails> {
  const details = await context.objectDetails.load({
    store: object.store,
    bucket: object.bucket,
    key: object.key,
    versionId: object.versionId,
  });
  if (details === null) throw new NoSuchKeyError(object.bucket, object.key);
  return details;
}

/**
 * A field the model already holds costs nothing and is answered synchronously (a page of 1000 objects would
 * otherwise make thousands of promises); any other is answered by one (shared) HeadObject.
 */
export function objectField<K extends keyof ObjectDetails>(
  context: Context,
  object: ObjectModel,
  field: K,
): ObjectDetails[K] | Promise<ObjectDetails[K]> {
  const known = object[field];
  if (known !== undefined) return known as ObjectDetails[K];
  return loadDetails(context, object).then((details) => details[field]);
}

export async function objectMetadata(context: Context, object: ObjectModel): Promise<{ key: string; value: string }[]> {
  const metadata = await objectField(context, object, 'metadata');
  return Object.entries(metadata).map(([key, value]) => ({ key: key.toLowerCase(), value }));
}

/** Bytes of the base64 of `bytes` bytes. */
export const base64Length = (bytes: number): number => Math.ceil(bytes / 3) * 4;

/** The content, read once per request; what the field answers (`answerBytes` of it) is held too, so it is counted first. */
async function objectContent(context: Context, object: ObjectModel, answerBytes: (size: number) => number): Promise<Buffer> {
  const { eTag, size } =
    object.eTag !== undefined && object.size !== undefined ? { eTag: object.eTag, size: object.size } : await loadDetails(context, object);
  // The read refuses content above the inline limit (ENTITY_TOO_LARGE) before holding more than that.
  const heldBytes = Math.min(size, context.limits.maxInlineBytes);
  context.inlineBytes.take(answerBytes(heldBytes));
  return context.objectContent.load({
    store: object.store,
    bucket: object.bucket,
    key: object.key,
    versionId: object.versionId,
    eTag,
    heldBytes,
  });
}

export async function documentText(context: Context, object: ObjectModel): Promise<string> {
  return (await objectContent(context, object, (size) => size)).toString('utf8');
}

export async function documentBase64(context: Context, object: ObjectModel): Promise<string> {
  return (await objectContent(context, object, base64Length)).toString('base64');
}

/** Presigned URLs are signed a few per turn of the event loop, with those of every other request, in order. */
export function downloadUrl(context: Context, object: ObjectModel, expiresIn: number, versionId: string | undefined): Promise<string> {
  const location = { bucket: object.bucket, key: object.key, versionId: versionId ?? object.versionId };
  return presigning.run(() => context.stores.get(object.store).presignDownload(location, expiresIn));
}

/** The object through the gateway's own download route, for clients that cannot reach the S3 endpoint. */
export function gatewayUrl(context: Context, object: ObjectModel, versionId: string | undefined): string {
  return context.publicOrigin + downloadPath(object.bucket, object.key, versionId ?? object.versionId, object.store);
}

/** The content of the version asked for by the field (or the object's own): a model of that version only. */
export function objectDocument(object: ObjectModel, versionId: string | undefined): ObjectModel {
  return versionId === undefined ? object : { store: object.store, bucket: object.bucket, key: object.key, versionId };
}
