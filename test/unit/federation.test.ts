import { HeadBucketCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createLogger } from '@graphql-yoga/logger';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ANONYMOUS, type Principal } from '../../src/auth/authenticate.js';
import { Access } from '../../src/auth/policy.js';
import { loadConfig } from '../../src/config.js';
import { ObjectEvents } from '../../src/events.js';
import { JobRegistry, jobPlanner, MemoryJobs } from '../../src/jobs.js';
import { keptInMemory } from '../../src/kept-state.js';
import { Summaries } from '../../src/summaries.js';
import { ArchiveLinks } from '../../src/archives.js';
import { GatewayMetrics } from '../../src/observability.js';
import { createGatewayYoga } from '../../src/server/yoga.js';
import { composeExampleSupergraph, compositionHasErrors } from '../support/supergraph.js';
import { testStorage } from '../support/s3-storage.js';

/** The subgraph (FEDERATION=true) through the whole graph (yoga.fetch, no port), on a mocked S3 client. */

const s3 = mockClient(S3Client);
const yogaWith = (env: Record<string, string>) => {
  const storage = testStorage();
  const summaries = new Summaries(keptInMemory(), 60);
  const archives = new ArchiveLinks(keptInMemory(), 60);
  return createGatewayYoga({
    s3: storage,
    jobs: new MemoryJobs(
      new JobRegistry({ retentionSeconds: 60, maxRunningPerOwner: 4, maxRunning: 16, maxFinished: 1000 }, () => undefined),
      jobPlanner(storage, 1, summaries),
    ),
    objectEvents: ObjectEvents.inMemory(),
    summaries,
    archives,
    config: loadConfig({ HOME: '/nonexistent', S3_ENDPOINT: 'http://store.internal:9000', ...env }),
    logger: createLogger('silent'),
    metrics: new GatewayMetrics(),
    exampleBucket: undefined,
  });
};
const subgraph = yogaWith({ FEDERATION: 'true' });
const plain = yogaWith({});

/** A caller who may list and read in bucket "photos" only. */
const photosReader: Principal = {
  id: 'photos-reader',
  access: Access.of([
    {
      name: 'photos-reader',
      apiKeys: [],
      jwtSubjects: [],
      jwtRoles: [],
      grants: [{ stores: ['*'], buckets: ['photos'], prefixes: [''], actions: ['list', 'read'] }],
    },
  ]),
};

interface Answer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

async function query(
  yoga: typeof subgraph,
  source: string,
  variables: Record<string, unknown> = {},
  principal = ANONYMOUS,
): Promise<Answer> {
  const response = await yoga.fetch(
    'http://gateway/graphql',
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: source, variables }) },
    { principal },
  );
  return (await response.json()) as Answer;
}

const ENTITIES = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      __typename
      ... on S3Object {
        key
        size
        contentType
      }
      ... on Bucket {
        name
      }
      ... on Prefix {
        prefix
        name
      }
    }
  }
