import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { Upload, type FileUpload } from 'graphql-upload-minimal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkedMultipart } from '../../src/server/multipart-map.js';
import { orderIndependentUploads } from '../../src/server/uploads.js';

const BOUNDARY = 'test-boundary';

function multipartBody(fields: [string, string][], file = 'file content'): string {
  const parts = fields.map(([name, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  const filePart = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="0"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\n${file}\r\n`;
  return `${parts.join('')}${filePart}--${BOUNDARY}--\r\n`;
}

function request(body: string): IncomingMessage {
  const stream = Readable.from([Buffer.from(body)]);
  return Object.assign(stream, { headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } }) as unknown as IncomingMessage;
}

const OPERATIONS = JSON.stringify({
  query: 'mutation($input: PutObjectInput!) { putObject(input: $input) { success } }',
  variables: { input: { file: null } },
});

describe('the multipart map check', () => {
  it('hands the whole body on, byte for byte, when the map names variables of the operations', async () => {
    const body = multipartBody([
      ['operations', OPERATIONS],
      ['map', '{"0":["variables.input.file"]}'],
    ]);
    const replayed = await checkedMultipart(request(body), 1024 * 1024);
    expect(await text(replayed)).toBe(body);
    expect(replayed.headers['content-type']).toContain(BOUNDARY);
  });

  it.each(['variables.input.toString', 'variables.__proto__.polluted', 'variables.input.file.constructor', 'variables.nothing'])(
    'refuses the map path %s, which is no variable of the operations, as INVALID_INPUT',
    async (path) => {
      const body = multipartBody([
        ['operations', OPERATIONS],
        ['map', JSON.stringify({ 0: [path] })],
      ]);
      await expect(checkedMultipart(request(body), 1024 * 1024)).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        message: `The multipart map path "${path}" does not name a variable of the operations.`,
      });
    },
  );

  it('refuses fields before the first file larger than the limit allows, as ENTITY_TOO_LARGE', async () => {
    const body = multipartBody([
      ['operations', JSON.stringify({ query: `# ${'x'.repeat(200_000)}\n{ __typename }` })],
      ['map', '{}'],
    ]);
    await expect(checkedMultipart(request(body), 1024)).rejects.toMatchObject({ code: 'ENTITY_TOO_LARGE' });
  });
});

let fixtures: string;
beforeAll(async () => {
  fixtures = await mkdtemp(join(tmpdir(), 's3gw-unit-uploads-'));
});
afterAll(() => rm(fixtures, { recursive: true, force: true }));

/** A file of a parsed multipart request, as graphql-upload-minimal hands it over. */
async function arrived(name: string, content: string): Promise<Upload> {
  const path = join(fixtures, name);
  await writeFile(path, content);
  const file: FileUpload = {
    fieldName: name,
    filename: name,
    mimetype: 'text/plain',
    encoding: '7bit',
    createReadStream: () => createReadStream(path),
  };
  return Object.assign(new Upload(), { promise: Promise.resolve(file) });
}

interface HandedOut {
  filename: string;
  createReadStream(): Readable;
}

describe('files of a multipart request', () => {
  it('reach a resolver that asks for them only after a later file arrived, with their whole content', async () => {
    const [first, second] = await Promise.all([arrived('first.txt', 'first file'), arrived('second.txt', 'second file')]);
    const uploads = orderIndependentUploads({ query: '', variables: { files: [first, second] } }, 1024);
    // The resolver of the second file reads first; the first file is put aside meanwhile.
    const secondFile = (await second.promise) as unknown as HandedOut;
    expect(await text(secondFile.createReadStream())).toBe('second file');
    await new Promise((resolve) => setImmediate(resolve));
    const firstFile = (await first.promise) as unknown as HandedOut;
    expect(firstFile.filename).toBe('first.txt');
    expect(await text(firstFile.createReadStream())).toBe('first file');
    await uploads.finish();
  });
});
