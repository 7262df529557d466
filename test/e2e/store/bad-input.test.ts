import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUT_OBJECT, type Payload } from '../../support/operations.js';
import { abandonUpload } from '../../support/abandoned-upload.js';
import { startStack, type TestStack } from '../../support/stack.js';

const MAX_INLINE_BYTES = 64;
const MAX_UPLOAD_BYTES = 1024;

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({
    MAX_INLINE_BYTES: String(MAX_INLINE_BYTES),
    MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES),
    MAX_UPLOAD_FILES: '2',
  });
});
afterAll(() => stack.close());

interface PutResult {
  putObject: Payload;
}

async function storedKeys(): Promise<string[]> {
  const { Contents = [] } = await stack.s3.send(new ListObjectsV2Command({ Bucket: stack.bucket }));
  return Contents.map(({ Key }) => Key ?? '');
}

async function putFails(input: Record<string, unknown>, code: string): Promise<string> {
  const result = await stack.graphql<PutResult>(PUT_OBJECT, { input: { bucket: stack.bucket, ...input } });
  expect(result.data?.putObject).toMatchObject({ success: false, error: { code }, object: null });
  return result.data?.putObject.error?.message ?? '';
}

describe('names and keys are checked before any S3 call', () => {
  it.each(['UPPER', 'ab', 'a'.repeat(64), 'under_score', '-dash', 'dots..dots', '192.168.1.1', 'xn--bucket', '../etc', 'with/slash'])(
    'refuses the bucket name %j with INVALID_INPUT',
    async (bucket) => {
      const message = await putFails({ bucket, key: 'k', text: 'x' }, 'INVALID_INPUT');
      expect(message).toMatch(/bucket name/i);
      const query = await stack.graphql(`query($bucket: String!) { bucket(name: $bucket) { name } }`, { bucket });
      expect(query.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    },
  );

  it.each([
    ['empty', ''],
    ['1025 UTF-8 bytes', `${'é'.repeat(512)}x`],
    ['a control character', 'line\nbreak'],
    ['a lone surrogate', 'broken\ud800'],
  ])('refuses a key that is %s', async (_label, key) => {
    await putFails({ key, text: 'x' }, 'INVALID_INPUT');
    const query = await stack.graphql(`query($bucket: String!, $key: String!) { object(bucket: $bucket, key: $key) { key } }`, {
      bucket: stack.bucket,
      key,
    });
    expect(query.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
  });

  it('accepts a key of exactly 1024 UTF-8 bytes', async () => {
    const key = 'é'.repeat(512);
    const result = await stack.graphql<PutResult>(PUT_OBJECT, { input: { bucket: stack.bucket, key, text: 'long' } });
    expect(result.data?.putObject).toMatchObject({ success: true, object: { key } });
  });

  it('refuses content given twice or not at all, bad base64, and bad metadata', async () => {
    expect(await putFails({ key: 'two', text: 'a', base64: 'YQ==' }, 'INVALID_INPUT')).toMatch(/exactly one/);
    await putFails({ key: 'none' }, 'INVALID_INPUT');
    await putFails({ key: 'b64', base64: 'not base64!' }, 'INVALID_INPUT');
    await putFails({ key: 'b64', base64: 'YQ=' }, 'INVALID_INPUT');
    await putFails({ key: 'meta', text: 'x', metadata: [{ key: 'bad key', value: 'v' }] }, 'INVALID_INPUT');
    await putFails({ key: 'meta', text: 'x', metadata: [{ key: 'k', value: 'ünicode' }] }, 'INVALID_INPUT');
    await putFails(
      {
        key: 'meta',
        text: 'x',
        metadata: [
          { key: 'k', value: 'a' },
          { key: 'K', value: 'b' },
        ],
      },
      'INVALID_INPUT',
    );
    await putFails({ key: 'meta', text: 'x', metadata: [{ key: 'big', value: 'v'.repeat(2100) }] }, 'INVALID_INPUT');
    await putFails({ key: 'type', text: 'x', contentType: 'text/plain\r\nx-evil: 1' }, 'INVALID_INPUT');
    expect(await storedKeys()).not.toEqual(expect.arrayContaining(['two', 'none', 'b64', 'meta', 'type']));
  });

  it('refuses presigned URLs beyond seven days', async () => {
    await stack.graphql(PUT_OBJECT, { input: { bucket: stack.bucket, key: 'signed.txt', text: 'x' } });
    for (const expiresIn of [0, 604801]) {
      const result = await stack.graphql(
        `query($bucket: String!, $e: Int) { object(bucket: $bucket, key: "signed.txt") { downloadUrl(expiresIn: $e) } }`,
        {
          bucket: stack.bucket,
          e: expiresIn,
        },
      );
      expect(result.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    }
  });
});

describe('size limits', () => {
  it('answers ENTITY_TOO_LARGE for inline content above MAX_INLINE_BYTES, while downloadUrl still works', async () => {
    await stack.graphql(PUT_OBJECT, { input: { bucket: stack.bucket, key: 'big.txt', text: 'x'.repeat(MAX_INLINE_BYTES + 1) } });
    await stack.graphql(PUT_OBJECT, { input: { bucket: stack.bucket, key: 'fits.txt', text: 'x'.repeat(MAX_INLINE_BYTES) } });
    const result = await stack.graphql<{ big: { size: number; text: null; downloadUrl: string }; fits: { text: string } }>(
      `query($bucket: String!) {
        big: getObject(bucket: $bucket, key: "big.txt") { size text downloadUrl }
        fits: getObject(bucket: $bucket, key: "fits.txt") { text }
      }`,
      { bucket: stack.bucket },
    );
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]).toMatchObject({ path: ['big', 'text'], extensions: { code: 'ENTITY_TOO_LARGE' } });
    expect(result.data?.big).toMatchObject({ size: MAX_INLINE_BYTES + 1, text: null });
    expect(result.data?.fits.text).toHaveLength(MAX_INLINE_BYTES);
    expect(await (await fetch(result.data?.big.downloadUrl ?? '')).text()).toHaveLength(MAX_INLINE_BYTES + 1);
  });

  it('refuses text one byte over MAX_UPLOAD_BYTES and stores nothing', async () => {
    await putFails({ key: 'over.txt', text: 'x'.repeat(MAX_UPLOAD_BYTES + 1) }, 'ENTITY_TOO_LARGE');
    expect(await storedKeys()).not.toContain('over.txt');
  });

  it('refuses a file upload one byte over MAX_UPLOAD_BYTES and stores nothing, but takes one at the limit', async () => {
    const over = await stack.upload<PutResult>(
      PUT_OBJECT,
      { input: { bucket: stack.bucket, key: 'over.bin', file: null } },
      { 'variables.input.file': new Blob([Buffer.alloc(MAX_UPLOAD_BYTES + 1)]) },
    );
    expect(over.data?.putObject).toMatchObject({ success: false, error: { code: 'ENTITY_TOO_LARGE' } });
    await expect(stack.s3.send(new HeadObjectCommand({ Bucket: stack.bucket, Key: 'over.bin' }))).rejects.toThrow();

    const atLimit = await stack.upload<PutResult>(
      PUT_OBJECT,
      { input: { bucket: stack.bucket, key: 'limit.bin', file: null } },
      { 'variables.input.file': new Blob([Buffer.alloc(MAX_UPLOAD_BYTES)]) },
    );
    expect(atLimit.data?.putObject).toMatchObject({ success: true });
  });

  it('refuses more files than MAX_UPLOAD_FILES with 413', async () => {
    const files = Object.fromEntries([0, 1, 2].map((index) => [`variables.files.${index}`, new Blob(['x'])]));
    const result = await stack.upload(`mutation($files: [Upload]) { __typename }`, { files: [null, null, null] }, files);
    expect(result.status).toBe(413);
    expect(result.errors?.[0]?.extensions?.code).toBe('ENTITY_TOO_LARGE');
  });
});

describe('malformed requests get a 4xx and the gateway keeps serving', () => {
  async function post(body: string | FormData, contentType?: string): Promise<Response> {
    return fetch(stack.gateway.url, { method: 'POST', body, headers: contentType === undefined ? {} : { 'content-type': contentType } });
  }

  it('answers 4xx to broken JSON, broken multipart and unknown fields', async () => {
    expect((await post('{"query": ', 'application/json')).status).toBe(400);
    expect((await post('--x\r\nbroken', 'multipart/form-data; boundary=x')).status).toBeGreaterThanOrEqual(400);
    const badMap = new FormData();
    badMap.append('operations', '{"query": "{ __typename }"}');
    badMap.append('map', 'not json');
    expect((await post(badMap)).status).toBe(400);
    const unknownField = await stack.graphql('{ nope }');
    expect(unknownField.status).toBe(400);
    expect(unknownField.errors?.[0]?.message).toMatch(/Cannot query field "nope"/);
    const alive = await stack.graphql('{ __typename }');
    expect(alive).toMatchObject({ status: 200, data: { __typename: 'Query' } });
  });

  it.each([
    ['a wrong type', { key: 5 }, 'Variable "$input" got invalid value 5 at "input.key"; String cannot represent a non string value: 5'],
    ['an unknown field', { key: 'k', nope: 1 }, 'Field "nope" is not defined by type "PutObjectInput".'],
    ['a missing required field', {}, 'Field "key" of required type "String!" was not provided.'],
  ])('answers a variable with %s as the client mistake it is (BAD_USER_INPUT), naming the variable', async (_label, input, message) => {
    const result = await stack.graphql<PutResult>(PUT_OBJECT, { input: { bucket: stack.bucket, text: 'x', ...input } });
    expect(result.status).toBe(400);
    expect(result.data).toBeUndefined();
    expect(result.errors).toEqual([expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' } })]);
    expect(result.errors?.[0]?.message).toMatch(/^Variable "\$input" got invalid value/);
    expect(result.errors?.[0]?.message).toContain(message);
    expect(await storedKeys()).not.toContain('k');
  });

  it('answers a bad variable of a multipart upload with BAD_USER_INPUT', async () => {
    const result = await stack.upload<PutResult>(
      PUT_OBJECT,
      { input: { bucket: stack.bucket, key: 'typed.bin', file: null, size: 'one' } },
      { 'variables.input.file': new Blob(['x']) },
    );
    expect(result.errors).toEqual([expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' } })]);
    expect(result.errors?.[0]?.message).toMatch(/^Variable "\$input" got invalid value "one" at "input\.size"/);
    expect((await stack.graphql('{ __typename }')).data).toEqual({ __typename: 'Query' });
  });

  /** Sends `text` as it is over a new connection and resolves with all the gateway answered. */
  async function rawExchange(text: string): Promise<string> {
    const { connect } = await import('node:net');
    const url = new URL(stack.gateway.url);
    return new Promise<string>((resolve) => {
      let received = '';
      const socket = connect(Number(url.port), url.hostname, () => socket.write(text));
      socket.on('data', (chunk) => (received += chunk.toString()));
      socket.on('close', () => resolve(received));
    });
  }

  it('answers 400 to a request that is not HTTP', async () => {
    expect(await rawExchange('NOT HTTP AT ALL\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    expect((await stack.graphql('{ __typename }')).data).toEqual({ __typename: 'Query' });
  });

  it('answers 400, not 500, to a Host header that makes no URL', async () => {
    const body = '{"query":"{ __typename }"}';
    const answer = await rawExchange(
      `POST /graphql HTTP/1.1\r\nHost: a b\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(answer).toContain('"code":"INVALID_INPUT"');
  });

  it('keeps serving after a client drops a multipart upload mid-body', async () => {
    await abandonUpload(
      stack.gateway.url,
      { query: PUT_OBJECT, variables: { input: { bucket: stack.bucket, key: 'dropped.bin', file: null } } },
      500,
    );
    const alive = await stack.graphql('{ __typename }');
    expect(alive.data).toEqual({ __typename: 'Query' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await storedKeys()).not.toContain('dropped.bin');
  });
});
