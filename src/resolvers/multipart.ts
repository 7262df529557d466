import type { Context } from '../context.js';
import type { JobSnapshot } from '../jobs.js';
import type { CreatedUpload, SignedPart, UploadedPart, UploadLocation } from '../s3/types.js';
import { runJob } from './bulk.js';
import { decodeUploadCursor, encodeUploadCursor } from './cursor.js';
import { DEFAULT_PAGE_SIZE, type Connection } from './listing.js';
import type { ObjectModel } from './models.js';
import { metadataRecord, writeOptions, type WriteOptionArgs } from './object-mutations.js';
import { attempt, type Payload } from './payload.js';

/** A multipart upload as the graph knows it: created here (part size known), or named by a client or a listing. */
export interface MultipartUploadModel extends UploadLocation {
  partSize?: number;
  initiated?: Date;
}

export interface CreateMultipartUploadArgs extends WriteOptionArgs {
  bucket: string;
  key: string;
  size: number;
  contentType?: string | null;
  metadata?: { key: string; value: string }[] | null;
}

export function createMultipartUpload(context: Context, args: CreateMultipartUploadArgs): Promise<Payload<CreatedUpload>> {
  return attempt(context, () =>
    context.s3.createMultipartUpload({
      bucket: args.bucket,
      key: args.key,
      size: args.size,
      contentType: args.contentType ?? undefined,
      metadata: metadataRecord(args.metadata),
      options: writeOptions(args),
    }),
  );
}

export interface SignUploadPartsArgs extends UploadLocation {
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
    parts: await context.s3.signUploadParts(args, args.partNumbers, expiresIn),
    expiresAt: new Date(Date.now() + expiresIn * 1000),
  }));
}

export interface CompleteMultipartUploadArgs extends UploadLocation {
  parts: { partNumber: number; eTag: string }[];
}

export function completeMultipartUpload(context: Context, args: CompleteMultipartUploadArgs): Promise<Payload<ObjectModel>> {
  return attempt(context, async (): Promise<ObjectModel> => {
    const written = await context.s3.completeMultipartUpload(args, args.parts);
    return { bucket: written.bucket, key: written.key, size: written.size, eTag: written.eTag };
  });
}

export function abortMultipartUpload(context: Context, args: UploadLocation): Promise<Payload<null>> {
  return attempt(context, async () => {
    await context.s3.abortMultipartUpload(args);
    return null;
  });
}

export async function uploadParts(
  context: Context,
  upload: UploadLocation,
  args: { first?: number | null; after?: number | null },
): Promise<UploadedPart[]> {
  const page = await context.s3.listParts(upload, args.after ?? 0, args.first ?? 1000);
  return page.parts;
}

/** Every part but the last has the upload's part size: the largest part of the first page is it, once two parts are in. */
export async function inferredPartSize(context: Context, upload: MultipartUploadModel): Promise<number | null> {
  if (upload.partSize !== undefined) return upload.partSize;
  const { parts } = await context.s3.listParts(upload, 0, 1000);
  if (parts.length < 2) return null;
  return Math.max(...parts.map((part) => part.size));
}

export async function listMultipartUploads(
  context: Context,
  scope: { bucket: string; prefix: string },
  args: { first?: number | null; after?: string | null },
): Promise<Connection<MultipartUploadModel>> {
  const after = decodeUploadCursor(args.after);
  const page = await context.s3.listMultipartUploads({ ...scope, limit: args.first ?? DEFAULT_PAGE_SIZE, after });
  const last = page.uploads.at(-1);
  return {
    edges: page.uploads.map((upload) => ({
      get cursor() {
        return encodeUploadCursor(upload);
      },
      node: { bucket: upload.bucket, key: upload.key, uploadId: upload.uploadId, initiated: upload.initiated },
    })),
    pageInfo: {
      hasNextPage: page.hasMore,
      hasPreviousPage: after !== undefined,
      startCursor: page.uploads[0] === undefined ? null : encodeUploadCursor(page.uploads[0]),
      endCursor: last === undefined ? null : encodeUploadCursor(last),
    },
  };
}

export interface AbortMultipartUploadsArgs {
  bucket: string;
  prefix: string;
  initiatedBefore?: Date | null;
  wait?: boolean | null;
}

export function runAbortMultipartUploads(context: Context, args: AbortMultipartUploadsArgs): Promise<Payload<JobSnapshot>> {
  const { bucket, prefix, initiatedBefore } = args;
  const request = { kind: 'ABORT_MULTIPART_UPLOADS', bucket, prefix, initiatedBeforeMs: initiatedBefore?.getTime() } as const;
  return runJob(context, request, { wait: args.wait ?? true });
}
