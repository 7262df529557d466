import { failIf, type GatewayClient, GatewayRequestError } from './client.js';
import {
  AbortMultipartUploadMutation,
  CompleteMultipartUploadMutation,
  CreateMultipartUploadMutation,
  SignUploadPartsMutation,
  UploadedPartsQuery,
} from './operations.js';

/**
 * Uploads straight to the store: the gateway creates the multipart upload, signs part URLs and completes it; the parts go
 * from the browser to the store in parallel. What it takes to resume is kept in localStorage until the upload ends.
 */

/** An upload begun in this browser and not yet completed or aborted: enough to resume it with the same file. */
export interface UnfinishedUpload {
  bucket: string;
  key: string;
  uploadId: string;
  partSize: number;
  fileName: string;
  size: number;
  lastModified: number;
}

const UNFINISHED_KEY = 's3gw.unfinishedUploads';
/** Parts in flight at once: browsers open about six connections per host. */
const PARALLEL_PARTS = 4;
/** Part URLs signed per request: few round trips, yet each URL is used soon after it is signed. */
const SIGN_BATCH = 32;
/** ListParts' page: a full page means more may follow. */
const PARTS_PAGE = 1000;

export function unfinishedUploads(): UnfinishedUpload[] {
  try {
    return JSON.parse(localStorage.getItem(UNFINISHED_KEY) ?? '[]') as UnfinishedUpload[];
  } catch {
    return [];
  }
}

function remember(upload: UnfinishedUpload): void {
  localStorage.setItem(UNFINISHED_KEY, JSON.stringify([...unfinishedUploads(), upload]));
}

export function forget(uploadId: string): void {
  localStorage.setItem(UNFINISHED_KEY, JSON.stringify(unfinishedUploads().filter((upload) => upload.uploadId !== uploadId)));
}

/** PUTs one part to its presigned URL over XHR (fetch reports no upload progress) and answers the part's ETag. */
function putPart(url: string, body: Blob, onProgress: (loaded: number) => void, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    xhr.upload.addEventListener('progress', (event) => onProgress(event.loaded));
    xhr.addEventListener('load', () => {
      const eTag = xhr.getResponseHeader('ETag');
      if (xhr.status >= 200 && xhr.status < 300 && eTag !== null) resolve(eTag);
      else
        reject(
          new GatewayRequestError(`The store refused a part (HTTP ${xhr.status}${eTag === null ? ', no ETag exposed' : ''}).`, 'ERROR'),
        );
    });
    xhr.addEventListener('error', () =>
      reject(new GatewayRequestError('The store could not be reached; resume the upload later.', 'ERROR')),
    );
    xhr.addEventListener('abort', () => reject(new GatewayRequestError('The upload was cancelled.', 'CANCELLED')));
    signal.addEventListener('abort', () => xhr.abort());
    xhr.send(body);
  });
}

export class DirectUpload {
  private readonly controller = new AbortController();
  /** Set once the user cancelled: the parts' failures that follow are the cancel's, not errors to show. */
  cancelled = false;

  private constructor(
    private readonly client: GatewayClient,
    readonly upload: UnfinishedUpload,
    private readonly file: File,
    /** A resumed upload asks the store which parts it holds; a new one has none. */
    private readonly resumed: boolean,
  ) {}

  /** Creates the multipart upload and remembers it, so that a reload can resume it. */
  static async begin(
    client: GatewayClient,
    target: { bucket: string; key: string; contentType: string | undefined },
    file: File,
  ): Promise<DirectUpload> {
    const { createMultipartUpload } = await client.request(CreateMultipartUploadMutation, {
      input: { ...target, size: file.size },
    });
    failIf(createMultipartUpload);
    const created = createMultipartUpload.upload;
    if (!created?.partSize) throw new GatewayRequestError('The gateway created no upload.', 'ERROR');
    const upload = { ...created, partSize: created.partSize, fileName: file.name, size: file.size, lastModified: file.lastModified };
    remember(upload);
    return new DirectUpload(client, upload, file, false);
  }

  /** Resumes a remembered upload with the file the user picked again: it must be the same name and size. */
  static resume(client: GatewayClient, upload: UnfinishedUpload, file: File): DirectUpload {
    if (file.name !== upload.fileName || file.size !== upload.size) {
      throw new GatewayRequestError(`Pick ${upload.fileName} (${upload.size} bytes) to resume this upload.`, 'INVALID_INPUT');
    }
    return new DirectUpload(client, upload, file, true);
  }

