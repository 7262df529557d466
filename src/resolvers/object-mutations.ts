import type { Readable } from 'node:stream';
import type { Context } from '../context.js';
import { EntityTooLargeError, GatewayError, InvalidInputError } from '../errors.js';
import type { ObjectLocation, ObjectTag, ObjectWriteOptions, ServerSideEncryption } from '../s3/types.js';
import type { UploadedFile } from '../shared/uploaded-file.js';
import type { ObjectModel } from './models.js';
import { attempt, type Payload } from './payload.js';

/** The optional headers of a write as the graph takes them (putObject, createMultipartUpload). */
export interface WriteOptionArgs {
  cacheControl?: string | null;
  contentDisposition?: string | null;
  storageClass?: string | null;
  serverSideEncryption?: ServerSideEncryption | null;
  sseKmsKeyId?: string | null;
  tags?: ObjectTag[] | null;
}

export function writeOptions(args: WriteOptionArgs): ObjectWriteOptions {
  return {
    cacheControl: args.cacheControl ?? undefined,
    contentDisposition: args.contentDisposition ?? undefined,
    storageClass: args.storageClass ?? undefined,
    serverSideEncryption: args.serverSideEncryption ?? undefined,
    sseKmsKeyId: args.sseKmsKeyId ?? undefined,
    tags: args.tags ?? undefined,
  };
}

/** The store a mutation's input names; undefined or null: the default one. */
export interface StoreArgs {
  store?: string | null;
}

/** The store a model is in, as the input named it: undefined for the default store. */
export const storeOf = (args: StoreArgs): { store?: string } =>
  args.store === null || args.store === undefined ? {} : { store: args.store };

export interface PutObjectArgs extends ObjectLocation, WriteOptionArgs, StoreArgs {
  file?: Promise<UploadedFile> | null;
  text?: string | null;
  base64?: string | null;
  contentType?: string | null;
  metadata?: { key: string; value: string }[] | null;
  size?: number | null;
  overwrite?: boolean | null;
}

export interface TransferArgs extends ObjectLocation, StoreArgs {
  destinationBucket?: string | null;
  destinationKey?: string | null;
  /** Undefined or null: `store`. */
  destinationStore?: string | null;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function metadataRecord(entries: PutObjectArgs['metadata']): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const { key, value } of entries ?? []) {
    // S3 stores metadata names in lower case; two names that differ only in case would collide.
    const name = key.toLowerCase();
    if (name in metadata) throw new InvalidInputError(`Metadata key "${name}" is given twice.`);
    metadata[name] = value;
  }
  return metadata;
}

interface UploadBody {
  body: Buffer | Readable;
  contentType: string | undefined;
  /** The error that ended the client's upload stream, if it did. */
  streamError: () => Error | undefined;
}

async function uploadBody(args: PutObjectArgs): Promise<UploadBody> {
  const given = [args.file, args.text, args.base64].filter((value) => value !== null && value !== undefined).length;
  if (given !== 1) throw new InvalidInputError('Give exactly one of file, text or base64.');
  const contentType = args.contentType ?? undefined;
  if (args.text !== null && args.text !== undefined) {
    return { body: Buffer.from(args.text, 'utf8'), contentType: contentType ?? 'text/plain; charset=utf-8', streamError: () => undefined };
  }
  if (args.base64 !== null && args.base64 !== undefined) {
    if (!BASE64.test(args.base64)) throw new InvalidInputError('base64 is not valid base64 (RFC 4648, with padding).');
    return { body: Buffer.from(args.base64, 'base64'), contentType, streamError: () => undefined };
  }
  let file: UploadedFile;
  try {
    file = await (args.file as Promise<UploadedFile>);
  } catch (error) {
    throw uploadStreamFailure(error as Error);
  }
  const stream = file.createReadStream();
  let streamError: Error | undefined;
  stream.once('error', (error) => (streamError = error));
  return { body: stream, contentType: contentType ?? file.mimetype, streamError: () => streamError };
}

