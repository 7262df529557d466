import type { Context } from '../context.js';
import type { JobSnapshot } from '../jobs.js';
import type { CreatedUpload, SignedPart, UploadedPart, UploadLocation } from '../s3/types.js';
import { runJob } from './bulk.js';
import { decodeUploadCursor, encodeUploadCursor } from './cursor.js';
import { DEFAULT_PAGE_SIZE, type Connection } from './listing.js';
import type { ObjectModel } from './models.js';
import { metadataRecord, storeOf, writeOptions, type StoreArgs, type WriteOptionArgs } from './object-mutations.js';
import { attempt, type Payload } from './payload.js';

/** A multipart upload as the graph knows it: created here (part size known), or named by a client or a listing. */
export interface MultipartUploadModel extends UploadLocation {
  /** Undefined: the default store. */
  store?: string;
  partSize?: number;
  initiated?: Date;
}

export interface CreateMultipartUploadArgs extends WriteOptionArgs, StoreArgs {
  bucket: string;
  key: string;
  size: number;
  contentType?: string | null;
  metadata?: { key: string; value: string }[] | null;
}

export function createMultipartUpload(context: Context, args: CreateMultipartUploadArgs): Promise<Payload<CreatedUpload & StoreArgs>> {
  return attempt(context, async () => ({
    ...(await context.stores.get(args.store).createMultipartUpload({
      bucket: args.bucket,
      key: args.key,
      size: args.size,
      contentType: args.contentType ?? undefined,
      metadata: metadataRecord(args.metadata),
      options: writeOptions(args),
    })),
    ...storeOf(args),
  }));
}

/** An upload as S3 names it, without the store the input named. */
const uploadOf = ({ bucket, key, uploadId }: UploadLocation): UploadLocation => ({ bucket, key, uploadId });

export interface SignUploadPartsArgs extends UploadLocation, StoreArgs {
  partNumbers: number[];
  expiresIn?: number | null;
}

export interface SignedParts {
  parts: SignedPart[];
  expiresAt: Date;
}

export function signUploadParts(context: Context, args: SignUploadPartsArgs, defaultExpiresIn: number): Promise<Payload<SignedParts>> {
  const expiresIn = args.expiresIn ?? defaultExpiresIn;
  return attempt(context, async () => ({
    parts: await context.stores.get(args.store).signUploadParts(uploadOf(args), args.partNumbers, expiresIn),
    expiresAt: new Date(Date.now() + expiresIn * 1000),
  }));
}

export interface CompleteMultipartUploadArgs extends UploadLocation, StoreArgs {
  parts: { partNumber: number; eTag: string }[];
}

export function completeMultipartUpload(context: Context, args: CompleteMultipartUploadArgs): Promise<Payload<ObjectModel>> {
  return attempt(context, async (): Promise<ObjectModel> => {
    const written = await context.stores.get(args.store).completeMultipartUpload(uploadOf(args), args.parts);
    return { ...storeOf(args), bucket: written.bucket, key: written.key, size: written.size, eTag: written.eTag };
  });
}

export function abortMultipartUpload(context: Context, args: UploadLocation & StoreArgs): Promise<Payload<null>> {
  return attempt(context, async () => {
    await context.stores.get(args.store).abortMultipartUpload(uploadOf(args));
    return null;
  });
}

export async function uploadParts(
  context: Context,
  upload: MultipartUploadModel,
  args: { first?: number | null; after?: number | null },
): Promise<UploadedPart[]> {
  const page = await context.stores.get(upload.store).listParts(uploadOf(upload), args.after ?? 0, args.first ?? 1000);
  return page.parts;
}

/** Every part but the last has the upload's part size: the largest part of the first page is it, once two parts are in. */
export async function inferredPartSize(context: Context, upload: MultipartUploadModel): Promise<number | null> {
  if (upload.partSize !== undefined) return upload.partSize;
  const { parts } = await context.stores.get(upload.store).listParts(uploadOf(upload), 0, 1000);
  if (parts.length < 2) return null;
  return Math.max(...parts.map((part) => part.size));
}

export async function listMultipartUploads(
  context: Context,
  scope: { store?: string; bucket: string; prefix: string },
  args: { first?: number | null; after?: string | null },
): Promise<Connection<MultipartUploadModel>> {
  const after = decodeUploadCursor(args.after);
  const page = await context.stores
    .get(scope.store)
    .listMultipartUploads({ bucket: scope.bucket, prefix: scope.prefix, limit: args.first ?? DEFAULT_PAGE_SIZE, after });
  const last = page.uploads.at(-1);
  return {
    edges: page.uploads.map((upload) => ({
      get cursor() {
        return encodeUploadCursor(upload);
      },
      node: { store: scope.store, bucket: upload.bucket, key: upload.key, uploadId: upload.uploadId, initiated: upload.initiated },
    })),
    pageInfo: {
      hasNextPage: page.hasMore,
      hasPreviousPage: after !== undefined,
      startCursor: page.uploads[0] === undefined ? null : encodeUploadCursor(page.uploads[0]),
      endCursor: last === undefined ? null : encodeUploadCursor(last),
    },
  };
}

export interface AbortMultipartUploadsArgs extends StoreArgs {
  bucket: string;
  prefix: string;
  initiatedBefore?: Date | null;
  wait?: boolean | null;
}

export function runAbortMultipartUploads(context: Context, args: AbortMultipartUploadsArgs): Promise<Payload<JobSnapshot>> {
  const { bucket, prefix, initiatedBefore } = args;
  const request = {
    kind: 'ABORT_MULTIPART_UPLOADS',
    ...storeOf(args),
    bucket,
    prefix,
    initiatedBeforeMs: initiatedBefore?.getTime(),
  } as const;
  return runJob(context, request, { wait: args.wait ?? true });
}
