import { createHash, randomBytes } from 'node:crypto';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COPY_OBJECT, MOVE_OBJECT, PUT_OBJECT, type Payload } from '../../support/operations.js';
import { abandonUpload } from '../../support/abandoned-upload.js';
import { startStack, type TestStack } from '../../support/stack.js';

const MiB = 1024 * 1024;
let stack: TestStack;

beforeAll(async () => {
  // A low multipart-copy threshold exercises UploadPartCopy with small objects.
  stack = await startStack({
    MULTIPART_COPY_THRESHOLD_BYTES: String(6 * MiB),
    MULTIPART_COPY_PART_BYTES: String(5 * MiB),
    MAX_UPLOAD_BYTES: String(64 * MiB),
  });
});
afterAll(() => stack.close());

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function stored(key: string): Promise<Buffer> {
  const { Body } = await stack.s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: key }));
  return Buffer.from(await (Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
}

async function exists(key: string): Promise<boolean> {
  return stack.s3.send(new HeadObjectCommand({ Bucket: stack.bucket, Key: key })).then(
    () => true,
    () => false,
  );
}

async function pendingUploads(): Promise<string[]> {
  const { Uploads = [] } = await stack.s3.send(new ListMultipartUploadsCommand({ Bucket: stack.bucket }));
  return Uploads.map(({ Key }) => Key ?? '');
}

describe('uploads', () => {
  it('streams a file above the part size into a multipart upload, byte for byte', async () => {
    const content = randomBytes(20 * MiB + 123);
    const result = await stack.upload<{ putObject: Payload }>(
      PUT_OBJECT,
      { input: { bucket: stack.bucket, key: 'big/random.bin', file: null, size: content.length } },
      { 'variables.input.file': new Blob([content], { type: 'application/x-random' }) },
    );
    expect(result.data?.putObject).toMatchObject({ success: true, object: { size: content.length, contentType: 'application/x-random' } });
    expect(sha256(await stored('big/random.bin'))).toBe(sha256(content));
    expect(await pendingUploads()).toEqual([]);
  });

  it('refuses a file that is not the size declared, storing nothing', async () => {
    const result = await stack.upload<{ putObject: Payload }>(
      PUT_OBJECT,
      { input: { bucket: stack.bucket, key: 'big/liar.bin', file: null, size: 10 } },
      { 'variables.input.file': new Blob([Buffer.alloc(11)]) },
    );
    expect(result.data?.putObject).toMatchObject({ success: false, error: { code: 'INVALID_INPUT' } });
    expect(await exists('big/liar.bin')).toBe(false);
  });

  it('completes several files in one request, whatever order the files come in', async () => {
    const query = /* GraphQL */ `
      mutation($a: Upload!, $b: Upload!) {
        first: putObject(input: { bucket: "${stack.bucket}", key: "multi/a.txt", file: $a }) { success error { message } }
        second: putObject(input: { bucket: "${stack.bucket}", key: "multi/b.txt", file: $b }) { success error { message } }
      }
    `;
    // The file of the second mutation is sent first, and both are larger than any buffer along the way.
    const [a, b] = [randomBytes(14 * MiB), randomBytes(14 * MiB)];
    const result = await stack.upload(query, { a: null, b: null }, { 'variables.b': new Blob([b]), 'variables.a': new Blob([a]) });
    expect(result.data).toEqual({ first: { success: true, error: null }, second: { success: true, error: null } });
    expect(sha256(await stored('multi/a.txt'))).toBe(sha256(a));
    expect(sha256(await stored('multi/b.txt'))).toBe(sha256(b));
  });

  it('leaves no object and no pending multipart upload when the client disconnects mid-upload', async () => {
    // More than two 8 MiB parts, so that a multipart upload is under way when the client goes.
    await abandonUpload(
      stack.gateway.url,
      { query: PUT_OBJECT, variables: { input: { bucket: stack.bucket, key: 'big/aborted.bin', file: null } } },
      20 * MiB,
    );
    for (let attempt = 0; attempt < 50 && (await pendingUploads()).length > 0; attempt += 1)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await pendingUploads()).toEqual([]);
    expect(await exists('big/aborted.bin')).toBe(false);
    expect((await stack.graphql('{ __typename }')).data).toEqual({ __typename: 'Query' });
  });
});