`;

beforeEach(() => {
  s3.reset();
  s3.on(HeadBucketCommand).resolves({});
  s3.on(HeadObjectCommand).rejects(Object.assign(new Error('not found'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } }));
  s3.on(HeadObjectCommand, { Bucket: 'photos', Key: 'a.png' }).resolves({ ContentLength: 3, ContentType: 'image/png', ETag: '"e"' });
});

describe('FEDERATION=true', () => {
  it('serves _service { sdl } with the entity keys, also with introspection off (composition needs it)', async () => {
    const { data } = await query(yogaWith({ FEDERATION: 'true', GRAPHQL_INTROSPECTION: 'false' }), '{ _service { sdl } }');
    const sdl = (data?._service as { sdl: string }).sdl;
    expect(sdl).toContain('type S3Object\n  @key(fields: "bucket { name } key")');
    expect(sdl).toContain('type Bucket\n  @key(fields: "name")');
    expect(sdl).toContain('type Prefix\n  @key(fields: "bucket { name } prefix")');
  });

  it('resolves S3Object, Bucket and Prefix references; an object that does not exist is null', async () => {
    const answer = await query(subgraph, ENTITIES, {
      representations: [
        { __typename: 'S3Object', bucket: { name: 'photos' }, key: 'a.png' },
        { __typename: 'S3Object', bucket: { name: 'photos' }, key: 'missing.png' },
        { __typename: 'Bucket', name: 'photos' },
        { __typename: 'Prefix', bucket: { name: 'photos' }, prefix: '2024/' },
      ],
    });
    expect(answer).toEqual({
      data: {
        _entities: [
          { __typename: 'S3Object', key: 'a.png', size: 3, contentType: 'image/png' },
          null,
          { __typename: 'Bucket', name: 'photos' },
          { __typename: 'Prefix', prefix: '2024/', name: '2024' },
        ],
      },
    });
  });

  it('resolves references that name the store (the second key), and refuses a store no one configured', async () => {
    const answer = await query(
      subgraph,
      `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on S3Object { key bucket { store { name } } } ... on Bucket { name store { name } } } }`,
      {
        representations: [
          { __typename: 'S3Object', bucket: { name: 'photos', store: { name: 'default' } }, key: 'a.png' },
          { __typename: 'Bucket', name: 'photos', store: { name: 'default' } },
          { __typename: 'Bucket', name: 'photos', store: { name: 'elsewhere' } },
        ],
      },
    );
    expect(answer.data?._entities).toEqual([
      { key: 'a.png', bucket: { store: { name: 'default' } } },
      { name: 'photos', store: { name: 'default' } },
      null,
    ]);
    expect(answer.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    expect(answer.errors?.[0]?.message).toContain('Unknown store "elsewhere"');
  });

  it('answers an entity the caller may not read null with ACCESS_DENIED, before any S3 request', async () => {
    const answer = await query(
      subgraph,
      ENTITIES,
      {
        representations: [
          { __typename: 'S3Object', bucket: { name: 'photos' }, key: 'a.png' },
          { __typename: 'S3Object', bucket: { name: 'payroll' }, key: 'a.png' },
          { __typename: 'Bucket', name: 'payroll' },
          { __typename: 'Prefix', bucket: { name: 'payroll' }, prefix: '2024/' },
        ],
      },
      photosReader,
    );
    expect(answer.data?._entities).toEqual([{ __typename: 'S3Object', key: 'a.png', size: 3, contentType: 'image/png' }, null, null, null]);
    // Errors come in the order the refusals settle, not the order of the list.
    const errors = answer.errors
      ?.map((error) => [error.extensions?.code, error.path])
      .sort((a, b) => String(a[1]).localeCompare(String(b[1])));
    expect(errors).toEqual([
      ['ACCESS_DENIED', ['_entities', 1]],
      ['ACCESS_DENIED', ['_entities', 2]],
      ['ACCESS_DENIED', ['_entities', 3]],
    ]);
    expect(s3.commandCalls(HeadObjectCommand).map(({ args }) => args[0].input.Bucket)).toEqual(['photos']);
  });

  it('refuses more representations than MAX_QUERY_COST as QUERY_TOO_COMPLEX, before any S3 request', async () => {
    const representations = ['a.png', 'b.png', 'c.png'].map((key) => ({ __typename: 'S3Object', bucket: { name: 'photos' }, key }));
    const answer = await query(yogaWith({ FEDERATION: 'true', MAX_QUERY_COST: '2' }), ENTITIES, { representations });
    expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(s3.commandCalls(HeadObjectCommand)).toEqual([]);
  });
});

describe('without FEDERATION', () => {
  it('serves no _service or _entities', async () => {
    const answer = await query(plain, '{ _service { sdl } }');
    expect(answer.errors?.[0]?.message).toMatch(/Cannot query field "_service"/);
  });
});

describe('schema.subgraph.graphql', () => {
  it('composes with the example users subgraph into a supergraph without errors', () => {
    const result = composeExampleSupergraph();
    expect(compositionHasErrors(result) ? result.errors.map((error) => error.message) : []).toEqual([]);
    expect(compositionHasErrors(result) ? '' : result.supergraphSdl).toContain('avatar: S3Object');
  });
});
