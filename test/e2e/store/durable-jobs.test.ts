import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDED_CREDENTIALS } from '../../../src/embedded-store/start.js';
import { spawnGateway, type GatewayProcess } from '../../support/gateway-process.js';
import { startTestRedis, type TestRedis } from '../../support/redis-server.js';
import { startS3Proxy, type S3Proxy } from '../../support/s3-proxy.js';
import { postGraphQL, startStack, storeKind, type TestStack } from '../../support/stack.js';

/**
 * Gateway processes sharing one Redis and one store: a job started on one is followed on another, survives the kill -9
 * of the process running it, and ends with exact counts; a storm of jobs stays within the bounds; Redis stopped and
 * started again mid-test costs no job. A proxy slows S3 down so that the kill lands mid-job.
 */

const OBJECTS = 2000;

let stack: TestStack;
let proxy: S3Proxy;
let redis: TestRedis;
let workDirectory: string;
const gateways: GatewayProcess[] = [];

beforeAll(async () => {
  stack = await startStack();
  proxy = await startS3Proxy(stack.gateway.storeEndpoint ?? '');
  redis = await startTestRedis();
  workDirectory = await mkdtemp(join(tmpdir(), 's3gw-durable-'));
});
afterAll(async () => {
  for (const gateway of gateways) if (gateway.child.exitCode === null) gateway.child.kill('SIGKILL');
  await Promise.all(gateways.map((gateway) => gateway.exited));
  await redis.close();
  await proxy.close();
  await stack.close();
  await rm(workDirectory, { recursive: true, force: true });
});

function spawnInstance(env: Record<string, string> = {}): Promise<GatewayProcess> {
  const credentials =
    storeKind === 'embedded'
      ? EMBEDDED_CREDENTIALS
      : { accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '' };
  const started = spawnGateway(workDirectory, {
    LOG_LEVEL: 'error',
    S3_STORE: 'external',
    S3_ENDPOINT: proxy.endpoint,
    AWS_REGION: process.env.E2E_S3_REGION ?? 'us-east-1',
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    S3_MAX_CONCURRENCY: '4',
    REDIS_URL: redis.url,
    JOB_LOCK_SECONDS: '2',
    JOB_STALLED_CHECK_SECONDS: '1',
    ...env,
  });
  return started.then((gateway) => {
    gateways.push(gateway);
    return gateway;
  });
}

interface JobView {
  id: string;
  state: string;
  succeeded: number;
  failed: number;
}

const JOB = 'id state succeeded failed';

async function startMove(url: string, prefix: string, destinationPrefix: string): Promise<JobView> {
  const answer = await postGraphQL<{ movePrefix: { success: boolean; job: JobView } }>(
    url,
    `mutation($input: MovePrefixInput!) { movePrefix(input: $input) { success error { code message } job { ${JOB} } } }`,
    { input: { bucket: stack.bucket, prefix, destinationPrefix, wait: false } },
  );
  expect(answer.data?.movePrefix.success).toBe(true);
  return answer.data?.movePrefix.job as JobView;
}

async function queryJob(url: string, id: string) {
  return postGraphQL<{ job: JobView | null }>(url, `query($id: ID!) { job(id: $id) { ${JOB} } }`, { id });
}

/**
 * The job's updates over server-sent events, until it is done. A subscription that answers an error is opened again,
 * as an SSE client reconnects (at most five times); the error is printed, so that a run shows what it was.
 */
async function follow(url: string, id: string, onUpdate: (job: JobView) => void): Promise<JobView[]> {
  const updates: JobView[] = [];
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    const errors = await subscribeToJob(url, id, (update) => {
      updates.push(update);
      onUpdate(update);
    });
    if (errors === undefined) return updates;
    console.warn(`the job subscription answered ${JSON.stringify(errors)} (attempt ${attempt})`);
  }
  throw new Error('the job subscription kept answering errors');
}

/** One subscription to the job: undefined when it ended with the job, or the errors it answered instead. */
async function subscribeToJob(url: string, id: string, onUpdate: (job: JobView) => void): Promise<unknown[] | undefined> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query: `subscription($id: ID!) { job(id: $id) { ${JOB} } }`, variables: { id } }),
  });
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines.filter((candidate) => candidate.startsWith('data: {'))) {
      const { data, errors } = JSON.parse(line.slice(6)) as { data?: { job: JobView }; errors?: unknown[] };
      if (data === undefined) return errors ?? [];
      onUpdate(data.job);
    }
  }
  return undefined;
}

async function keysIn(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await stack.s3.send(new ListObjectsV2Command({ Bucket: stack.bucket, Prefix: prefix, ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).map(({ Key }) => Key ?? ''));
    token = page.NextContinuationToken;
  } while (token !== undefined);
  return keys.sort();
}

async function putObjects(prefix: string, count: number): Promise<string[]> {
  const names = Array.from({ length: count }, (_, index) => `${String(index).padStart(5, '0')}.txt`);
  const limit = pLimit(32);
  await Promise.all(
    names.map((name) =>
      limit(() => stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: prefix + name, Body: `content of ${name}` }))),
    ),
  );
  return names;
}

