import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

// HOME points at an empty directory so that the machine's own ~/.aws does not count.
const home = mkdtempSync(join(tmpdir(), 's3gw-config-'));
const base = { HOME: home };

describe('loadConfig', () => {
  it('runs the embedded store on loopback port 4000 when nothing is configured', () => {
    const config = loadConfig(base);
    expect(config.server).toMatchObject({ port: 4000, host: '127.0.0.1', graphiql: true });
    expect(config.store).toMatchObject({ kind: 'embedded', buckets: ['demo'] });
    expect(config.store.kind === 'embedded' && config.store.directory.endsWith(join('.data', 's3'))).toBe(true);
    expect(config.s3).toMatchObject({ region: 'us-east-1', forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED' });
    expect(config.limits.maxInlineBytes).toBe(10 * 1024 * 1024);
  });

  it('uses AWS when any credential source is configured, with the SDK default checksums', () => {
    for (const env of [
      { AWS_ACCESS_KEY_ID: 'x' },
      { AWS_PROFILE: 'dev' },
      { AWS_WEB_IDENTITY_TOKEN_FILE: '/t' },
      { S3_ASSUME_ROLE_ARN: 'arn:aws:iam::123456789012:role/r' },
    ]) {
      const config = loadConfig({ ...base, ...env, AWS_REGION: 'eu-west-3' });
      expect(config.store).toEqual({ kind: 'external', endpoint: undefined });
      expect(config.s3).toMatchObject({ region: 'eu-west-3', forcePathStyle: false, requestChecksumCalculation: 'WHEN_SUPPORTED' });
    }
  });

  it('counts a shared credentials file as a credential source', () => {
    const file = join(home, 'credentials');
    writeFileSync(file, '[default]\n');
    expect(loadConfig({ ...base, AWS_SHARED_CREDENTIALS_FILE: file }).store.kind).toBe('external');
  });

  it('uses an S3-compatible endpoint with path style and WHEN_REQUIRED checksums unless told otherwise', () => {
    const config = loadConfig({ ...base, S3_ENDPOINT: 'http://minio:9000' });
    expect(config.store).toEqual({ kind: 'external', endpoint: 'http://minio:9000' });
    expect(config.s3).toMatchObject({
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    const overridden = loadConfig({
      ...base,
      S3_ENDPOINT: 'http://minio:9000',
      S3_FORCE_PATH_STYLE: 'false',
      S3_REQUEST_CHECKSUM_CALCULATION: 'WHEN_SUPPORTED',
    });
    expect(overridden.s3).toMatchObject({ forcePathStyle: false, requestChecksumCalculation: 'WHEN_SUPPORTED' });
  });

  it('reads the assumed role settings', () => {
    const config = loadConfig({
      ...base,
      S3_ASSUME_ROLE_ARN: 'arn:aws:iam::123456789012:role/gateway',
      S3_ASSUME_ROLE_EXTERNAL_ID: 'ext-1',
      S3_ASSUME_ROLE_DURATION_SECONDS: '1800',
    });
    expect(config.s3.assumeRole).toEqual({
      roleArn: 'arn:aws:iam::123456789012:role/gateway',
      sessionName: 's3-graphql-gateway',
      externalId: 'ext-1',
      durationSeconds: 1800,
    });
  });

  it('reads timeouts and retries in seconds, with bounded defaults', () => {
    const defaults = loadConfig(base);
    expect(defaults.s3).toMatchObject({ connectTimeoutMs: 5000, requestTimeoutMs: 30_000, maxAttempts: 3 });
    expect(defaults.server).toMatchObject({ requestTimeoutMs: 60_000, shutdownTimeoutMs: 25_000, readyCheckTimeoutMs: 2000 });
    const tuned = loadConfig({ ...base, S3_REQUEST_TIMEOUT_SECONDS: '0.5', S3_MAX_ATTEMPTS: '1', SHUTDOWN_TIMEOUT_SECONDS: '120' });
    expect(tuned.s3).toMatchObject({ requestTimeoutMs: 500, maxAttempts: 1 });
    expect(tuned.server.shutdownTimeoutMs).toBe(120_000);
    expect(() => loadConfig({ ...base, S3_MAX_ATTEMPTS: '0', REQUEST_TIMEOUT_SECONDS: 'soon' })).toThrow(
      /S3_MAX_ATTEMPTS:[\s\S]*REQUEST_TIMEOUT_SECONDS:|REQUEST_TIMEOUT_SECONDS:[\s\S]*S3_MAX_ATTEMPTS:/,
    );
  });

  it('reports every bad variable in one message, by name', () => {
    const bad = {
      ...base,
      PORT: 'http',
      S3_ENDPOINT: 'ftp://x',
      EMBEDDED_S3_BUCKETS: 'ok,Not_OK',
      PRESIGN_MAX_EXPIRES_SECONDS: '999999',
      S3_STORE: 'cloud',
    };
    let message = '';
    try {
      loadConfig(bad);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as ConfigError).message;
    }
    for (const name of ['PORT', 'S3_ENDPOINT', 'EMBEDDED_S3_BUCKETS', 'PRESIGN_MAX_EXPIRES_SECONDS', 'S3_STORE'])
      expect(message).toContain(`${name}:`);
  });
});
