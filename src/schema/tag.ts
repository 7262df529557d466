import type { ObjectTag } from '../s3/types.js';
import { builder } from './builder.js';

/** An object's tag, as it is read and as it is given (on putObject, createMultipartUpload and setObjectTags). */

export const ObjectTagRef = builder.objectRef<ObjectTag>('ObjectTag').implement({
  description: 'A tag of an object: a key and a value (S3 object tagging).',
  fields: (t) => ({ key: t.exposeString('key'), value: t.exposeString('value') }),
});

export const ObjectTagInput = builder.inputType('ObjectTagInput', {
  description: 'A tag: key 1 to 128 characters, value up to 256; letters, numbers, spaces and + - = . _ : / @.',
  fields: (t) => ({ key: t.string({ required: true }), value: t.string({ required: true }) }),
});
