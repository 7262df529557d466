import type { Context } from '../context.js';
import type { ObjectLocation } from '../s3/types.js';
import { attempt, type OperationError } from './payload.js';

export interface PresignedUpload {
  success: boolean;
  error: OperationError | null;
  url: string | null;
  /** Form fields (POST) or headers (PUT) the upload must send as given. */
  fields: { key: string; value: string }[];
  expiresAt: Date | null;
}

function expiry(seconds: number): Date {
  return new Date(Date.now() + seconds * 1000);
}

async function toPresigned(context: Context, sign: () => Promise<{ url: string; fields: Record<string, string> }>, expiresIn: number) {
  const { success, error, result } = await attempt(context, sign);
  return {
    success,
    error,
    url: result?.url ?? null,
    fields: Object.entries(result?.fields ?? {}).map(([key, value]) => ({ key, value })),
    expiresAt: result === null ? null : expiry(expiresIn),
  };
}

export interface PresignUploadArgs extends ObjectLocation {
  contentType: string;
  expiresIn?: number | null;
}

export function presignUpload(context: Context, args: PresignUploadArgs, defaultExpiresIn: number): Promise<PresignedUpload> {
  const expiresIn = args.expiresIn ?? defaultExpiresIn;
  return toPresigned(
    context,
    async () => ({ url: await context.s3.presignUpload(args, args.contentType, expiresIn), fields: { 'Content-Type': args.contentType } }),
    expiresIn,
  );
}

export interface PresignPostArgs extends ObjectLocation {
  contentType?: string | null;
  maxBytes?: number | null;
  expiresIn?: number | null;
}

export function presignPost(context: Context, args: PresignPostArgs, defaultExpiresIn: number): Promise<PresignedUpload> {
  const expiresIn = args.expiresIn ?? defaultExpiresIn;
  return toPresigned(
    context,
    () =>
      context.s3.presignPost(args, {
        contentType: args.contentType ?? undefined,
        maxBytes: args.maxBytes ?? context.limits.maxUploadBytes,
        expiresInSeconds: expiresIn,
      }),
    expiresIn,
  );
}
