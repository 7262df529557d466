import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  HeadBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../../src/auth/authenticate.js';
import { EMBEDDED_CREDENTIALS } from '../../../src/embedded-store/start.js';
import { spawnGateway, type GatewayProcess } from '../../support/gateway-process.js';
import { DELETE_OBJECT, MOVE_OBJECT, type Payload } from '../../support/operations.js';
import { startS3Proxy, type S3Proxy } from '../../support/s3-proxy.js';
import { postGraphQL, startStack, storeKind, type TestStack } from '../../support/stack.js';

/**
 * Object versions over HTTP. Ceph RGW keeps versions: the tests run in a bucket with versioning enabled. The embedded store
 * keeps none: the same operations answer NOT_SUPPORTED, naming the operation, and change nothing.
 */

const versioned = storeKind === 'external';
let stack: TestStack;
/** The bucket of the version tests: versioning enabled where the store has it. */
let bucket: string;
let workDirectory: string;

const SET_VERSIONING = /* GraphQL */ `
  mutation ($input: SetBucketVersioningInput!) {
    setBucketVersioning(input: $input) {
      success
      error {
        code
        message
      }
      bucket {
        versioning
      }
    }
  }
`;
const DELETE_BUCKET = /* GraphQL */ `
  mutation ($input: DeleteBucketInput!) {
    deleteBucket(input: $input) {
      success
      error {
        code
        message
      }
    }
  }
`;
const VERSIONS = /* GraphQL */ `
  query ($bucket: String!, $key: String!, $first: Int, $after: String) {
    bucket(name: $bucket) {
      object(key: $key) {
        versions(first: $first, after: $after) {
          edges {
            cursor
            node {
              key
              versionId
              isLatest
              isDeleteMarker
              size
              eTag
              lastModified
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    }
  }
`;
/** The versions of a deleted object too: S3Object.versions needs the object to exist. */
const PREFIX_VERSIONS = /* GraphQL */ `
  query ($bucket: String!, $prefix: String!) {
    bucket(name: $bucket) {
      objectVersions(prefix: $prefix) {
        edges {
          node {
            key
            versionId
            isLatest
            isDeleteMarker
            size
            eTag
            lastModified
          }
        }
      }
    }
  }
`;
const READ_VERSION = /* GraphQL */ `
  query ($bucket: String!, $key: String!, $versionId: String) {
    getObject(bucket: $bucket, key: $key, versionId: $versionId) {
      text
      size
      gatewayUrl
      downloadUrl
    }
  }
`;
const RESTORE_VERSION = /* GraphQL */ `
  mutation ($input: RestoreObjectVersionInput!) {
    restoreObjectVersion(input: $input) {
      success
      error {
        code
        message
      }
      object {
        key
        eTag
      }
    }
  }
`;
const RESTORE_PREFIX = /* GraphQL */ `
  mutation ($input: RestorePrefixInput!) {
    restorePrefix(input: $input) {
      success
      error {
        code
        message
      }
      job {
        id
        kind
        state
        succeeded
        failed
      }
    }
  }
`;

interface VersionView {
  key: string;
  versionId: string;
  isLatest: boolean;
  isDeleteMarker: boolean;
  size: number | null;
  eTag: string | null;
}

interface JobView {
  id: string;
  kind: string;
  state: string;
  succeeded: number;
  failed: number;
}

beforeAll(async () => {
  stack = await startStack();
  workDirectory = await mkdtemp(join(tmpdir(), 's3gw-versions-'));
  bucket = versioned ? await stack.createBucket() : stack.bucket;
  if (versioned) {
    const enabled = await stack.graphql<{ setBucketVersioning: { success: boolean } }>(SET_VERSIONING, {
      input: { bucket, enabled: true },
    });
    expect(enabled.data?.setBucketVersioning).toMatchObject({ success: true, bucket: { versioning: 'ENABLED' } });
  }
});
afterAll(async () => {
  await stack.close();
  await rm(workDirectory, { recursive: true, force: true });
});

const md5 = (text: string) => `"${createHash('md5').update(text).digest('hex')}"`;

async function put(key: string, text: string): Promise<void> {
  await stack.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: text }));
}

async function latestText(key: string): Promise<string | null> {
  try {
    const { Body } = await stack.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await Body?.transformToString()) ?? null;
  } catch {
    return null;
  }
}

