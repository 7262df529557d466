import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { loadConfig } from '../../src/config.js';
import { startGateway, type RunningGateway } from '../../src/gateway.js';
import { EMBEDDED_CREDENTIALS } from '../../src/embedded-store/start.js';
import type { Tracing } from '../../src/tracing.js';

/**
 * The end-to-end suite runs against the embedded s3rver by default, or against the store that
 * E2E_S3_ENDPOINT names (Ceph RGW in CI: scripts/test-ceph.sh), so that behaviour follows S3, not a test double.
 */
const external = process.env.E2E_S3_ENDPOINT;

export const storeKind: 'embedded' | 'external' = external === undefined ? 'embedded' : 'external';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

export interface TestStack {
  gateway: RunningGateway;
  /** A bucket of this stack's own, created empty. */
  bucket: string;
  /** A direct SDK client on the same store, to set up and check what the gateway did. */
  s3: S3Client;
  /** The embedded store's data directory, when the stack runs on it. */
  dataDirectory: string | undefined;
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  /** A GraphQL multipart request (the spec graphql-upload-minimal implements). */
  upload<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown>,
    files: Record<string, Blob>,
  ): Promise<GraphQLResponse<T>>;
  /** A bucket name unique to this run, created on the store. */
  createBucket(): Promise<string>;
  /** Another gateway on the same store, reached through `endpoint` (a proxy in front of the store); closed with the stack. */
  gatewayVia(endpoint: string, env?: Record<string, string>, tracing?: Tracing): Promise<RunningGateway>;
  close(): Promise<void>;
}

export function uniqueBucketName(label = 'e2e'): string {
  return `${label}-${randomBytes(6).toString('hex')}`;
}

async function emptyAndDeleteBucket(s3: S3Client, bucket: string): Promise<void> {
  for (;;) {
    const { Contents = [] } = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    if (Contents.length === 0) break;
    await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: Contents.map(({ Key }) => ({ Key })) } }));
  }
  await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
}

export async function postGraphQL<T>(url: string, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as Omit<GraphQLResponse<T>, 'status'>) };
}

/** Starts a gateway on a free port against the suite's store, with `env` added to its configuration. */
export async function startStack(env: Record<string, string> = {}): Promise<TestStack> {
  const bucket = uniqueBucketName();
  const dataDirectory = external === undefined ? await mkdtemp(join(tmpdir(), 's3gw-e2e-')) : undefined;
  const storeEnv: Record<string, string> =
    external === undefined
      ? { S3_STORE: 'embedded', EMBEDDED_S3_DIR: dataDirectory ?? '', EMBEDDED_S3_BUCKETS: bucket }
      : { S3_STORE: 'external', S3_ENDPOINT: external, AWS_REGION: process.env.E2E_S3_REGION ?? 'us-east-1' };
  const gateway = await startGateway(loadConfig({ PORT: '0', LOG_LEVEL: 'error', ...storeEnv, ...env }));
  const s3 = new S3Client({
    region: process.env.E2E_S3_REGION ?? 'us-east-1',
    endpoint: gateway.storeEndpoint,
    forcePathStyle: true,
    credentials: external === undefined ? EMBEDDED_CREDENTIALS : undefined,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const buckets = [bucket];
  const extraGateways: RunningGateway[] = [];
  if (external !== undefined) await s3.send(new CreateBucketCommand({ Bucket: bucket }));

  return {
    gateway,
    bucket,
    s3,
    dataDirectory,
    graphql: (query, variables) => postGraphQL(gateway.url, query, variables),
    async upload<T>(query: string, variables: Record<string, unknown>, files: Record<string, Blob>) {
      const form = new FormData();
      form.append('operations', JSON.stringify({ query, variables }));
      form.append('map', JSON.stringify(Object.fromEntries(Object.keys(files).map((path, index) => [String(index), [path]]))));
      Object.values(files).forEach((file, index) => form.append(String(index), file, `file-${index}`));
      const response = await fetch(gateway.url, { method: 'POST', body: form, headers: { 'graphql-require-preflight': '1' } });
      return { status: response.status, ...(await response.json()) } as GraphQLResponse<T>;
    },
    async createBucket() {
      const name = uniqueBucketName();
      await s3.send(new CreateBucketCommand({ Bucket: name }));
      buckets.push(name);
      return name;
    },
    async gatewayVia(endpoint, extraEnv = {}, tracing?: Tracing) {
      if (external === undefined) {
        // The standard credential chain reads these; the embedded store's keys are public.
        process.env.AWS_ACCESS_KEY_ID = EMBEDDED_CREDENTIALS.accessKeyId;
        process.env.AWS_SECRET_ACCESS_KEY = EMBEDDED_CREDENTIALS.secretAccessKey;
      }
      const region = process.env.E2E_S3_REGION ?? 'us-east-1';
      const config = loadConfig({
        PORT: '0',
        LOG_LEVEL: 'error',
        S3_STORE: 'external',
        S3_ENDPOINT: endpoint,
        AWS_REGION: region,
        ...env,
        ...extraEnv,
      });
      const via = await startGateway(config, undefined, tracing);
      extraGateways.push(via);
      return via;
    },
    async close() {
      await Promise.all(extraGateways.map((via) => via.close()));
      await Promise.all(buckets.map((name) => emptyAndDeleteBucket(s3, name).catch(() => undefined)));
      s3.destroy();
      await gateway.close();
      if (dataDirectory !== undefined) await rm(dataDirectory, { recursive: true, force: true });
    },
  };
}
