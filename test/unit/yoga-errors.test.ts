import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
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

const s3 = mockClient(S3Client);
const config = loadConfig({ HOME: '/nonexistent', S3_ENDPOINT: 'http://store.internal:9000' });
const logged: unknown[][] = [];
const logger = { ...createLogger('silent'), error: (...args: unknown[]) => logged.push(args) };
const storage = new S3Storage(new S3Client({ region: 'us-east-1' }), config.limits, console);
const summaries = new Summaries(keptInMemory(), 60);
const archives = new ArchiveLinks(keptInMemory(), 60);
const yoga = createGatewayYoga({
  s3: storage,
  jobs: new MemoryJobs(
    new JobRegistry({ retentionSeconds: 60, maxRunningPerOwner: 4, maxRunning: 16, maxFinished: 1000 }, () => undefined),
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

async function query(source: string, variables?: Record<string, unknown>) {
  const response = await yoga.fetch(
    'http://gateway/graphql',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: source, variables }),
    },
    { principal: ANONYMOUS },
  );
  return { status: response.status, body: (await response.json()) as { errors?: { message: string; extensions?: { code?: string } }[] } };
}

beforeEach(() => {
  s3.reset();
  logged.length = 0;
});

describe('errors reaching clients', () => {
  it('masks an unexpected failure as INTERNAL and logs its cause', async () => {
    s3.on(ListBucketsCommand).rejects(new Error('socket to http://store.internal:9000 with key AKIA123 broke\n    at secret.js:1'));
    const { body } = await query('{ buckets { name } }');
    expect(body.errors).toEqual([expect.objectContaining({ message: 'Unexpected error.', extensions: { code: 'INTERNAL' } })]);
    expect(JSON.stringify(body)).not.toMatch(/store\.internal|AKIA123|secret\.js/);
    expect(logged[0]?.[1]).toBeInstanceOf(Error);
    expect((logged[0]?.[1] as Error).message).toContain('AKIA123');
  });

  it('passes the gateway own codes through unchanged', async () => {
    s3.on(ListBucketsCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
    const { body } = await query('{ buckets { name } }');
    expect(body.errors?.[0]).toMatchObject({ message: 'Access denied by the S3 store.', extensions: { code: 'ACCESS_DENIED' } });
    expect(logged).toEqual([]);
  });

  it('leaves GraphQL request errors as GraphQL reports them', async () => {
    const { status, body } = await query('{ buckets { nme } }');
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toContain('Cannot query field "nme" on type "Bucket"');
  });

  it('answers a variable that does not fit as the client mistake it is, and logs nothing', async () => {
    const { status, body } = await query('mutation Put($i: PutObjectInput!) { putObject(input: $i) { success } }', {
      i: { bucket: 'demo', key: 5, text: 'x' },
    });
    expect(status).toBe(400);
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: 'Variable "$i" got invalid value 5 at "i.key"; String cannot represent a non string value: 5',
        extensions: { code: 'BAD_USER_INPUT' },
      }),
    ]);
    expect(logged).toEqual([]);
  });
});