/** The versions of a key, also when it reads as deleted (Bucket.objectVersions). */
async function versionsOf(key: string): Promise<VersionView[]> {
  const answer = await stack.graphql<{ bucket: { objectVersions: { edges: { node: VersionView }[] } } }>(PREFIX_VERSIONS, {
    bucket,
    prefix: key,
  });
  expect(answer.errors).toBeUndefined();
  return (answer.data?.bucket.objectVersions.edges ?? []).map(({ node }) => node).filter((version) => version.key === key);
}

/** The versions of an object that exists (S3Object.versions). */
async function objectVersionsOf(key: string): Promise<VersionView[]> {
  const answer = await stack.graphql<{ bucket: { object: { versions: { edges: { node: VersionView }[] } } | null } }>(VERSIONS, {
    bucket,
    key,
  });
  expect(answer.errors).toBeUndefined();
  return answer.data?.bucket.object?.versions.edges.map(({ node }) => node) ?? [];
}

/** Every version of every key below a prefix, straight from the store. */
async function storedVersionCount(prefix: string, inBucket = bucket): Promise<number> {
  let count = 0;
  let marker: { KeyMarker?: string; VersionIdMarker?: string } = {};
  for (;;) {
    const page = await stack.s3.send(new ListObjectVersionsCommand({ Bucket: inBucket, Prefix: prefix, ...marker }));
    count += (page.Versions?.length ?? 0) + (page.DeleteMarkers?.length ?? 0);
    if (page.IsTruncated !== true) return count;
    marker = { KeyMarker: page.NextKeyMarker, VersionIdMarker: page.NextVersionIdMarker };
  }
}

/** The latest ETag of every key below a prefix: what a client listing it sees. */
async function latestETags(prefix: string): Promise<Map<string, string>> {
  const eTags = new Map<string, string>();
  let token: string | undefined;
  do {
    const page = await stack.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const { Key, ETag } of page.Contents ?? []) eTags.set(Key ?? '', ETag?.startsWith('"') ? ETag : `"${ETag}"`);
    token = page.NextContinuationToken;
  } while (token !== undefined);
  return eTags;
}

// A moment between two writes must lie in a second of its own: stores keep modification times to the second.
const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1100));

