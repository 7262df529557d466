import {
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  HeadBucketCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createLogger } from '@graphql-yoga/logger';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ANONYMOUS } from '../../src/auth/authenticate.js';
import { loadConfig } from '../../src/config.js';
import { ObjectEvents } from '../../src/events.js';
import { JobRegistry, jobPlanner, MemoryJobs } from '../../src/jobs.js';
import { keptInMemory } from '../../src/kept-state.js';
import { Summaries } from '../../src/summaries.js';
import { ArchiveLinks } from '../../src/archives.js';
import { GatewayMetrics } from '../../src/observability.js';
import { S3Storage } from '../../src/s3/storage.js';
import { createGatewayYoga } from '../../src/server/yoga.js';

/** The mutations' resolvers through the whole graph (yoga.fetch, no port), on a mocked S3 client. */

const s3 = mockClient(S3Client);
const config = loadConfig({ HOME: '/nonexistent', S3_ENDPOINT: 'http://store.internal:9000', AWS_REGION: 'us-east-1' });
const logged: unknown[][] = [];
const logger = { ...createLogger('silent'), error: (...args: unknown[]) => logged.push(args) };
const storage = new S3Storage(
  new S3Client({
    region: 'us-east-1',
    endpoint: 'http://store.internal:9000',
    forcePathStyle: true,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  }),
  config.limits,
  { warn: () => undefined },
);
const summaries = new Summaries(keptInMemory(), 60);
const archives = new ArchiveLinks(keptInMemory(), 60);
const yoga = createGatewayYoga({
  s3: storage,
  jobs: new MemoryJobs(
    new JobRegistry({ retentionSeconds: 60, maxRunningPerOwner: 4, maxRunning: 16, maxFinished: 1000 }, (error) =>
      logged.push(['job', error]),
    ),
    jobPlanner(storage, config.limits.maxConcurrency, summaries),
  ),
  objectEvents: ObjectEvents.inMemory(),
  summaries,
  archives,
  config,
  logger,
  metrics: new GatewayMetrics(),
  exampleBucket: undefined,
});

interface Answer {
  data?: Record<string, Record<string, unknown>>;
  errors?: unknown[];
}

async function mutate(field: string, input: Record<string, unknown>, selection: string): Promise<Record<string, unknown> | undefined> {
  const response = await yoga.fetch(
    'http://gateway/graphql',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `mutation($input: ${inputTypeOf(field)}!) { ${field}(input: $input) { ${selection} } }`,
        variables: { input },
      }),
    },
    { principal: ANONYMOUS },
  );
  const answer = (await response.json()) as Answer;
  expect(answer.errors).toBeUndefined();
  return answer.data?.[field];
}

function inputTypeOf(field: string): string {
  return `${field[0]?.toUpperCase() ?? ''}${field.slice(1)}Input`;
}

const PAYLOAD = 'success error { code message }';

beforeEach(() => {
  s3.reset();
  logged.length = 0;
});

describe('putObject', () => {
  it('stores text as UTF-8 text/plain and answers the object', async () => {
    s3.on(PutObjectCommand).resolves({ ETag: '"abc"' });
    const payload = await mutate('putObject', { bucket: 'demo', key: 'hello.txt', text: 'héllo' }, `${PAYLOAD} object { key size eTag }`);
    expect(payload).toEqual({ success: true, error: null, object: { key: 'hello.txt', size: 6, eTag: '"abc"' } });
    const [put] = s3.commandCalls(PutObjectCommand);
    expect(put?.args[0].input).toMatchObject({ Bucket: 'demo', Key: 'hello.txt', ContentType: 'text/plain; charset=utf-8' });
    expect(Buffer.from(put?.args[0].input.Body as Uint8Array).toString('utf8')).toBe('héllo');
  });

  it('refuses content given twice in its payload, before any S3 request', async () => {
    const payload = await mutate('putObject', { bucket: 'demo', key: 'k', text: 'a', base64: 'YQ==' }, `${PAYLOAD} object { key }`);
    expect(payload).toEqual({
      success: false,
      error: { code: 'INVALID_INPUT', message: 'Give exactly one of file, text or base64.' },
      object: null,
    });
    expect(s3.calls()).toEqual([]);
  });

  it('answers an unexpected failure as INTERNAL in its payload and logs the cause', async () => {
    s3.on(PutObjectCommand).rejects(new Error('socket to http://store.internal:9000 broke'));
    const payload = await mutate('putObject', { bucket: 'demo', key: 'k', text: 'a' }, `${PAYLOAD} object { key }`);
    expect(payload).toEqual({ success: false, error: { code: 'INTERNAL', message: 'Unexpected error.' }, object: null });
    expect(JSON.stringify(logged)).toContain('mutation failed unexpectedly');
  });
});