  /** Uploads the parts the store does not have yet, then completes the object; `onProgress` gets the fraction stored. */
  async run(onProgress: (fraction: number) => void): Promise<void> {
    const { bucket, key, uploadId, partSize, size } = this.upload;
    const stored = this.resumed ? await uploadedParts(this.client, this.upload) : [];
    const eTags = new Map(stored.map(({ partNumber, eTag }) => [partNumber, eTag ?? '']));
    const partCount = Math.max(1, Math.ceil(size / partSize));
    const missing = Array.from({ length: partCount }, (_, index) => index + 1).filter((partNumber) => !eTags.has(partNumber));

    const partBytes = (partNumber: number) => Math.min(partSize, size - (partNumber - 1) * partSize);
    let doneBytes = stored.reduce((sum, part) => sum + part.size, 0);
    const inFlight = new Map<number, number>();
    const report = () => onProgress((doneBytes + [...inFlight.values()].reduce((sum, loaded) => sum + loaded, 0)) / size);
    report();

    const signed = new Map<number, Promise<string>>();
    const urlFor = (partNumber: number): Promise<string> => {
      if (!signed.has(partNumber)) {
        const batch = missing.filter((candidate) => candidate >= partNumber && !signed.has(candidate)).slice(0, SIGN_BATCH);
        const urls = this.client
          .request(SignUploadPartsMutation, { input: { bucket, key, uploadId, partNumbers: batch } })
          .then(({ signUploadParts }) => {
            failIf(signUploadParts);
            return new Map((signUploadParts.parts ?? []).map(({ partNumber: number, url }) => [number, url]));
          });
        for (const number of batch)
          signed.set(
            number,
            urls.then((byNumber) => byNumber.get(number) ?? ''),
          );
      }
      return signed.get(partNumber) ?? Promise.reject(new Error(`part ${partNumber} was not signed`));
    };

    const queue = [...missing];
    const worker = async () => {
      for (let partNumber = queue.shift(); partNumber !== undefined; partNumber = queue.shift()) {
        const start = (partNumber - 1) * partSize;
        const number = partNumber;
        const eTag = await putPart(
          await urlFor(number),
          this.file.slice(start, start + partBytes(number)),
          (loaded) => {
            inFlight.set(number, loaded);
            report();
          },
          this.controller.signal,
        );
        inFlight.delete(number);
        doneBytes += partBytes(number);
        eTags.set(number, eTag);
        report();
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(PARALLEL_PARTS, missing.length) }, worker));
    } catch (error) {
      this.controller.abort();
      throw error;
    }

    const parts = [...eTags].sort(([a], [b]) => a - b).map(([partNumber, eTag]) => ({ partNumber, eTag }));
    const { completeMultipartUpload } = await this.client.request(CompleteMultipartUploadMutation, {
      input: { bucket, key, uploadId, parts },
    });
    forget(uploadId);
    failIf(completeMultipartUpload);
  }

  /** Stops the parts in flight and aborts the upload in the store, which drops the parts already sent. */
  async cancel(): Promise<void> {
    this.cancelled = true;
    this.controller.abort();
    await abortUpload(this.client, this.upload);
  }
}

/** The parts the store holds for an upload, every page of them: what a resume need not send again. */
export async function uploadedParts(
  client: GatewayClient,
  { bucket, key, uploadId }: { bucket: string; key: string; uploadId: string },
): Promise<{ partNumber: number; size: number; eTag?: string | null }[]> {
  const parts = [];
  for (let after = 0; ;) {
    const { bucket: found } = await client.request(UploadedPartsQuery, { bucket, key, uploadId, after });
    if (!found) throw new GatewayRequestError(`Bucket ${bucket} does not exist.`, 'NO_SUCH_BUCKET');
    const page = found.multipartUpload.parts;
    parts.push(...page);
    const last = page.at(-1);
    if (page.length < PARTS_PAGE || last === undefined) return parts;
    after = last.partNumber;
  }
}

export async function abortUpload(
  client: GatewayClient,
  { bucket, key, uploadId }: { bucket: string; key: string; uploadId: string },
): Promise<void> {
  const { abortMultipartUpload } = await client.request(AbortMultipartUploadMutation, { input: { bucket, key, uploadId } });
  forget(uploadId);
  failIf(abortMultipartUpload);
}