describe('jobs on Redis, across gateway processes', () => {
  it('finishes a movePrefix on another instance after the one running it is killed, each object moved and counted once', async () => {
    const names = await putObjects('crash/', OBJECTS);
    proxy.inject({ fault: { kind: 'latency', ms: 15 } });
    // The first instance runs alone, so that it is the one that takes the job.
    const first = await spawnInstance();
    const job = await startMove(first.url, 'crash/', 'moved/');
    const [second] = await Promise.all([spawnInstance(), spawnInstance()]);

    const seen: { beforeKill?: JobView } = {};
    const updates = follow(second.url, job.id, (update) => {
      if (seen.beforeKill === undefined && update.state === 'RUNNING' && update.succeeded > 0) {
        seen.beforeKill = update;
        first.child.kill('SIGKILL');
      }
    });
    const all = await updates;
    await first.exited;
    proxy.clearFaults();

    expect(seen.beforeKill?.succeeded).toBeLessThan(OBJECTS);
    expect(all.at(-1)).toEqual({ id: job.id, state: 'SUCCEEDED', succeeded: OBJECTS, failed: 0 });
    expect(await keysIn('crash/')).toEqual([]);
    expect(await keysIn('moved/')).toEqual(names.map((name) => `moved/${name}`));
    const sample = names.filter((_, index) => index % 97 === 0);
    for (const name of sample) {
      const { Body } = await stack.s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: `moved/${name}` }));
      expect(await (Body as { transformToString(): Promise<string> }).transformToString()).toBe(`content of ${name}`);
    }
    // Every instance answers for the job.
    for (const gateway of gateways.filter(({ child }) => child.exitCode === null && child.signalCode === null))
      expect((await queryJob(gateway.url, job.id)).data?.job).toMatchObject({ state: 'SUCCEEDED', succeeded: OBJECTS });
  }, 300_000);

  it('answers JOBS_UNAVAILABLE while Redis is away, keeps serving S3, and loses no job when Redis returns', async () => {
    const gateway = gateways.find(({ child }) => child.exitCode === null && child.signalCode === null) ?? (await spawnInstance());
    await putObjects('outage/', 200);
    await putObjects('untouched/', 5);
    proxy.inject({ fault: { kind: 'latency', ms: 15 } });
    const job = await startMove(gateway.url, 'outage/', 'after-outage/');
    await redis.stop();
    try {
      const refused = await queryJob(gateway.url, job.id);
      expect(refused.errors?.[0]?.extensions?.code).toBe('JOBS_UNAVAILABLE');
      const listed = await postGraphQL<{ bucket: { objects: { edges: unknown[] } } }>(
        gateway.url,
        `query($bucket: String!) { bucket(name: $bucket) { objects(prefix: "untouched/", first: 10) { edges { node { key } } } } }`,
        { bucket: stack.bucket },
      );
      expect(listed.errors).toBeUndefined();
      expect(listed.data?.bucket.objects.edges).toHaveLength(5);
    } finally {
      await redis.start();
    }
    // The instance reconnects by itself within seconds: job operations answer again, for the same job.
    for (let waited = 0; (await queryJob(gateway.url, job.id)).errors !== undefined && waited < 30_000; waited += 200)
      await new Promise((resolve) => setTimeout(resolve, 200));
    const updates = await follow(gateway.url, job.id, () => undefined);
    proxy.clearFaults();
    expect(updates.at(-1)).toEqual({ id: job.id, state: 'SUCCEEDED', succeeded: 200, failed: 0 });
    expect(await keysIn('outage/')).toEqual([]);
    expect(await keysIn('after-outage/')).toHaveLength(200);
  }, 120_000);

  it('takes a storm of jobs started at once within the bounds, refuses the rest, and finishes every one it took', async () => {
    const names = await putObjects('storm/', 300);
    const instances = await Promise.all([
      spawnInstance({ MAX_JOBS: '200', MAX_JOBS_PER_PRINCIPAL: '1000' }),
      spawnInstance({ MAX_JOBS: '200', MAX_JOBS_PER_PRINCIPAL: '1000' }),
    ]);
    proxy.inject({ fault: { kind: 'latency', ms: 300 } });
    const answers = await Promise.all(
      names.map((name, index) =>
        postGraphQL<{ deleteObjects: { success: boolean; error: { code: string } | null; job: JobView | null } }>(
          instances[index % 2]?.url ?? '',
          `mutation($input: DeleteObjectsInput!) { deleteObjects(input: $input) { success error { code } job { ${JOB} } } }`,
          { input: { bucket: stack.bucket, keys: [`storm/${name}`], wait: false } },
        ),
      ),
    );
    const taken = answers.flatMap(({ data }) => (data?.deleteObjects.job === null || data === undefined ? [] : [data.deleteObjects.job]));
    const refused = answers.filter(({ data }) => data?.deleteObjects.success === false);
    expect(taken.length + refused.length).toBe(names.length);
    expect(refused.length).toBeGreaterThan(0);
    for (const { data } of refused) expect(data?.deleteObjects.error?.code).toBe('RESOURCE_EXHAUSTED');
    for (const job of taken)
      expect((await follow(instances[0].url, job.id, () => undefined)).at(-1)).toMatchObject({ state: 'SUCCEEDED', succeeded: 1 });
    proxy.clearFaults();
    expect(await keysIn('storm/')).toHaveLength(refused.length);
    // Each instance holds a fixed handful of Redis connections (jobs, one for short commands, the object events' subscriber),
    // however many jobs it ran; redis-cli's own connection is not one of them.
    const { stdout: clients } = await promisify(execFile)('redis-cli', ['-p', String(redis.port), 'client', 'list']);
    const gatewayConnections = clients
      .trim()
      .split('\n')
      .filter((line) => !line.includes('cmd=client|list'));
    expect(gatewayConnections.length).toBeLessThanOrEqual(
      6 * gateways.filter(({ child }) => child.exitCode === null && child.signalCode === null).length,
    );
  }, 300_000);
});
