import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { z } from 'zod';
import { optionalString } from './values.js';

/** Trusted documents (persisted operations): with a manifest, the gateway runs only the operations it lists. */
export const trustedDocumentSettings = z
  .object({ TRUSTED_DOCUMENTS_FILE: optionalString })
  .transform((env) => ({ file: env.TRUSTED_DOCUMENTS_FILE }));

/** The manifest's documents by the hex SHA-256 of their text, the hash clients send. */
export type TrustedDocuments = ReadonlyMap<string, string>;

const manifestShape = z.record(z.string(), z.string(), { message: 'must be a JSON object of hash: document' });

// graphql-codegen's client preset (persistedDocuments) writes "sha256:<hex>" keys; a bare hex key is the same hash.
const HASH_KEY = /^(?:sha256:)?([0-9a-f]{64})$/;

/**
 * Reads a manifest as graphql-codegen's client preset writes it (`persisted-documents.json`). Each key must be the SHA-256 of
 * its document's text, so that a hand-edited or stale entry is found at start rather than by a client.
 */
export function readTrustedDocuments(file: string): { documents: TrustedDocuments } | { problems: string[] } {
  const where = `TRUSTED_DOCUMENTS_FILE (${file})`;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { problems: [`${where}: cannot be read as JSON: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const manifest = manifestShape.safeParse(json);
  if (!manifest.success) return { problems: [`${where}: must be a JSON object of hash: document`] };
  const problems: string[] = [];
  const documents = new Map<string, string>();
  for (const [key, document] of Object.entries(manifest.data)) {
    const hash = HASH_KEY.exec(key)?.[1];
    if (hash === undefined) problems.push(`${where}: "${key}" is not a SHA-256 hash (sha256:<64 hex digits>)`);
    else if (createHash('sha256').update(document).digest('hex') !== hash)
      problems.push(`${where}: "${key}" is not the hash of its document`);
    else if (!isParsable(document)) problems.push(`${where}: the document of "${key}" is not valid GraphQL`);
    else documents.set(hash, document);
  }
  if (problems.length === 0 && documents.size === 0) problems.push(`${where}: lists no documents`);
  return problems.length > 0 ? { problems } : { documents };
}

function isParsable(document: string): boolean {
  try {
    parse(document);
    return true;
  } catch {
    return false;
  }
}
