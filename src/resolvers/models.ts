import type { Readable } from 'node:stream';
import type { ObjectDetails, ObjectLocation } from '../s3/types.js';

/** The shapes behind the graph's types: what a resolver knows, the rest is loaded on demand. */

export interface BucketModel {
  name: string;
  /** undefined: not known yet (ListBuckets tells); null: the store gave none. */
  creationDate?: Date | null;
}

export interface PrefixModel {
  bucket: string;
  prefix: string;
  delimiter: string;
}

/** An object (and its Document) as far as it is known: a listing knows the size, HeadObject everything. */
export type ObjectModel = ObjectLocation & Partial<Omit<ObjectDetails, keyof ObjectLocation>>;

/** A file of a multipart request, as the Upload scalar hands it to resolvers; it can be read once. */
export interface UploadedFile {
  filename: string;
  mimetype: string;
  encoding: string;
  createReadStream(): Readable;
}
