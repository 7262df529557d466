import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const directory = mkdtempSync(join(tmpdir(), 's3gw-trusted-'));
const base = { HOME: directory };
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function manifestFile(name: string, content: string): string {
  const file = join(directory, name);
  writeFileSync(file, content);
  return file;
}

describe('TRUSTED_DOCUMENTS_FILE', () => {
  it('is off without the variable: any operation runs', () => {
    expect(loadConfig(base).trustedDocuments).toBeUndefined();
  });

  it("reads graphql-codegen's manifest into documents by hash, with or without the sha256: prefix", () => {
    const buckets = 'query Buckets { buckets { name } }';
    const job = 'query Job($id: ID!) { job(id: $id) { id } }';
    const file = manifestFile('good.json', JSON.stringify({ [`sha256:${sha256(buckets)}`]: buckets, [sha256(job)]: job }));
    expect(loadConfig({ ...base, TRUSTED_DOCUMENTS_FILE: file }).trustedDocuments).toEqual(
      new Map([
        [sha256(buckets), buckets],
        [sha256(job), job],
      ]),
    );
  });

  it('refuses to start on a manifest that is missing, not JSON, empty, or whose hashes or documents are wrong', () => {
    const cases: [string, RegExp][] = [
      [join(directory, 'missing.json'), /cannot be read as JSON/],
      [manifestFile('text.json', 'hash: document'), /cannot be read as JSON/],
      [manifestFile('list.json', '["query { buckets { name } }"]'), /must be a JSON object of hash: document/],
      [manifestFile('empty.json', '{}'), /lists no documents/],
      [manifestFile('sha1.json', JSON.stringify({ 'sha1:0a': '{ buckets { name } }' })), /"sha1:0a" is not a SHA-256 hash/],
      [manifestFile('edited.json', JSON.stringify({ [sha256('{ a }')]: '{ b }' })), /is not the hash of its document/],
      [manifestFile('broken.json', JSON.stringify({ [sha256('{ a ')]: '{ a ' })), /is not valid GraphQL/],
    ];
    for (const [file, problem] of cases) {
      const load = () => loadConfig({ ...base, TRUSTED_DOCUMENTS_FILE: file });
      expect(load, file).toThrow(ConfigError);
      expect(load, file).toThrow(problem);
    }
  });
});
