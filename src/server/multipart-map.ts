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

/**
 * Reads a GraphQL multipart request up to its `map` field and refuses map paths through members the operations do not
 * own: graphql-upload-minimal follows inherited ones (toString, hasOwnProperty) and would write onto functions that every
 * object shares. Anything else it leaves to graphql-upload-minimal, which gets the whole body replayed.
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
        else if (name === 'map') {
          checkMapPaths(operations, JSON.parse(value));
          resolve();
        }
      } catch (error) {
        // Broken JSON is graphql-upload-minimal's to report; a bad path is ours.
        if (error instanceof InvalidInputError) reject(error);
        else resolve();
      }
    });
    parser.on('file', (_name, file) => {
      // Only the head is checked here: the parse stops, and the file's stream with it.
      file.on('error', () => undefined).resume();
      resolve();
    });
    parser.on('close', resolve);
    parser.on('error', () => resolve());
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
    parser.removeAllListeners('field').on('error', () => undefined);
    parser.destroy();
  }

  const replay = Object.assign(new PassThrough({ highWaterMark: 1024 * 1024 }), { headers: request.headers });
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
