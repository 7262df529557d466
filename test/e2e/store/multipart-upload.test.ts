import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../../src/auth/authenticate.js';
import { PUT_OBJECT, type Payload } from '../../support/operations.js';
import { startS3Proxy, type S3Proxy } from '../../support/s3-proxy.js';
import { postGraphQL, startStack, storeKind, type GraphQLResponse, type TestStack } from '../../support/stack.js';

/** Uploads whose parts a plain HTTP client PUTs straight to the store, through URLs the gateway signs. */

const MiB = 1024 * 1024;
const API_KEY = 's3gw_multipart_0123456789abcdef';

let stack: TestStack;
let proxy: S3Proxy;
/** A gateway through the counting proxy, with a policy that grants `allowed/` only and MAX_UPLOAD_BYTES of 6 MiB. */
let guardedUrl: string;
let policyDirectory: string;

beforeAll(async () => {
  stack = await startStack();
  proxy = await startS3Proxy(stack.gateway.storeEndpoint ?? '');
  policyDirectory = await mkdtemp(join(tmpdir(), 's3gw-multipart-'));
  const policyFile = join(policyDirectory, 'policy.yaml');
  await writeFile(
    policyFile,
    `principals:\n  - name: uploader\n    apiKeys: ["sha256:${hashApiKey(API_KEY)}"]\n    grants:\n      - buckets: ["${stack.bucket}"]\n        prefixes: [allowed/]\n        actions: [list, read, write, delete]\n`,
  );
  const guarded = await stack.gatewayVia(proxy.endpoint, { AUTH_POLICY_FILE: policyFile, MAX_UPLOAD_BYTES: String(6 * MiB) });
  guardedUrl = guarded.url;
});

afterAll(async () => {
  await proxy.close();
  await stack.close();
  await rm(policyDirectory, { recursive: true, force: true });
});

