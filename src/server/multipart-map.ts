import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import busboy from 'busboy';
import { EntityTooLargeError, InvalidInputError } from '../errors.js';

/** A request body to parse again: the bytes already read, then the rest of the request. */
export type ReplayedRequest = Readable & { headers: IncomingHttpHeaders };

const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

/** Throws unless each path of the map walks only through members the operations own (their variables). */
function checkMapPaths(operations: unknown, map: unknown): void {
  if (map === null || typeof map !== 'object') return;
  for (const paths of Object.values(map as Record<string, unknown>)) {
    for (const path of Array.isArray(paths) ? (paths as unknown[]) : []) {
      let target = operations;
      for (const segment of String(path).split('.')) {
        const owned = target !== null && typeof target === 'object' && Object.hasOwn(target, segment);
        if (!owned || FORBIDDEN_SEGMENTS.has(segment))
          throw new InvalidInputError(`The multipart map path "${String(path)}" does not name a variable of the operations.`);
        target = (target as Record<string, unknown>)[segment];
      }
    }
  }
}

const ignore = () => undefined;

/**
 * graphql-upload-minimal hears its parser's errors once (`parser.once('error')`), and busboy emits two for one malformed
 * part (the part, then the unexpected end of the form): an unheard second one would end the process. So whatever the body
 * is piped into keeps an error listener for its whole life; the first error still reaches graphql-upload-minimal.
 */
function hearParserErrorsForLife(body: Readable): void {
  const pipe = body.pipe.bind(body);
  body.pipe = <T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T =>
    pipe(destination.on('error', ignore), options);
}

/**
 * Reads a GraphQL multipart request up to its first file's part headers, and refuses malformed ones and map paths through
 * members the operations do not own: graphql-upload-minimal follows inherited ones (toString, hasOwnProperty) and would
 * write onto functions that every object shares. Anything else it leaves to graphql-upload-minimal, which gets the whole
 * body replayed.
 */
export async function checkedMultipart(request: IncomingMessage, maxFieldBytes: number): Promise<ReplayedRequest> {
  const received: Buffer[] = [];
  let receivedBytes = 0;
  // The head is two fields of at most maxFieldBytes each and their part headers; past that, nothing is held.
  const maxHeadBytes = 2 * maxFieldBytes + 64 * 1024;
  let refuse: (error: Error) => void = () => undefined;
  const parser = busboy({ headers: request.headers, limits: { fieldSize: maxFieldBytes, fields: 2 } });
  let operations: unknown;
  const checked = new Promise<void>((resolve, reject) => {
    refuse = reject;
    parser.on('field', (name, value) => {
      try {
        if (name === 'operations') operations = JSON.parse(value);
        // The check goes on to the first file's part headers, so that malformed ones are refused here too.
        else if (name === 'map') checkMapPaths(operations, JSON.parse(value));
      } catch (error) {
        // Broken JSON is graphql-upload-minimal's to report; a bad path is ours.
        if (error instanceof InvalidInputError) reject(error);
        else resolve();
      }
    });
    parser.on('file', (_name, file) => {
      // Only the head is checked here: the parse stops, and the file's stream with it.
      file.on('error', ignore).resume();
      resolve();
    });
    parser.on('fieldsLimit', resolve);
    parser.on('close', resolve);
    // A malformed head (a part header past busboy's 16 KiB or 2000 pairs, a body that ends early) is the client's error.
    parser.on('error', (error: Error) => reject(new InvalidInputError(`The multipart body is malformed: ${error.message}.`)));
    request.once('close', resolve);
  });
  const onData = (chunk: Buffer) => {
    receivedBytes += chunk.length;
    if (receivedBytes > maxHeadBytes) {
      refuse(new EntityTooLargeError(`The multipart fields before the first file exceed ${maxHeadBytes} bytes (MAX_REQUEST_BYTES).`));
      return;
    }
    received.push(chunk);
    parser.write(chunk);
  };
  request.on('data', onData);
  request.once('end', () => parser.end());
  try {
    await checked;
  } finally {
    request.off('data', onData).pause();
    parser.removeAllListeners('field').on('error', ignore);
    parser.destroy();
  }

  const replay = Object.assign(new PassThrough({ highWaterMark: 1024 * 1024 }), { headers: request.headers });
  hearParserErrorsForLife(replay);
  for (const chunk of received) replay.write(chunk);
  // A client that goes away mid-upload must look the same to graphql-upload-minimal: a body that never ended.
  const abandon = () => {
    if (!request.readableEnded) replay.destroy();
  };
  if (request.readableEnded) replay.end();
  else if (request.destroyed) abandon();
  else {
    request.once('close', abandon);
    request.pipe(replay);
  }
  return replay;
}