/** The client's multipart stream failing is the client's problem: say so instead of masking it. */
function uploadStreamFailure(error: Error): GatewayError {
  const status = (error as { status?: number }).status;
  if (status === 413) return new EntityTooLargeError('The uploaded file is larger than the gateway accepts.', { cause: error });
  return new InvalidInputError(`The uploaded file could not be read completely: ${error.message}`, { cause: error });
}

export function putObject(context: Context, args: PutObjectArgs): Promise<Payload<ObjectModel>> {
  return attempt(context, async (): Promise<ObjectModel> => {
    const { body, contentType, streamError } = await uploadBody(args);
    const metadata = metadataRecord(args.metadata);
    try {
      const written = await context.stores.get(args.store).putObject({
        bucket: args.bucket,
        key: args.key,
        body,
        contentType,
        metadata,
        declaredSize: args.size ?? undefined,
        options: writeOptions(args),
        overwrite: args.overwrite ?? true,
      });
      return { ...storeOf(args), bucket: written.bucket, key: written.key, size: written.size, eTag: written.eTag };
    } catch (error) {
      const failure = streamError();
      if (failure !== undefined && !(failure instanceof GatewayError)) throw uploadStreamFailure(failure);
      throw error;
    }
  });
}

/** With a versionId, that version (or delete marker) is deleted for good; without, the object as S3 deletes it. */
export function deleteObject(context: Context, args: ObjectLocation & StoreArgs & { versionId?: string | null }): Promise<Payload<null>> {
  return attempt(context, async () => {
    const location = { bucket: args.bucket, key: args.key };
    const storage = context.stores.get(args.store);
    if (args.versionId === null || args.versionId === undefined) await storage.deleteObject(location);
    else await storage.deleteVersion(location, args.versionId);
    return null;
  });
}

function destinationOf(args: TransferArgs): ObjectLocation {
  return { bucket: args.destinationBucket ?? args.bucket, key: args.destinationKey ?? args.key };
}

/** The stores of a transfer: one when the destination is in the source's store (a server-side copy), two otherwise. */
function transferStores(context: Context, args: TransferArgs) {
  const source = context.stores.named(args.store);
  const destination = context.stores.named(args.destinationStore ?? args.store);
  return {
    source: source.storage,
    destination: destination.storage,
    destinationModel: storeOf({ store: args.destinationStore ?? args.store }),
  };
}

// Parts uploaded at once when one object streams from a store to another: memory is one part more than this, of 5 MiB each.
const STREAMED_PARTS_IN_FLIGHT = 4;

/** A copy between stores stops when the request's deadline passes, which it pushes on while it progresses. */
function streamedCopyOptions({ deadline }: Context) {
  return { queueSize: STREAMED_PARTS_IN_FLIGHT, signal: deadline.signal, onProgress: () => deadline.progressed() };
}

export function copyObject(context: Context, args: TransferArgs): Promise<Payload<ObjectModel>> {
  return attempt(context, async (): Promise<ObjectModel> => {
    const { source, destination, destinationModel } = transferStores(context, args);
    const from = { bucket: args.bucket, key: args.key };
    if (source !== destination) {
      const { written } = await source.copyAcross(destination, from, destinationOf(args), streamedCopyOptions(context));
      return { ...written, ...destinationModel };
    }
    const copied = await source.copyObject(from, destinationOf(args));
    return { ...destinationModel, bucket: copied.bucket, key: copied.key, eTag: copied.eTag, lastModified: copied.lastModified };
  });
}

export function moveObject(context: Context, args: TransferArgs): Promise<Payload<ObjectModel>> {
  return attempt(context, async (): Promise<ObjectModel> => {
    const { source, destination, destinationModel } = transferStores(context, args);
    const from = { bucket: args.bucket, key: args.key };
    const written =
      source === destination
        ? await source.moveObject(from, destinationOf(args))
        : await source.moveAcross(destination, from, destinationOf(args), streamedCopyOptions(context));
    return { ...written, ...destinationModel };
  });
}