const CREATE = /* GraphQL */ `
  mutation Create($input: CreateMultipartUploadInput!) {
    createMultipartUpload(input: $input) {
      success
      error {
        code
        message
      }
      upload {
        bucket
        key
        uploadId
        partSize
      }
    }
  }
`;
const SIGN = /* GraphQL */ `
  mutation Sign($input: SignUploadPartsInput!) {
    signUploadParts(input: $input) {
      success
      error {
        code
        message
      }
      parts {
        partNumber
        url
      }
      expiresAt
    }
  }
`;
const COMPLETE = /* GraphQL */ `
  mutation Complete($input: CompleteMultipartUploadInput!) {
    completeMultipartUpload(input: $input) {
      success
      error {
        code
        message
      }
      object {
        key
        size
        eTag
      }
    }
  }
`;
const ABORT = /* GraphQL */ `
  mutation Abort($input: AbortMultipartUploadInput!) {
    abortMultipartUpload(input: $input) {
      success
      error {
        code
        message
      }
    }
  }
`;
const ABORT_ALL = /* GraphQL */ `
  mutation AbortAll($input: AbortMultipartUploadsInput!) {
    abortMultipartUploads(input: $input) {
      success
      error {
        code
        message
      }
      job {
        kind
        state
        succeeded
        failed
      }
    }
  }
`;
const PARTS = /* GraphQL */ `
  query Parts($bucket: String!, $key: String!, $uploadId: String!, $after: Int) {
    bucket(name: $bucket) {
      multipartUpload(key: $key, uploadId: $uploadId) {
        partSize
        parts(after: $after) {
          partNumber
          size
          eTag
        }
      }
    }
  }
`;
const PENDING = /* GraphQL */ `
  query Pending($bucket: String!, $prefix: String, $first: Int, $after: String) {
    bucket(name: $bucket) {
      multipartUploads(prefix: $prefix, first: $first, after: $after) {
        edges {
          cursor
          node {
            key
            uploadId
            initiated
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

interface Upload {
  bucket: string;
  key: string;
  uploadId: string;
  partSize: number;
}
interface MutationResult {
  success: boolean;
  error: { code: string; message: string } | null;
}
type Create = { createMultipartUpload: MutationResult & { upload: Upload | null } };
type Sign = { signUploadParts: MutationResult & { parts: { partNumber: number; url: string }[] | null } };
type Complete = { completeMultipartUpload: MutationResult & { object: { key: string; size: number; eTag: string } | null } };
type Parts = { bucket: { multipartUpload: { partSize: number | null; parts: { partNumber: number; size: number; eTag: string }[] } } };
type Pending = {
  bucket: {
    multipartUploads: {
      edges: { cursor: string; node: { key: string; uploadId: string; initiated: string } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
};

const content = (size: number, seed: number) => Buffer.alloc(size, seed);

async function create(key: string, size: number, extra: Record<string, unknown> = {}): Promise<Upload> {
  const result = await stack.graphql<Create>(CREATE, { input: { bucket: stack.bucket, key, size, ...extra } });
  expect(result.data?.createMultipartUpload.error).toBeNull();
  return result.data?.createMultipartUpload.upload as Upload;
}

type GraphQLCall = <T>(query: string, variables: Record<string, unknown>) => Promise<GraphQLResponse<T>>;

async function sign(upload: Upload, partNumbers: number[], graphql: GraphQLCall = (query, variables) => stack.graphql(query, variables)) {
  const { bucket, key, uploadId } = upload;
  const result = await graphql<Sign>(SIGN, { input: { bucket, key, uploadId, partNumbers } });
  return result.data?.signUploadParts;
}

/** PUTs a part to its presigned URL with a plain HTTP client, as a browser would; answers the ETag header. */
async function putPart(url: string, body: Buffer): Promise<{ status: number; eTag: string | null }> {
  const response = await fetch(url, { method: 'PUT', body: new Uint8Array(body) });
  await response.arrayBuffer();
  return { status: response.status, eTag: response.headers.get('etag') };
}

interface SentPart {
  partNumber: number;
  eTag: string;
}

async function uploadParts(upload: Upload, parts: { partNumber: number; body: Buffer }[]): Promise<SentPart[]> {
  const signed = await sign(
    upload,
    parts.map(({ partNumber }) => partNumber),
  );
  return Promise.all(
    parts.map(async ({ partNumber, body }) => {
      const url = signed?.parts?.find((part) => part.partNumber === partNumber)?.url ?? '';
      const { status, eTag } = await putPart(url, body);
      expect(status).toBe(200);
      return { partNumber, eTag: eTag ?? '' };
    }),
  );
}

async function complete(upload: Upload, parts: (SentPart | undefined)[]) {
  const { bucket, key, uploadId } = upload;
  return (await stack.graphql<Complete>(COMPLETE, { input: { bucket, key, uploadId, parts } })).data?.completeMultipartUpload;
}

async function storedBytes(key: string): Promise<Buffer> {
  const { Body } = await stack.s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: key }));
  return Buffer.from(await (Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
}

async function exists(key: string): Promise<boolean> {
  return stack.s3.send(new HeadObjectCommand({ Bucket: stack.bucket, Key: key })).then(
    () => true,
    () => false,
  );
}

async function pendingKeys(prefix: string): Promise<string[]> {
  const result = await stack.graphql<Pending>(PENDING, { bucket: stack.bucket, prefix });
  return result.data?.bucket.multipartUploads.edges.map(({ node }) => node.key) ?? [];
}

describe('multipart uploads straight to the store', () => {
  it('creates, signs, takes parts PUT by a plain HTTP client, and completes into the object with its headers', async () => {
    const key = 'flow/report.bin';
    const first = content(8 * MiB, 1);
    const last = content(MiB + 17, 2);
    const storageClass = storeKind === 'embedded' ? 'STANDARD_IA' : 'STANDARD';
    const upload = await create(key, first.length + last.length, {
      contentType: 'application/x-report',
      cacheControl: 'max-age=3600',
      contentDisposition: 'attachment; filename="report.bin"',
      storageClass,
      metadata: [{ key: 'Origin', value: 'browser' }],
    });
    expect(upload).toMatchObject({ bucket: stack.bucket, key, partSize: 8 * MiB });

    const parts = await uploadParts(upload, [
      { partNumber: 1, body: first },
      { partNumber: 2, body: last },
    ]);
    const completed = await complete(upload, parts);
    expect(completed).toMatchObject({ success: true, error: null, object: { key, size: first.length + last.length } });
    expect((await storedBytes(key)).equals(Buffer.concat([first, last]))).toBe(true);

    const head = await stack.s3.send(new HeadObjectCommand({ Bucket: stack.bucket, Key: key }));
    expect(head).toMatchObject({
      ContentType: 'application/x-report',
      CacheControl: 'max-age=3600',
      ContentDisposition: 'attachment; filename="report.bin"',
      Metadata: { origin: 'browser' },
    });
    const shown = await stack.graphql<{ object: Record<string, unknown> }>(
      `query($b: String!, $k: String!) { object(bucket: $b, key: $k) { contentType cacheControl contentDisposition storageClass } }`,
      { b: stack.bucket, k: key },
    );
    expect(shown.data?.object).toEqual({
      contentType: 'application/x-report',
      cacheControl: 'max-age=3600',
      contentDisposition: 'attachment; filename="report.bin"',
      storageClass,
    });
    expect(await pendingKeys('flow/')).toEqual([]);
  });

  it('resumes from nothing but bucket, key and uploadId: lists the parts, signs the missing one, completes', async () => {
    const key = 'resume/video.bin';
    const parts = [content(8 * MiB, 3), content(8 * MiB, 4), content(3 * MiB, 5)];
    const upload = await create(key, 19 * MiB);
    const [sent] = await uploadParts(upload, [{ partNumber: 2, body: parts[1] as Buffer }]);
    await uploadParts(upload, [{ partNumber: 1, body: parts[0] as Buffer }]);

    // A new page load: the client knows only where it was uploading to.
    const { bucket, key: knownKey, uploadId } = upload;
    const listed = await stack.graphql<Parts>(PARTS, { bucket, key: knownKey, uploadId });
    expect(listed.errors).toBeUndefined();
    const { partSize, parts: present } = listed.data?.bucket.multipartUpload ?? { partSize: null, parts: [] };
    expect(partSize).toBe(8 * MiB);
    expect(present.map(({ partNumber, size }) => ({ partNumber, size }))).toEqual([
      { partNumber: 1, size: 8 * MiB },
      { partNumber: 2, size: 8 * MiB },
    ]);
    expect(present[1]?.eTag).toBe(sent?.eTag);
    const afterFirst = await stack.graphql<Parts>(PARTS, { bucket, key, uploadId, after: 1 });
    expect(afterFirst.data?.bucket.multipartUpload.parts.map(({ partNumber }) => partNumber)).toEqual([2]);

    const [missing] = await uploadParts(upload, [{ partNumber: 3, body: parts[2] as Buffer }]);
    const completed = await complete(upload, [...present.map(({ partNumber, eTag }) => ({ partNumber, eTag })), missing]);
    expect(completed).toMatchObject({ success: true, object: { size: 19 * MiB } });
    expect((await storedBytes(key)).equals(Buffer.concat(parts))).toBe(true);
  });

  it('aborts: the upload is gone, and completing, listing or aborting it again is NO_SUCH_UPLOAD', async () => {
    const key = 'abort/big.bin';
    const upload = await create(key, 12 * MiB);
    const parts = await uploadParts(upload, [{ partNumber: 1, body: content(8 * MiB, 6) }]);
    expect(await pendingKeys('abort/')).toEqual([key]);
    const { bucket, uploadId } = upload;
    const aborted = await stack.graphql<{ abortMultipartUpload: MutationResult }>(ABORT, { input: { bucket, key, uploadId } });
    expect(aborted.data?.abortMultipartUpload).toEqual({ success: true, error: null });
    expect(await pendingKeys('abort/')).toEqual([]);

    expect((await complete(upload, parts))?.error?.code).toBe('NO_SUCH_UPLOAD');
    const again = await stack.graphql<{ abortMultipartUpload: MutationResult }>(ABORT, { input: { bucket, key, uploadId } });
    expect(again.data?.abortMultipartUpload.error?.code).toBe('NO_SUCH_UPLOAD');
    const listed = await stack.graphql<Parts>(PARTS, { bucket, key, uploadId });
    expect(listed.errors?.[0]?.extensions?.code).toBe('NO_SUCH_UPLOAD');
    expect(await exists(key)).toBe(false);
  });

  it('lists incomplete uploads in pages whose cursors another gateway process resumes, and aborts old ones as a job', async () => {
    const uploads = [await create('pending/a.bin', MiB), await create('pending/b.bin', MiB), await create('pending/c.bin', MiB)];
    await create('kept/d.bin', MiB);
    const firstPage = await stack.graphql<Pending>(PENDING, { bucket: stack.bucket, prefix: 'pending/', first: 2 });
    const connection = firstPage.data?.bucket.multipartUploads;
    expect(connection?.edges.map(({ node }) => node.key)).toEqual(['pending/a.bin', 'pending/b.bin']);
    expect(connection?.edges[0]?.node.uploadId).toBe(uploads[0]?.uploadId);
    expect(Number.isNaN(Date.parse(connection?.edges[0]?.node.initiated ?? ''))).toBe(false);
    expect(connection?.pageInfo.hasNextPage).toBe(true);

    const other = await stack.gatewayVia(stack.gateway.storeEndpoint ?? '');
    const secondPage = await postGraphQL<Pending>(other.url, PENDING, {
      bucket: stack.bucket,
      prefix: 'pending/',
      after: connection?.pageInfo.endCursor,
    });
    expect(secondPage.data?.bucket.multipartUploads.edges.map(({ node }) => node.key)).toEqual(['pending/c.bin']);

    const notYet = await stack.graphql<{ abortMultipartUploads: MutationResult & { job: Record<string, unknown> } }>(ABORT_ALL, {
      input: { bucket: stack.bucket, prefix: 'pending/', initiatedBefore: '2000-01-01T00:00:00Z' },
    });
    expect(notYet.data?.abortMultipartUploads).toMatchObject({ success: true, job: { state: 'SUCCEEDED', succeeded: 0 } });
    const cleaned = await stack.graphql<{ abortMultipartUploads: MutationResult & { job: Record<string, unknown> } }>(ABORT_ALL, {
      input: { bucket: stack.bucket, prefix: 'pending/' },
    });
    expect(cleaned.data?.abortMultipartUploads).toMatchObject({
      success: true,
      job: { kind: 'ABORT_MULTIPART_UPLOADS', state: 'SUCCEEDED', succeeded: 3, failed: 0 },
    });
    expect(await pendingKeys('pending/')).toEqual([]);
    expect(await pendingKeys('kept/')).toEqual(['kept/d.bin']);
  });
});

describe('the embedded store and browsers', () => {
  it.runIf(storeKind === 'embedded')('lets a page of another origin PUT a part and read its ETag (CORS)', async () => {
    const upload = await create('cors/part.bin', MiB);
    const url = (await sign(upload, [1]))?.parts?.[0]?.url ?? '';
    const origin = 'http://127.0.0.1:4000';
    const preflight = await fetch(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'PUT' } });
    expect(preflight.status).toBe(200);
    const response = await fetch(url, { method: 'PUT', body: new Uint8Array(content(MiB, 13)), headers: { origin } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeTruthy();
    expect(response.headers.get('access-control-expose-headers')).toMatch(/ETag/i);
  });
});

describe('bad input and faults leave no object', () => {
  it('refuses part numbers out of range and too many parts before signing', async () => {
    const upload = await create('bad/range.bin', MiB);
    for (const partNumbers of [[0], [10_001], [1, 1], Array.from({ length: 101 }, (_, index) => index + 1)]) {
      expect((await sign(upload, partNumbers))?.error?.code).toBe('INVALID_INPUT');
    }
  });

  it('refuses parts out of order, with a wrong ETag, or too small but not last, and completing twice', async () => {
    const key = 'bad/parts.bin';
    const upload = await create(key, 9 * MiB);
    const [small, second] = await uploadParts(upload, [
      { partNumber: 1, body: content(MiB, 7) },
      { partNumber: 2, body: content(MiB, 8) },
    ]);
    const outOfOrder = await complete(upload, [second, small]);
    expect(outOfOrder?.error?.code).toBe('INVALID_INPUT');
    const wrongETag = await complete(upload, [{ partNumber: 1, eTag: '"0123456789abcdef0123456789abcdef"' }]);
    expect(wrongETag?.error?.code).toBe('INVALID_INPUT');
    const notUploaded = await complete(upload, [{ partNumber: 3, eTag: small?.eTag ?? '' }]);
    expect(notUploaded?.error?.code).toBe('INVALID_INPUT');
    const tooSmall = await complete(upload, [small, second]);
    expect(tooSmall?.error?.code).toBe('INVALID_INPUT');
    expect(tooSmall?.error?.message).toMatch(/at least 5242880/);
    expect(await exists(key)).toBe(false);

    // The upload is still there to be put right: a last part alone completes it.
    expect(await complete(upload, [second])).toMatchObject({ success: true, object: { size: MiB } });
    expect((await complete(upload, [second]))?.error?.code).toBe('NO_SUCH_UPLOAD');
    expect((await storedBytes(key)).equals(content(MiB, 8))).toBe(true);
  });

  it("refuses an uploadId for another key than its own, at the gateway and at the store's URL", async () => {
    const upload = await create('bad/own.bin', MiB);
    const [part] = await uploadParts(upload, [{ partNumber: 1, body: content(MiB, 9) }]);
    const foreign = { ...upload, key: 'bad/other.bin' };
    expect((await complete(foreign, [part]))?.error?.code).toBe('NO_SUCH_UPLOAD');
    const listed = await stack.graphql<Parts>(PARTS, { bucket: stack.bucket, key: foreign.key, uploadId: upload.uploadId });
    expect(listed.errors?.[0]?.extensions?.code).toBe('NO_SUCH_UPLOAD');
    const signed = await sign(foreign, [2]);
    expect((await putPart(signed?.parts?.[0]?.url ?? '', content(MiB, 9))).status).toBe(404);
    const unknown = { ...upload, uploadId: 'no-such-upload' };
    expect((await complete(unknown, [part]))?.error?.code).toBe('NO_SUCH_UPLOAD');
    expect(await exists('bad/other.bin')).toBe(false);
  });

  it('refuses an expired part URL at the store, and the part is not stored', async () => {
    const upload = await create('bad/expired.bin', MiB);
    const expired = await getSignedUrl(
      stack.s3,
      new UploadPartCommand({ Bucket: stack.bucket, Key: upload.key, UploadId: upload.uploadId, PartNumber: 1 }),
      { expiresIn: 60, signingDate: new Date(Date.now() - 3600_000) },
    );
    expect((await putPart(expired, content(MiB, 10))).status).toBe(403);
    const listed = await stack.graphql<Parts>(PARTS, { bucket: stack.bucket, key: upload.key, uploadId: upload.uploadId });
    expect(listed.data?.bucket.multipartUpload.parts).toEqual([]);
  });
});

describe('limits and policy, checked before any S3 request', () => {
  const asUploader = <T>(query: string, variables: Record<string, unknown>): Promise<GraphQLResponse<T>> =>
    fetch(guardedUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify({ query, variables }),
    }).then(async (response): Promise<GraphQLResponse<T>> => ({ status: response.status, ...((await response.json()) as object) }));

  it('refuses a size over MAX_UPLOAD_BYTES and every operation outside the grants with zero S3 requests', async () => {
    const bucket = stack.bucket;
    const upload = { bucket, key: 'denied/x.bin', uploadId: 'some-upload' };
    proxy.reset();
    const tooLarge = await asUploader<Create>(CREATE, { input: { bucket, key: 'allowed/big.bin', size: 6 * MiB + 1 } });
    expect(tooLarge.data?.createMultipartUpload.error?.code).toBe('ENTITY_TOO_LARGE');
    const refusals = [
      (await asUploader<Create>(CREATE, { input: { bucket, key: upload.key, size: MiB } })).data?.createMultipartUpload,
      (await asUploader<Sign>(SIGN, { input: { ...upload, partNumbers: [1] } })).data?.signUploadParts,
      (await asUploader<Complete>(COMPLETE, { input: { ...upload, parts: [{ partNumber: 1, eTag: '"x"' }] } })).data
        ?.completeMultipartUpload,
      (await asUploader<{ abortMultipartUpload: MutationResult }>(ABORT, { input: upload })).data?.abortMultipartUpload,
      (await asUploader<{ abortMultipartUploads: MutationResult }>(ABORT_ALL, { input: { bucket, prefix: 'denied/' } })).data
        ?.abortMultipartUploads,
    ];
    expect(refusals.map((payload) => payload?.error?.code)).toEqual(Array(5).fill('ACCESS_DENIED'));
    const listed = await asUploader<Parts>(PARTS, upload);
    expect(listed.errors?.[0]?.extensions?.code).toBe('ACCESS_DENIED');
    const pending = await asUploader<Pending>(PENDING, { bucket, prefix: 'denied/' });
    expect(pending.errors?.[0]?.extensions?.code).toBe('ACCESS_DENIED');
    expect(proxy.operations).toEqual([]);
  });

  it('aborts, and refuses, an upload whose parts add up to more than MAX_UPLOAD_BYTES', async () => {
    const bucket = stack.bucket;
    const created = await asUploader<Create>(CREATE, { input: { bucket, key: 'allowed/grown.bin', size: 6 * MiB } });
    const upload = created.data?.createMultipartUpload.upload as Upload;
    const [part] = await uploadParts(upload, [{ partNumber: 1, body: content(7 * MiB, 11) }]);
    const completed = await asUploader<Complete>(COMPLETE, {
      input: { bucket, key: upload.key, uploadId: upload.uploadId, parts: [part] },
    });
    expect(completed.data?.completeMultipartUpload.error?.code).toBe('ENTITY_TOO_LARGE');
    expect(await pendingKeys('allowed/')).toEqual([]);
    expect(await exists('allowed/grown.bin')).toBe(false);
  });
});

describe('S3_PUBLIC_ENDPOINT', () => {
  it('signs every presigned URL for the public address, which reaches the same store', async () => {
    const internal = new URL(stack.gateway.storeEndpoint ?? '');
    const publicEndpoint = new URL(internal.href);
    publicEndpoint.hostname = internal.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
    const other = await stack.gatewayVia(internal.href, { S3_PUBLIC_ENDPOINT: publicEndpoint.href });
    const graphql = <T>(query: string, variables: Record<string, unknown>) => postGraphQL<T>(other.url, query, variables);

    const created = await graphql<Create>(CREATE, { input: { bucket: stack.bucket, key: 'public/part.bin', size: MiB } });
    const upload = created.data?.createMultipartUpload.upload as Upload;
    const signed = await sign(upload, [1], graphql);
    const url = new URL(signed?.parts?.[0]?.url ?? '');
    expect(url.host).toBe(publicEndpoint.host);
    const { status, eTag } = await putPart(url.href, content(MiB, 12));
    expect(status).toBe(200);
    const completed = await graphql<Complete>(COMPLETE, {
      input: { bucket: stack.bucket, key: upload.key, uploadId: upload.uploadId, parts: [{ partNumber: 1, eTag }] },
    });
    expect(completed.data?.completeMultipartUpload.success).toBe(true);

    const urls = await graphql<{ object: { downloadUrl: string }; presignUpload: { url: string }; presignPost: { url: string } }>(
      `
        query ($b: String!) {
          object(bucket: $b, key: "public/part.bin") {
            downloadUrl
          }
        }
      `,
      { b: stack.bucket },
    );
    const download = new URL(urls.data?.object.downloadUrl ?? '');
    expect(download.host).toBe(publicEndpoint.host);
    expect((await fetch(download).then((response) => response.arrayBuffer())).byteLength).toBe(MiB);
    const presigned = await graphql<{ presignUpload: { url: string }; presignPost: { url: string } }>(
      `
        mutation ($b: String!) {
          presignUpload(input: { bucket: $b, key: "public/put.txt", contentType: "text/plain" }) {
            url
          }
          presignPost(input: { bucket: $b, key: "public/post.txt" }) {
            url
          }
        }
      `,
      { b: stack.bucket },
    );
    expect(new URL(presigned.data?.presignUpload.url ?? '').host).toBe(publicEndpoint.host);
    expect(new URL(presigned.data?.presignPost.url ?? '').host).toBe(publicEndpoint.host);
  });
});

describe('putObject overwrite and headers', () => {
  it('overwrite: false refuses an existing key with PRECONDITION_FAILED and leaves it as it was', async () => {
    const key = 'conditional/once.txt';
    const put = (text: string, overwrite?: boolean) =>
      stack.graphql<{ putObject: Payload }>(PUT_OBJECT, { input: { bucket: stack.bucket, key, text, overwrite } });
    expect((await put('first', false)).data?.putObject.success).toBe(true);
    expect((await put('second', false)).data?.putObject.error?.code).toBe('PRECONDITION_FAILED');
    expect((await storedBytes(key)).toString()).toBe('first');
    expect((await put('third')).data?.putObject.success).toBe(true);
    expect((await storedBytes(key)).toString()).toBe('third');
  });

  it('keeps cacheControl, contentDisposition, storageClass and server-side encryption, and shows them on S3Object', async () => {
    const key = 'headers/doc.pdf';
    const encryption = storeKind === 'embedded' ? { serverSideEncryption: 'AES256' } : {};
    const put = await stack.graphql<{ putObject: Payload }>(PUT_OBJECT, {
      input: {
        bucket: stack.bucket,
        key,
        text: 'pdf',
        cacheControl: 'no-cache',
        contentDisposition: 'attachment; filename="doc.pdf"',
        storageClass: 'STANDARD',
        ...encryption,
      },
    });
    expect(put.data?.putObject.error).toBeNull();
    const shown = await stack.graphql<{ object: Record<string, unknown> }>(
      `query($b: String!, $k: String!) { object(bucket: $b, key: $k) { cacheControl contentDisposition storageClass serverSideEncryption } }`,
      { b: stack.bucket, k: key },
    );
    expect(shown.data?.object).toMatchObject({
      cacheControl: 'no-cache',
      contentDisposition: 'attachment; filename="doc.pdf"',
      storageClass: 'STANDARD',
      ...encryption,
    });
    const refused = await stack.graphql<{ putObject: Payload }>(PUT_OBJECT, {
      input: { bucket: stack.bucket, key, text: 'x', contentDisposition: 'attachment; filename="résumé.pdf"' },
    });
    expect(refused.data?.putObject.error?.code).toBe('INVALID_INPUT');
  });
});
