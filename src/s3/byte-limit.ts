import { Transform, type TransformCallback } from 'node:stream';
import { EntityTooLargeError, InvalidInputError } from '../errors.js';

/**
 * Counts what passes, and fails the stream before S3 completes the object: with ENTITY_TOO_LARGE past `maxBytes`,
 * with INVALID_INPUT when the body is not the size the client declared.
 */
export class ByteLimit extends Transform {
  bytes = 0;
  constructor(
    private readonly maxBytes: number,
    private readonly declaredBytes: number | undefined,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      callback(new EntityTooLargeError(`The upload is larger than the limit of ${this.maxBytes} bytes.`));
      return;
    }
    if (this.declaredBytes !== undefined && this.bytes > this.declaredBytes) {
      callback(new InvalidInputError(`The upload is larger than the ${this.declaredBytes} bytes declared; nothing was stored.`));
      return;
    }
    callback(null, chunk);
  }
  override _flush(callback: TransformCallback): void {
    if (this.declaredBytes !== undefined && this.bytes !== this.declaredBytes) {
      callback(new InvalidInputError(`The upload held ${this.bytes} bytes, not the ${this.declaredBytes} declared; nothing was stored.`));
      return;
    }
    callback();
  }
}
