import type { ObjectDetails, ObjectLocation } from '../s3/types.js';

/** The shapes behind the graph's types: what a resolver knows, the rest is loaded on demand. */

/** `store` is the store a model is in, as the request named it; undefined: the default store. */

export interface BucketModel {
  name: string;
  store?: string;
  /** undefined: not known yet (ListBuckets tells); null: the store gave none. */
  creationDate?: Date | null;
}

export interface PrefixModel {
  store?: string;
  bucket: string;
  prefix: string;
  delimiter: string;
}

/** An object (and its Document) as far as it is known: a listing knows the size, HeadObject everything. */
export type ObjectModel = ObjectLocation & Partial<Omit<ObjectDetails, keyof ObjectLocation>> & { store?: string };