describe('downloads through the gateway', () => {
  const content = Buffer.from('0123456789abcdefghij');
  let url = '';

  beforeAll(async () => {
    await stack.s3.send(
      new PutObjectCommand({ Bucket: stack.bucket, Key: 'dl/some file+name.txt', Body: content, ContentType: 'text/x-test' }),
    );
    const result = await stack.graphql<{ object: { gatewayUrl: string; document: { gatewayUrl: string } } }>(
      `query($b: String!) { object(bucket: $b, key: "dl/some file+name.txt") { gatewayUrl document { gatewayUrl } } }`,
      { b: stack.bucket },
    );
    url = result.data?.object.gatewayUrl ?? '';
    expect(result.data?.object.document.gatewayUrl).toBe(url);
  });

  it('streams the object with its headers', async () => {
    expect(url).toBe(`${new URL(stack.gateway.url).origin}/objects/${stack.bucket}/dl/some%20file%2Bname.txt`);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/x-test');
    expect(response.headers.get('content-length')).toBe(String(content.length));
    expect(response.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    expect(response.headers.get('last-modified')).toMatch(/GMT$/);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(content);
  });

  it('answers a Range with 206 and a matching If-None-Match with 304', async () => {
    const partial = await fetch(url, { headers: { range: 'bytes=5-9' } });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toBe(`bytes 5-9/${content.length}`);
    expect(await partial.text()).toBe('56789');
    const eTag = (await fetch(url, { method: 'HEAD' })).headers.get('etag') ?? '';
    expect((await fetch(url, { headers: { 'if-none-match': eTag } })).status).toBe(304);
    expect((await fetch(url, { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
    expect((await fetch(url, { headers: { range: 'bytes=500-600' } })).status).toBe(416);
  });

  it('answers a suffix Range (bytes=-N) with the last N bytes, from the store and through the gateway', async () => {
    const direct = await stack.s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: 'dl/some file+name.txt', Range: 'bytes=-3' }));
    expect(direct.ContentRange).toBe(`bytes 17-19/${content.length}`);
    expect(await direct.Body?.transformToString()).toBe('hij');
    const partial = await fetch(url, { headers: { range: 'bytes=-3' } });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toBe(`bytes 17-19/${content.length}`);
    expect(await partial.text()).toBe('hij');
    // A suffix longer than the object is the whole object, as in S3.
    expect(await (await fetch(url, { headers: { range: 'bytes=-500' } })).text()).toBe(content.toString());
  });

  it('answers 404 with a code for a missing object or bucket, and 400 for a bad path', async () => {
    const missing = await fetch(`${new URL(stack.gateway.url).origin}/objects/${stack.bucket}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ errors: [{ extensions: { code: 'NO_SUCH_KEY' } }] });
    expect((await fetch(`${new URL(stack.gateway.url).origin}/objects/no-such-bucket-s3gw/x`)).status).toBe(404);
    expect((await fetch(`${new URL(stack.gateway.url).origin}/objects/Bad_Bucket/x`)).status).toBe(400);
  });
});

describe('presigned uploads', () => {
  it('gives a POST form a browser can use', async () => {
    const result = await stack.graphql<{ presignPost: { url: string; fields: { key: string; value: string }[] } }>(
      `mutation($b: String!) { presignPost(input: { bucket: $b, key: "presigned/form.txt", contentType: "text/plain" }) { url fields { key value } } }`,
      { b: stack.bucket },
    );
    const form = new FormData();
    for (const { key, value } of result.data?.presignPost.fields ?? []) form.append(key, value);
    form.append('file', new Blob(['from a form'], { type: 'text/plain' }));
    expect((await fetch(result.data?.presignPost.url ?? '', { method: 'POST', body: form })).status).toBeLessThan(300);
    expect((await stored('presigned/form.txt')).toString()).toBe('from a form');
  });

  it('gives a PUT URL bound to its content type', async () => {
    const result = await stack.graphql<{
      presignUpload: { success: boolean; url: string; fields: { key: string; value: string }[]; expiresAt: string };
    }>(
      `mutation($b: String!) { presignUpload(input: { bucket: $b, key: "presigned/put.txt", contentType: "text/plain", expiresIn: 60 }) { success url fields { key value } expiresAt } }`,
      { b: stack.bucket },
    );
    const { url, fields, expiresAt } = result.data?.presignUpload ?? { url: '', fields: [], expiresAt: '' };
    expect(fields).toEqual([{ key: 'Content-Type', value: 'text/plain' }]);
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now());
    const wrongType = await fetch(url, { method: 'PUT', body: 'x', headers: { 'content-type': 'image/png' } });
    expect(wrongType.status).toBe(403);
    const put = await fetch(url, { method: 'PUT', body: 'sent straight to S3', headers: { 'content-type': 'text/plain' } });
    expect(put.status).toBe(200);
    expect((await stored('presigned/put.txt')).toString()).toBe('sent straight to S3');
  });

  it('gives a POST form whose policy bounds the size', async () => {
    const result = await stack.graphql<{ presignPost: { success: boolean; url: string; fields: { key: string; value: string }[] } }>(
      `mutation($b: String!) { presignPost(input: { bucket: $b, key: "presigned/post.txt", maxBytes: 16 }) { success url fields { key value } } }`,
      { b: stack.bucket },
    );
    const { url, fields } = result.data?.presignPost ?? { url: '', fields: [] };
    const post = (body: string) => {
      const form = new FormData();
      for (const { key, value } of fields) form.append(key, value);
      form.append('file', new Blob([body]));
      return fetch(url, { method: 'POST', body: form });
    };
    expect((await post('too large for the policy')).status).toBe(400);
    expect(await exists('presigned/post.txt')).toBe(false);
    expect((await post('fits')).status).toBeLessThan(300);
    expect((await stored('presigned/post.txt')).toString()).toBe('fits');
  });
});

describe('presigned POST forms grant no more than their policy', () => {
  async function presignedForm(key: string): Promise<{ url: string; fields: Map<string, string> }> {
    const result = await stack.graphql<{ presignPost: { url: string; fields: { key: string; value: string }[] } }>(
      `mutation($b: String!, $k: String!) { presignPost(input: { bucket: $b, key: $k, maxBytes: 16 }) { url fields { key value } } }`,
      { b: stack.bucket, k: key },
    );
    return {
      url: result.data?.presignPost.url ?? '',
      fields: new Map(result.data?.presignPost.fields.map(({ key, value }) => [key, value])),
    };
  }

  function post(url: string, fields: Map<string, string>, body: string): Promise<Response> {
    const form = new FormData();
    for (const [name, value] of fields) form.append(name, value);
    form.append('file', new Blob([body]));
    return fetch(url, { method: 'POST', body: form });
  }

  it("refuses another key than the form's, an extra field, and a forged policy, storing nothing", async () => {
    const { url, fields } = await presignedForm('users/carol/photo.txt');
    const elsewhere = await post(url, new Map([...fields, ['key', 'users/bob/photo.txt']]), 'not carol');
    expect(elsewhere.status).toBe(403);
    expect(await exists('users/bob/photo.txt')).toBe(false);

    const extra = await post(url, new Map([...fields, ['x-amz-meta-owner', 'mallory']]), 'extra field');
    expect(extra.status).toBe(403);

    const policy = JSON.parse(Buffer.from(fields.get('Policy') ?? '', 'base64').toString()) as { conditions: unknown[] };
    policy.conditions = policy.conditions.map((condition) =>
      JSON.stringify(condition) === JSON.stringify({ key: 'users/carol/photo.txt' }) ? ['starts-with', '$key', 'users/'] : condition,
    );
    const forged = new Map([...fields, ['Policy', Buffer.from(JSON.stringify(policy)).toString('base64')], ['key', 'users/bob/photo.txt']]);
    expect((await post(url, forged, 'forged')).status).toBe(403);
    expect(await exists('users/bob/photo.txt')).toBe(false);
    expect(await exists('users/carol/photo.txt')).toBe(false);

    expect((await post(url, fields, 'carol')).status).toBeLessThan(300);
    expect((await stored('users/carol/photo.txt')).toString()).toBe('carol');
  });

  it('answers an unsigned request, which carries no policy at all, with 403', async () => {
    const url = `${stack.gateway.storeEndpoint ?? ''}/${stack.bucket}/users/bob/unsigned.txt`;
    expect((await fetch(url, { method: 'PUT', body: 'unsigned' })).status).toBe(403);
    expect(await exists('users/bob/unsigned.txt')).toBe(false);
    await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: 'users/bob/unsigned.txt', Body: 'private' }));
    expect((await fetch(url)).status).toBe(403);
    expect((await fetch(`${stack.gateway.storeEndpoint ?? ''}/${stack.bucket}?list-type=2`)).status).toBe(403);
  });

  it('keeps the object a refused, over-size form would have replaced', async () => {
    const { url, fields } = await presignedForm('users/carol/kept.txt');
    expect((await post(url, fields, 'first')).status).toBeLessThan(300);
    expect((await post(url, fields, 'far more than sixteen bytes')).status).toBe(400);
    expect((await stored('users/carol/kept.txt')).toString()).toBe('first');
  });
});

describe('copies and moves above the multipart threshold', () => {
  it('copies with UploadPartCopy, keeping content, type and metadata', async () => {
    const content = randomBytes(12 * MiB + 5);
    await stack.s3.send(
      new PutObjectCommand({
        Bucket: stack.bucket,
        Key: 'mp/source.bin',
        Body: content,
        ContentType: 'application/x-big',
        Metadata: { origin: 'test' },
      }),
    );
    const copied = await stack.graphql<{ copyObject: Payload }>(COPY_OBJECT, {
      input: { bucket: stack.bucket, key: 'mp/source.bin', destinationKey: 'mp/copy.bin' },
    });
    expect(copied.data?.copyObject).toMatchObject({
      success: true,
      object: { size: content.length, contentType: 'application/x-big', metadata: [{ key: 'origin', value: 'test' }] },
    });
    expect(sha256(await stored('mp/copy.bin'))).toBe(sha256(content));

    const moved = await stack.graphql<{ moveObject: Payload }>(MOVE_OBJECT, {
      input: { bucket: stack.bucket, key: 'mp/copy.bin', destinationKey: 'mp/moved.bin' },
    });
    expect(moved.data?.moveObject).toMatchObject({ success: true, object: { size: content.length } });
    expect(await exists('mp/copy.bin')).toBe(false);
    expect(sha256(await stored('mp/moved.bin'))).toBe(sha256(content));
    expect(await pendingUploads()).toEqual([]);
  });

  it('keeps the source of a move whose copy fails', async () => {
    await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: 'mp/keep.bin', Body: randomBytes(7 * MiB) }));
    const moved = await stack.graphql<{ moveObject: Payload }>(MOVE_OBJECT, {
      input: { bucket: stack.bucket, key: 'mp/keep.bin', destinationBucket: 'no-such-bucket-s3gw-test' },
    });
    expect(moved.data?.moveObject).toMatchObject({ success: false, error: { code: 'NO_SUCH_BUCKET' } });
    expect(await exists('mp/keep.bin')).toBe(true);
    const { Contents = [] } = await stack.s3.send(new ListObjectsV2Command({ Bucket: stack.bucket, Prefix: 'mp/' }));
    expect(Contents.map(({ Key }) => Key)).toContain('mp/keep.bin');
  });
});
