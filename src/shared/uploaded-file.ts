import type { Readable } from 'node:stream';

/** A file of a multipart request: the HTTP layer makes it, the Upload scalar hands it to resolvers; it can be read once. */
export interface UploadedFile {
  filename: string;
  mimetype: string;
  encoding: string;
  createReadStream(): Readable;
}