describe('deleteObject and createBucket', () => {
  it('deletes one object', async () => {
    s3.on(DeleteObjectCommand).resolves({});
    expect(await mutate('deleteObject', { bucket: 'demo', key: 'gone.txt' }, PAYLOAD)).toEqual({ success: true, error: null });
    expect(s3.commandCalls(DeleteObjectCommand)[0]?.args[0].input).toEqual({ Bucket: 'demo', Key: 'gone.txt' });
  });

  it('answers a bucket name taken by another account as BUCKET_ALREADY_EXISTS', async () => {
    s3.on(CreateBucketCommand).rejects(
      Object.assign(new Error('taken'), { name: 'BucketAlreadyExists', $metadata: { httpStatusCode: 409 } }),
    );
    const payload = await mutate('createBucket', { name: 'taken-name' }, `${PAYLOAD} bucket { name }`);
    expect(payload).toMatchObject({ success: false, error: { code: 'BUCKET_ALREADY_EXISTS' }, bucket: null });
  });

  it('answers the new bucket', async () => {
    s3.on(CreateBucketCommand).resolves({});
    expect(await mutate('createBucket', { name: 'fresh-bucket' }, `${PAYLOAD} bucket { name }`)).toEqual({
      success: true,
      error: null,
      bucket: { name: 'fresh-bucket' },
    });
  });
});

describe('presignUpload', () => {
  it('answers a PUT URL for the key, the header to send and when it expires', async () => {
    const before = Date.now();
    const payload = await mutate(
      'presignUpload',
      { bucket: 'demo', key: 'photos/cat.jpg', contentType: 'image/jpeg', expiresIn: 300 },
      `${PAYLOAD} url fields { key value } expiresAt`,
    );
    const after = Date.now();
    expect(payload).toMatchObject({ success: true, error: null, fields: [{ key: 'Content-Type', value: 'image/jpeg' }] });
    expect(String(payload?.url)).toMatch(/^http:\/\/store\.internal:9000\/demo\/photos\/cat\.jpg\?.*X-Amz-Expires=300/);
    const expiresAt = Date.parse(String(payload?.expiresAt));
    expect(expiresAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 300_000);
    expect(expiresAt).toBeLessThanOrEqual(after + 300_000);
  });

  it('refuses an expiry beyond the limit in its payload, with no URL', async () => {
    const payload = await mutate(
      'presignUpload',
      { bucket: 'demo', key: 'k', contentType: 'text/plain', expiresIn: 10_000_000 },
      `${PAYLOAD} url fields { key } expiresAt`,
    );
    expect(payload).toMatchObject({ success: false, error: { code: 'INVALID_INPUT' }, url: null, fields: [], expiresAt: null });
  });
});

describe('deleteObjects', () => {
  it('answers the finished job when asked to wait', async () => {
    s3.on(HeadBucketCommand).resolves({});
    s3.on(DeleteObjectsCommand).resolves({ Errors: [] });
    const payload = await mutate('deleteObjects', { bucket: 'demo', keys: ['a', 'b'] }, `${PAYLOAD} job { kind state succeeded failed }`);
    expect(payload).toEqual({ success: true, error: null, job: { kind: 'DELETE_OBJECTS', state: 'SUCCEEDED', succeeded: 2, failed: 0 } });
  });

  it('refuses a bad bucket name without starting a job', async () => {
    const payload = await mutate('deleteObjects', { bucket: 'Not_A_Bucket', keys: ['a'] }, `${PAYLOAD} job { id }`);
    expect(payload).toMatchObject({ success: false, error: { code: 'INVALID_INPUT' }, job: null });
  });
});
