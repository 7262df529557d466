import type { Context } from '../context.js';
import type { ObjectLocation } from '../s3/types.js';
import type { StoreArgs } from './object-mutations.js';
import { attempt, type Payload } from './payload.js';

export interface PresignedUpload {
  url: string;
  /** Form fields (POST) or headers (PUT) the upload must send as given. */
  fields: { key: string; value: string }[];
  expiresAt: Date;
}

function presigned({ url, fields }: { url: string; fields: Record<string, string> }, expiresIn: number): PresignedUpload {
  return {
    url,
    fields: Object.entries(fields).map(([key, value]) => ({ key, value })),
    expiresAt: new Date(Date.now() + expiresIn * 1000),
  };
}

export interface PresignUploadArgs extends ObjectLocation, StoreArgs {
  contentType: string;
  expiresIn?: number | null;
}

export function presignUpload(context: Context, args: PresignUploadArgs, defaultExpiresIn: number): Promise<Payload<PresignedUpload>> {
  const expiresIn = args.expiresIn ?? defaultExpiresIn;
  return attempt(context, async () => {
    const url = await context.stores.get(args.store).presignUpload({ bucket: args.bucket, key: args.key }, args.contentType, expiresIn);
    return presigned({ url, fields: { 'Content-Type': args.contentType } }, expiresIn);
  });
}

export interface PresignPostArgs extends ObjectLocation, StoreArgs {
  contentType?: string | null;
  maxBytes?: number | null;
  expiresIn?: number | null;
}

export function presignPost(context: Context, args: PresignPostArgs, defaultExpiresIn: number): Promise<Payload<PresignedUpload>> {
  const expiresIn = args.expiresIn ?? defaultExpiresIn;
  return attempt(context, async () => {
    const form = await context.stores.get(args.store).presignPost(
      { bucket: args.bucket, key: args.key },
      {
        contentType: args.contentType ?? undefined,
        maxBytes: args.maxBytes ?? context.limits.maxUploadBytes,
        expiresInSeconds: expiresIn,
      },
    );
    return presigned(form, expiresIn);
  });
}