describe.runIf(versioned)('versions (a store that keeps them)', () => {
  it('says NEVER_ENABLED for a bucket that never had versioning, and ENABLED once set', async () => {
    const answer = await stack.graphql<{ plain: { versioning: string }; kept: { versioning: string } }>(
      `query($plain: String!, $kept: String!) { plain: bucket(name: $plain) { versioning } kept: bucket(name: $kept) { versioning } }`,
      { plain: stack.bucket, kept: bucket },
    );
    expect(answer.data).toEqual({ plain: { versioning: 'NEVER_ENABLED' }, kept: { versioning: 'ENABLED' } });
  });

  it('keeps every version across puts, deletes and restores, and reads, previews and downloads an old one', async () => {
    const key = 'history/report.txt';
    await put(key, 'first');
    await put(key, 'second');
    const deleted = await stack.graphql<{ deleteObject: Payload }>(DELETE_OBJECT, { input: { bucket, key } });
    expect(deleted.data?.deleteObject.success).toBe(true);

    const afterDelete = await versionsOf(key);
    expect(afterDelete.map(({ isLatest, isDeleteMarker, size }) => ({ isLatest, isDeleteMarker, size }))).toEqual([
      { isLatest: true, isDeleteMarker: true, size: null },
      { isLatest: false, isDeleteMarker: false, size: 6 },
      { isLatest: false, isDeleteMarker: false, size: 5 },
    ]);
    const first = afterDelete[2] as VersionView;
    expect(first.eTag).toBe(md5('first'));

    const read = await stack.graphql<{ getObject: { text: string; size: number; gatewayUrl: string; downloadUrl: string } }>(READ_VERSION, {
      bucket,
      key,
      versionId: first.versionId,
    });
    expect(read.data?.getObject).toMatchObject({ text: 'first', size: 5 });
    expect(await (await fetch(read.data?.getObject.gatewayUrl ?? '')).text()).toBe('first');
    expect(await (await fetch(read.data?.getObject.downloadUrl ?? '')).text()).toBe('first');

    const restored = await stack.graphql<{ restoreObjectVersion: Payload }>(RESTORE_VERSION, {
      input: { bucket, key, versionId: first.versionId },
    });
    expect(restored.data?.restoreObjectVersion).toMatchObject({ success: true, object: { key, eTag: md5('first') } });
    expect(await latestText(key)).toBe('first');
    // The restore is a new version: the ones between stay.
    expect(await objectVersionsOf(key)).toEqual(await versionsOf(key));
    expect(await objectVersionsOf(key)).toHaveLength(4);

    const second = afterDelete[1] as VersionView;
    const gone = await stack.graphql<{ deleteObject: Payload }>(DELETE_OBJECT, { input: { bucket, key, versionId: second.versionId } });
    expect(gone.data?.deleteObject.success).toBe(true);
    expect((await versionsOf(key)).map(({ versionId }) => versionId)).not.toContain(second.versionId);
    expect(await latestText(key)).toBe('first');
  });

  it('brings a deleted object back when its delete marker is removed', async () => {
    const key = 'history/undelete.txt';
    await put(key, 'keep me');
    await stack.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    expect(await latestText(key)).toBeNull();
    const [marker] = await versionsOf(key);
    expect(marker).toMatchObject({ isDeleteMarker: true, isLatest: true });
    const removed = await stack.graphql<{ deleteObject: Payload }>(DELETE_OBJECT, { input: { bucket, key, versionId: marker?.versionId } });
    expect(removed.data?.deleteObject.success).toBe(true);
    expect(await latestText(key)).toBe('keep me');
  });

  it('deletes a bucket that keeps versions with emptyFirst, versions and delete markers too, for a caller with deleteVersion only', async () => {
    const doomed = `${bucket}-doomed`;
    await stack.s3.send(new CreateBucketCommand({ Bucket: doomed }));
    const enabled = await stack.graphql(SET_VERSIONING, { input: { bucket: doomed, enabled: true } });
    expect(enabled.errors).toBeUndefined();
    for (const text of ['one', 'two']) await stack.s3.send(new PutObjectCommand({ Bucket: doomed, Key: 'kept.txt', Body: text }));
    await stack.s3.send(new DeleteObjectCommand({ Bucket: doomed, Key: 'kept.txt' }));
    const grant = (actions: string) => `      - buckets: ["${doomed}"]\n        actions: [${actions}]\n`;
    const policyFile = join(workDirectory, 'delete-bucket-policy.yaml');
    await writeFile(
      policyFile,
      `principals:\n  - name: admin\n    apiKeys: ["sha256:${hashApiKey('s3gw_admin_0123456789abcdef')}"]\n    grants:\n${grant('list, delete, manageBuckets')}` +
        `  - name: owner\n    apiKeys: ["sha256:${hashApiKey('s3gw_owner_0123456789abcdef')}"]\n    grants:\n${grant('list, delete, deleteVersion, manageBuckets')}`,
    );
    const guarded = await stack.gatewayVia(stack.gateway.storeEndpoint ?? '', { AUTH_POLICY_FILE: policyFile });
    const deleteAs = async (apiKey: string) => {
      const response = await fetch(guarded.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({ query: DELETE_BUCKET, variables: { input: { name: doomed, emptyFirst: true } } }),
      });
      return ((await response.json()) as { data?: { deleteBucket: Payload } }).data?.deleteBucket;
    };
    // Without deleteVersion the versions stay, and so does the bucket.
    expect((await deleteAs('s3gw_admin_0123456789abcdef'))?.error?.code).toBe('ACCESS_DENIED');
    expect(await storedVersionCount('', doomed)).toBe(3);
    expect(await deleteAs('s3gw_owner_0123456789abcdef')).toEqual({ success: true, error: null });
    await expect(stack.s3.send(new HeadBucketCommand({ Bucket: doomed }))).rejects.toThrow();
  });

  it('pages through the versions of a prefix with cursors that a restarted gateway takes', async () => {
    for (const text of ['a', 'b', 'c']) await put('paged/one.txt', text);
    for (const text of ['d', 'e']) await put('paged/two.txt', text);
    const query = `query($bucket: String!, $after: String) {
      bucket(name: $bucket) { objectVersions(prefix: "paged/", first: 2, after: $after) { edges { node { key size } } pageInfo { hasNextPage endCursor } } }
    }`;
    type Page = {
      bucket: { objectVersions: { edges: { node: { key: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
    };
    const seen: string[] = [];
    let after: string | undefined;
    let url = stack.gateway.url;
    for (let page = 0; page < 5; page += 1) {
      const answer = await postGraphQL<Page>(url, query, { bucket, after });
      const { edges, pageInfo } = answer.data?.bucket.objectVersions ?? { edges: [], pageInfo: { hasNextPage: false, endCursor: '' } };
      seen.push(...edges.map(({ node }) => node.key));
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
      // The next page from another gateway: a cursor is a position in S3, not a server's state.
      url = (await stack.gatewayVia(stack.gateway.storeEndpoint ?? '')).url;
    }
    expect(seen).toEqual(['paged/one.txt', 'paged/one.txt', 'paged/one.txt', 'paged/two.txt', 'paged/two.txt']);
  });

  it('answers an unknown versionId with NO_SUCH_VERSION', async () => {
    await put('history/known.txt', 'x');
    const answer = await stack.graphql(READ_VERSION, { bucket, key: 'history/known.txt', versionId: 'no-such-version-id' });
    expect(answer.errors?.[0]?.extensions?.code).toBe('NO_SUCH_VERSION');
    const restored = await stack.graphql<{ restoreObjectVersion: Payload }>(RESTORE_VERSION, {
      input: { bucket, key: 'history/known.txt', versionId: 'no-such-version-id' },
    });
    expect(restored.data?.restoreObjectVersion.error?.code).toBe('NO_SUCH_VERSION');
    const download = await fetch(
      `${stack.gateway.url.replace('/graphql', '')}/objects/${bucket}/history/known.txt?versionId=no-such-version-id`,
    );
    expect(download.status).toBe(404);
  });
});

describe.runIf(!versioned)('versions (a store that keeps none: NOT_SUPPORTED)', () => {
  it('answers NOT_SUPPORTED, naming the operation, and changes nothing', async () => {
    await put('plain/report.txt', 'only');
    const state = await stack.graphql(`query($bucket: String!) { bucket(name: $bucket) { name versioning } }`, { bucket });
    expect(state.data).toEqual({ bucket: { name: bucket, versioning: null } });
    expect(state.errors?.[0]).toMatchObject({
      extensions: { code: 'NOT_SUPPORTED' },
      message: expect.stringMatching(/bucket versioning/) as string,
    });

    const set = await stack.graphql<{ setBucketVersioning: Payload }>(SET_VERSIONING, { input: { bucket, enabled: true } });
    expect(set.data?.setBucketVersioning.error?.code).toBe('NOT_SUPPORTED');

    const listed = await stack.graphql(VERSIONS, { bucket, key: 'plain/report.txt' });
    expect(listed.errors?.[0]).toMatchObject({
      extensions: { code: 'NOT_SUPPORTED' },
      message: expect.stringMatching(/object versions/) as string,
    });

    const read = await stack.graphql(READ_VERSION, { bucket, key: 'plain/report.txt', versionId: 'v1' });
    expect(read.errors?.[0]?.extensions?.code).toBe('NOT_SUPPORTED');

    // The embedded store ignores a versionId: a delete of "one version" must not delete the object.
    const deleted = await stack.graphql<{ deleteObject: Payload }>(DELETE_OBJECT, {
      input: { bucket, key: 'plain/report.txt', versionId: 'v1' },
    });
    expect(deleted.data?.deleteObject.error?.code).toBe('NOT_SUPPORTED');
    const restored = await stack.graphql<{ restoreObjectVersion: Payload }>(RESTORE_VERSION, {
      input: { bucket, key: 'plain/report.txt', versionId: 'v1' },
    });
    expect(restored.data?.restoreObjectVersion.error?.code).toBe('NOT_SUPPORTED');
    expect(await latestText('plain/report.txt')).toBe('only');

    const restoredPrefix = await stack.graphql<{ restorePrefix: Payload }>(RESTORE_PREFIX, {
      input: { bucket, prefix: 'plain/', at: new Date(Date.now() - 60_000).toISOString() },
    });
    expect(restoredPrefix.data?.restorePrefix.error?.code).toBe('NOT_SUPPORTED');
  });
});

it('refuses bad input before any version request: a restorePrefix moment in the future, an empty versionId', async () => {
  const answer = await stack.graphql<{ restorePrefix: Payload & { job: unknown } }>(RESTORE_PREFIX, {
    input: { bucket, prefix: 'any/', at: new Date(Date.now() + 3_600_000).toISOString() },
  });
  expect(answer.data?.restorePrefix).toMatchObject({ success: false, error: { code: 'INVALID_INPUT' }, job: null });
  const read = await stack.graphql(READ_VERSION, { bucket, key: 'any/key.txt', versionId: '' });
  expect(read.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
});

describe.runIf(versioned)('restorePrefix', () => {
  const OBJECTS = 500;
  const prefix = 'rewind/';
  const keyOf = (index: number) => `${prefix}k${String(index).padStart(3, '0')}`;
  /** What each key held at `at`; absent keys did not exist then. */
  const expected = new Map<string, string>();
  let at: Date;

  beforeAll(async () => {
    const limit = pLimit(16);
    // Before `at`: every key written, a tenth rewritten, a tenth deleted.
    await Promise.all(Array.from({ length: OBJECTS }, (_, index) => limit(() => put(keyOf(index), `v1 of ${index}`))));
    await nextSecond();
    await Promise.all(
      Array.from({ length: OBJECTS }, (_, index) =>
        limit(async () => {
          if (index % 10 === 1) await put(keyOf(index), `v2 of ${index}`);
          if (index % 10 === 2) await stack.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: keyOf(index) }));
        }),
      ),
    );
    for (let index = 0; index < OBJECTS; index += 1) {
      if (index % 10 === 2) continue;
      expected.set(keyOf(index), index % 10 === 1 ? `v2 of ${index}` : `v1 of ${index}`);
    }
    await nextSecond();
    at = new Date();
    await nextSecond();
    // After `at`: rewrites, deletes, a deleted key written again, and new keys.
    await Promise.all(
      Array.from({ length: OBJECTS }, (_, index) =>
        limit(async () => {
          if (index % 10 === 1 || index % 10 === 3) await put(keyOf(index), `after ${index}`);
          if (index % 10 === 4) await stack.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: keyOf(index) }));
          if (index % 10 === 2 && index % 20 === 2) await put(keyOf(index), `back after ${index}`);
        }),
      ),
    );
    await Promise.all(Array.from({ length: 50 }, (_, index) => limit(() => put(`${prefix}new${index}`, `new ${index}`))));
  });

  async function expectAsAt(): Promise<void> {
    const latest = await latestETags(prefix);
    expect([...latest.keys()].sort()).toEqual([...expected.keys()].sort());
    const wrong = [...expected].filter(([key, text]) => latest.get(key) !== md5(text)).map(([key]) => key);
    expect(wrong).toEqual([]);
  }

  it('puts every object back as it was, after a run killed with kill -9 and run again; a third run changes nothing', async () => {
    // The first run: a gateway process whose copies a proxy slows down, killed once it has restored some keys.
    const proxy: S3Proxy = await startS3Proxy(stack.gateway.storeEndpoint ?? '');
    let gateway: GatewayProcess | undefined;
    try {
      proxy.inject({ operation: 'CopyObject', fault: { kind: 'latency', ms: 50 } });
      gateway = await spawnGateway(workDirectory, {
        LOG_LEVEL: 'error',
        S3_STORE: 'external',
        S3_ENDPOINT: proxy.endpoint,
        AWS_REGION: process.env.E2E_S3_REGION ?? 'us-east-1',
        AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? EMBEDDED_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? EMBEDDED_CREDENTIALS.secretAccessKey,
        S3_MAX_CONCURRENCY: '2',
      });
      const started = await postGraphQL<{ restorePrefix: { success: boolean; job: JobView } }>(gateway.url, RESTORE_PREFIX, {
        input: { bucket, prefix, at: at.toISOString(), wait: false },
      });
      expect(started.data?.restorePrefix).toMatchObject({ success: true, job: { kind: 'RESTORE_PREFIX', state: 'RUNNING' } });
      await expect
        .poll(() => proxy.answered.filter((operation) => operation === 'CopyObject').length, { timeout: 60_000 })
        .toBeGreaterThan(10);
      gateway.child.kill('SIGKILL');
      await gateway.exited;
    } finally {
      if (gateway?.child.exitCode === null) gateway.child.kill('SIGKILL');
      await proxy.close();
    }

    const again = await stack.graphql<{ restorePrefix: { success: boolean; job: JobView } }>(RESTORE_PREFIX, {
      input: { bucket, prefix, at: at.toISOString() },
    });
    expect(again.data?.restorePrefix).toMatchObject({ success: true, job: { state: 'SUCCEEDED', failed: 0 } });
    // Every key of the prefix counts, also those it found as they were.
    expect(again.data?.restorePrefix.job.succeeded).toBe(OBJECTS + 50);
    await expectAsAt();

    const versionsBefore = await storedVersionCount(prefix);
    const third = await stack.graphql<{ restorePrefix: { success: boolean; job: JobView } }>(RESTORE_PREFIX, {
      input: { bucket, prefix, at: at.toISOString() },
    });
    expect(third.data?.restorePrefix).toMatchObject({ success: true, job: { state: 'SUCCEEDED' } });
    expect(await storedVersionCount(prefix)).toBe(versionsBefore);
    await expectAsAt();
  });
});

