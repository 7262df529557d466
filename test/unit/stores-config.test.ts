import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const directory = mkdtempSync(join(tmpdir(), 's3gw-stores-config-'));
const base = { HOME: directory };
let files = 0;
const storesFile = (text: string): string => {
  const file = join(directory, `stores-${(files += 1)}.yaml`);
  writeFileSync(file, text);
  return file;
};
const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig({ ...base, ...env });
  } catch (error) {
    if (error instanceof ConfigError)
      return error.message
        .split('\n')
        .slice(1)
        .map((line) => line.trim());
    throw error;
  }
  return [];
};

describe('STORES_FILE', () => {
  it('is one store named "default", configured as today, when not set', () => {
    const config = loadConfig(base);
    expect(config.stores).toBeUndefined();
    expect(config.store.kind).toBe('embedded');
  });

  it("accepts the issue's shape as it is, each store starting from the environment's settings", () => {
    const file = storesFile(`stores:
  - name: onprem
    endpoint: http://ceph.internal:7480
    region: us-east-1
    forcePathStyle: true
    default: true
    credentials:
      accessKeyId: AKIAEXAMPLE
      secretAccessKey: onprem-secret
  - name: aws
    region: eu-west-1
`);
    const config = loadConfig({ ...base, STORES_FILE: file, S3_MAX_ATTEMPTS: '5' });
    const [onprem, aws] = config.stores ?? [];
    expect(onprem).toMatchObject({
      name: 'onprem',
      isDefault: true,
      endpoint: 'http://ceph.internal:7480',
      credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'onprem-secret' },
      s3: { region: 'us-east-1', forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', maxAttempts: 5 },
    });
    expect(aws).toMatchObject({
      name: 'aws',
      isDefault: false,
      endpoint: undefined,
      credentials: undefined,
      s3: { region: 'eu-west-1', forcePathStyle: false, requestChecksumCalculation: 'WHEN_SUPPORTED' },
    });
    // A secret written in the file is never logged either.
    expect(config.secrets).toContain('onprem-secret');
  });

  it('reads secrets from the environment variables the file names, profiles, assumed roles and limits per store', () => {
    const file = storesFile(
      JSON.stringify({
        stores: [
          {
            name: 'r2',
            endpoint: 'https://account.r2.cloudflarestorage.com',
            region: 'auto',
            publicEndpoint: 'https://files.example.com',
            credentials: { accessKeyIdEnv: 'R2_KEY', secretAccessKeyEnv: 'R2_SECRET', sessionTokenEnv: 'R2_TOKEN' },
            maxConcurrency: 4,
            maxSockets: 8,
            requestTimeoutSeconds: 120,
            default: true,
          },
          { name: 'dev', credentials: { profile: 'dev' }, assumeRole: { roleArn: 'arn:aws:iam::123456789012:role/reader' } },
        ],
      }),
    );
    const config = loadConfig({ ...base, STORES_FILE: file, R2_KEY: 'key', R2_SECRET: 'secret', R2_TOKEN: 'token' });
    const [r2, dev] = config.stores ?? [];
    expect(r2).toMatchObject({
      credentials: { accessKeyId: 'key', secretAccessKey: 'secret', sessionToken: 'token' },
      maxConcurrency: 4,
      s3: { publicEndpoint: 'https://files.example.com', maxSockets: 8, requestTimeoutMs: 120_000, region: 'auto' },
    });
    expect(dev).toMatchObject({
      profile: 'dev',
      credentials: undefined,
      s3: { assumeRole: { roleArn: 'arn:aws:iam::123456789012:role/reader' } },
    });
    expect(config.secrets).toEqual(expect.arrayContaining(['secret', 'token']));
  });

  it('names every mistake by its place in the file', () => {
    const file = storesFile(`stores:
  - name: onprem
    endpoint: not-a-url
    credentials:
      accessKeyId: AKIA
      secretAccessKeyEnv: MISSING_SECRET
  - name: onprem
    region: Mars
    forcePathStyle: "yes"
    default: true
  - name: third
    default: true
    credentials:
      profile: dev
      accessKeyId: AKIA
`);
    expect(problemsOf({ STORES_FILE: file })).toEqual([
      'STORES_FILE stores.0.endpoint: must be an http(s) URL',
      'STORES_FILE stores.1.forcePathStyle: must be true or false',
    ]);
    const fixedShape = storesFile(`stores:
  - name: onprem
    endpoint: http://ceph:7480
    credentials:
      accessKeyId: AKIA
      secretAccessKeyEnv: MISSING_SECRET
  - name: onprem
    region: Mars
    default: true
  - name: third
    default: true
    credentials:
      profile: dev
      accessKeyId: AKIA
`);
    expect(problemsOf({ STORES_FILE: fixedShape })).toEqual([
      'STORES_FILE stores.1.name: "onprem" is also the name of store 0: names must differ',
      'STORES_FILE stores.1.region: must be a region name such as eu-west-1',
      'STORES_FILE stores.2.default: only one store may be the default (store 1 is)',
      'STORES_FILE stores.0.credentials.secretAccessKeyEnv: environment variable MISSING_SECRET is not set',
      'STORES_FILE stores.2.credentials: give a profile or keys, not both',
    ]);
  });

  it('refuses a file that is missing, not YAML, empty of stores, or without a default among several', () => {
    expect(problemsOf({ STORES_FILE: join(directory, 'absent.yaml') })).toEqual([
      `STORES_FILE: cannot read ${join(directory, 'absent.yaml')} (ENOENT)`,
    ]);
    expect(problemsOf({ STORES_FILE: storesFile('stores: [') })[0]).toMatch(/^STORES_FILE not YAML or JSON/);
    expect(problemsOf({ STORES_FILE: storesFile('stores: []') })).toEqual(['STORES_FILE stores: must name at least one store']);
    expect(problemsOf({ STORES_FILE: storesFile('stores:\n  - name: a\n  - name: b\n') })).toEqual([
      'STORES_FILE stores: mark one store default: true (requests that name no store use it)',
    ]);
    expect(problemsOf({ STORES_FILE: storesFile('stores:\n  - name: a\n    credentials:\n      accessKeyId: x\n') })).toEqual([
      'STORES_FILE stores.0.credentials: needs accessKeyId and secretAccessKey (or their ...Env variables), or a profile',
    ]);
  });
});
