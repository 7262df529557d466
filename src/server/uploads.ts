import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Upload, type FileUpload, type GraphQLOperation } from 'graphql-upload-minimal';
import { InvalidInputError } from '../errors.js';
import { ByteLimit } from '../s3/byte-limit.js';
import type { UploadedFile } from '../shared/uploaded-file.js';

const ignore = () => undefined;

/**
 * The files of one multipart request arrive one after another in a single stream, and mutations run one after another.
 * When a mutation waits for a file that comes later in the body, the files before it would block the stream for
 * ever: a file that no resolver takes up when it arrives is written to a temporary file instead (up to MAX_UPLOAD_BYTES,
 * what S3 would take), so that the stream goes on, and is read from there when its resolver asks for it. Files taken up
 * on arrival stream straight to S3.
 */

// Far deeper than any input of the schema; operations nested beyond are refused rather than walked.
const MAX_OPERATIONS_DEPTH = 64;

/** The Upload placeholders in the operations, walked without recursion: a client chooses how deep its JSON is nested. */
function uploadsIn(operations: unknown): Upload[] {
  const found: Upload[] = [];
  const pending: { value: unknown; depth: number }[] = [{ value: operations, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, depth } = next;
    if (value instanceof Upload) found.push(value);
    else if (typeof value === 'object' && value !== null) {
      if (depth >= MAX_OPERATIONS_DEPTH)
        throw new InvalidInputError(`The multipart operations are nested deeper than ${MAX_OPERATIONS_DEPTH} levels.`);
      for (const item of Object.values(value)) pending.push({ value: item, depth: depth + 1 });
    }
  }
  return found;
}

/** The file's stream; graphql-upload-minimal throws instead when the request's body failed first, and that failure is the reader's. */
function openUpload(file: FileUpload): Readable {
  try {
    return file.createReadStream();
  } catch (error) {
    return new PassThrough().destroy(error instanceof Error ? error : new Error(String(error)));
  }
}

class SpooledFile {
  private claimed = false;
  private spool: Promise<string> | undefined;

  constructor(
    private readonly file: FileUpload,
    private readonly spoolDirectory: () => Promise<string>,
    private readonly maxBytes: number,
  ) {}

  /** Called once the resolvers that were waiting for this file have had their turn. */
  spoolIfUnclaimed(): void {
    if (this.claimed) return;
    this.claimed = true;
    const source = openUpload(this.file);
    // What S3 would refuse is not written to disk either.
    const limited = new ByteLimit(this.maxBytes, undefined);
    // Piped, not in the pipeline: busboy stalls the whole request on a destroyed file stream, so the source is never destroyed.
    source.on('error', (error) => limited.destroy(error)).pipe(limited);
    this.spool = this.spoolDirectory().then(async (directory) => {
      const path = join(directory, `${this.file.fieldName}-${Date.now()}`);
      try {
        await pipeline(limited, createWriteStream(path));
      } catch (error) {
        // The rest of the file is read and dropped, so that the files after it still arrive.
        source.unpipe(limited);
        source.resume();
        await rm(path, { force: true });
        throw error;
      }
      return path;
    });
    // A failure is reported to whoever reads the file; until then it must not be unhandled.
    this.spool.catch(() => undefined);
  }

  createReadStream(): Readable {
    if (this.spool === undefined) {
      this.claimed = true;
      return openUpload(this.file);
    }
    const stream = new PassThrough();
    this.spool.then(
      (path) => {
        createReadStream(path)
          .on('error', (error) => stream.destroy(error))
          .pipe(stream);
      },
      (error: unknown) => stream.destroy(error instanceof Error ? error : new Error(String(error))),
    );
    return stream;
  }

  /** After the response: a file nobody read is read to its end, so the request can finish. */
  drain(): void {
    if (this.claimed) return;
    this.claimed = true;
    openUpload(this.file).on('error', ignore).resume();
  }

  toUploadedFile(): UploadedFile {
    const { filename, mimetype, encoding } = this.file;
    return { filename, mimetype, encoding, createReadStream: () => this.createReadStream() };
  }
}

export interface RequestUploads {
  /** Reads what no resolver read, and removes the temporary files. */
  finish(): Promise<void>;
}

/** Makes the files of a parsed multipart request readable in any order. */
export function orderIndependentUploads(operations: GraphQLOperation | GraphQLOperation[], maxFileBytes: number): RequestUploads {
  let directory: Promise<string> | undefined;
  const spoolDirectory = () => (directory ??= mkdtemp(join(tmpdir(), 's3gw-upload-')));
  const files: SpooledFile[] = [];
  let finished = false;
  for (const upload of uploadsIn(operations)) {
    // The Upload scalar hands resolvers whatever this promise yields: from here on, an UploadedFile.
    const handedOut: { promise: Promise<UploadedFile> } = upload;
    handedOut.promise = upload.promise.then((file) => {
      const spooled = new SpooledFile(file, spoolDirectory, maxFileBytes);
      files.push(spooled);
      // A file arriving after the answer was sent has no reader left.
      if (finished) spooled.drain();
      // Resolvers awaiting this file continue in the microtasks before this; one that did not is not coming yet.
      else setImmediate(() => spooled.spoolIfUnclaimed());
      return spooled.toUploadedFile();
    });
    handedOut.promise.catch(() => undefined);
  }
  return {
    async finish() {
      finished = true;
      for (const file of files) file.drain();
      if (directory !== undefined) await rm(await directory, { recursive: true, force: true });
    },
  };
}