describe('moves racing a write to their source', () => {
  /**
   * A gateway of its own, through a proxy that holds every DeleteObject for a while: a write to the source lands meanwhile.
   * In a versioned bucket the held request is the delete of the version copied; on a store that ignores If-Match (the embedded
   * one) it is the probe that learns so, before the source is checked again.
   */
  async function racingGateway(): Promise<{ url: string; proxy: S3Proxy }> {
    const proxy = await startS3Proxy(stack.gateway.storeEndpoint ?? '');
    proxy.inject({ operation: 'DeleteObject', fault: { kind: 'latency', ms: 1500 } });
    const via = await stack.gatewayVia(proxy.endpoint);
    return { url: via.url, proxy };
  }

  /** In a versioned bucket, a move deletes exactly what it copied: never a delete of its own (a probe) that leaves a marker. */
  async function expectNoMarkersOfItsOwn(): Promise<void> {
    if (!versioned) return;
    const { DeleteMarkers = [] } = await stack.s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: '.s3-graphql-gateway/' }));
    expect(DeleteMarkers).toEqual([]);
  }

  async function writeWhileDeleteIsHeld(proxy: S3Proxy, key: string, text: string): Promise<void> {
    await expect.poll(() => proxy.operations.includes('DeleteObject'), { timeout: 30_000 }).toBe(true);
    await put(key, text);
  }

  it('moveObject keeps the write: the source holds it, the destination what was copied', async () => {
    const { url, proxy } = await racingGateway();
    try {
      await put('race/source.txt', 'before');
      const moving = postGraphQL<{ moveObject: Payload }>(url, MOVE_OBJECT, {
        input: { bucket, key: 'race/source.txt', destinationKey: 'race/destination.txt' },
      });
      await writeWhileDeleteIsHeld(proxy, 'race/source.txt', 'racing write');
      expect((await moving).data?.moveObject.success).toBe(true);
      expect(await latestText('race/source.txt')).toBe('racing write');
      expect(await latestText('race/destination.txt')).toBe('before');
      await expectNoMarkersOfItsOwn();
    } finally {
      await proxy.close();
    }
  });

  it('movePrefix keeps the write to one source and moves the others', async () => {
    const { url, proxy } = await racingGateway();
    try {
      for (const name of ['a', 'b', 'c']) await put(`race-prefix/${name}.txt`, `${name} before`);
      const moving = postGraphQL<{ movePrefix: { success: boolean; job: JobView } }>(
        url,
        `mutation($input: MovePrefixInput!) { movePrefix(input: $input) { success error { code message } job { succeeded failed } } }`,
        { input: { bucket, prefix: 'race-prefix/', destinationPrefix: 'race-moved/' } },
      );
      await writeWhileDeleteIsHeld(proxy, 'race-prefix/b.txt', 'b racing write');
      expect((await moving).data?.movePrefix).toMatchObject({ success: true, job: { succeeded: 3, failed: 0 } });
      expect(await latestText('race-prefix/b.txt')).toBe('b racing write');
      expect([...(await latestETags('race-prefix/')).keys()]).toEqual(['race-prefix/b.txt']);
      for (const name of ['a', 'b', 'c']) expect(await latestText(`race-moved/${name}.txt`)).toBe(`${name} before`);
      await expectNoMarkersOfItsOwn();
    } finally {
      await proxy.close();
    }
  });
});
