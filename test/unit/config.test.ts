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

describe('loadConfig: tracing from the standard OTEL_* variables', () => {
  const tracingOf = (env: Record<string, string>) => loadConfig({ ...base, ...env }).observability.tracing;

  it('is off without an exporter or an OTLP endpoint, with OTEL_TRACES_EXPORTER=none and with OTEL_SDK_DISABLED', () => {
    expect(tracingOf({})).toBeUndefined();
    expect(tracingOf({ OTEL_SERVICE_NAME: 'gateway' })).toBeUndefined();
    expect(tracingOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' })).toBeUndefined();
    expect(tracingOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' })).toBeUndefined();
  });

  it('exports OTLP/HTTP protobuf to <endpoint>/v1/traces, or to the traces endpoint as it is', () => {
    expect(tracingOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toEqual({
      exporter: 'otlp',
      protocol: 'http/protobuf',
      url: 'http://collector:4318/v1/traces',
    });
    expect(
      tracingOf({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://tempo.example/otlp/traces',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      }),
    ).toEqual({ exporter: 'otlp', protocol: 'http/json', url: 'https://tempo.example/otlp/traces' });
    // The SDK's own default endpoint, http://localhost:4318/v1/traces.
    expect(tracingOf({ OTEL_TRACES_EXPORTER: 'otlp' })).toEqual({ exporter: 'otlp', protocol: 'http/protobuf', url: undefined });
    expect(tracingOf({ OTEL_TRACES_EXPORTER: 'console' })).toEqual({ exporter: 'console' });
  });

  it('names what it cannot do', () => {
    expect(() =>
      loadConfig({ ...base, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }),
    ).toThrow(/OTEL_EXPORTER_OTLP_PROTOCOL: must be http\/protobuf or http\/json \(grpc is not supported\)/);
    expect(() => loadConfig({ ...base, OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow(/OTEL_TRACES_EXPORTER: must be otlp, console or none/);
    expect(() => loadConfig({ ...base, OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(ConfigError);
  });
});

describe('loadConfig: who may call', () => {
  const policyFile = join(home, 'policy.yaml');
  writeFileSync(policyFile, 'principals:\n  - name: ci\n    jwtSubjects: [ci]\n    grants: [{ buckets: [b1b], actions: [read] }]\n');
  const problemsOf = (env: Record<string, string>): string => {
    try {
      loadConfig({ ...base, ...env });
      return '';
    } catch (error) {
      return (error as ConfigError).message;
    }
  };

  it('serves anonymous callers on loopback only, unless ALLOW_ANONYMOUS is set', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost'])
      expect(loadConfig({ ...base, HOST: host }).auth).toEqual({ kind: 'none' });
    for (const host of ['0.0.0.0', '::', '10.0.0.5'])
      expect(problemsOf({ HOST: host })).toMatch(/HOST: .* no authentication is configured/);
    expect(loadConfig({ ...base, HOST: '0.0.0.0', ALLOW_ANONYMOUS: 'true' }).auth).toEqual({ kind: 'none' });
    expect(loadConfig({ ...base, HOST: '0.0.0.0', AUTH_POLICY_FILE: policyFile }).auth.kind).toBe('policy');
  });

  it('checks the policy file and the JWT settings at start', () => {
    expect(problemsOf({ AUTH_POLICY_FILE: join(home, 'missing.yaml') })).toMatch(/AUTH_POLICY_FILE: cannot read .*ENOENT/);
    const broken = join(home, 'broken.yaml');
    writeFileSync(broken, 'principals: [{ name: x }]');
    expect(problemsOf({ AUTH_POLICY_FILE: broken })).toMatch(/AUTH_POLICY_FILE principals\.0: needs apiKeys/);
    expect(problemsOf({ JWT_SECRET: 'x'.repeat(40) })).toMatch(
      /JWT_ISSUER: required[\s\S]*JWT_AUDIENCE: required[\s\S]*AUTH_POLICY_FILE: required/,
    );
    expect(problemsOf({ JWT_SECRET: 'short', AUTH_POLICY_FILE: policyFile })).toMatch(/JWT_SECRET: must be at least 32 characters/);
    const jwks = (url: string) => problemsOf({ JWT_JWKS_URL: url, JWT_ISSUER: 'i', JWT_AUDIENCE: 'a', AUTH_POLICY_FILE: policyFile });
    expect(jwks('http://id.example.com/jwks')).toMatch(/JWT_JWKS_URL: must be https/);
    expect(jwks('http://127.0.0.1:8080/jwks')).toBe('');
    expect(jwks('https://id.example.com/jwks')).toBe('');
    expect(
      problemsOf({
        JWT_JWKS_URL: 'https://id/jwks',
        JWT_ISSUER: 'i',
        JWT_AUDIENCE: 'a',
        JWT_ALGORITHMS: 'none',
        AUTH_POLICY_FILE: policyFile,
      }),
    ).toMatch(/JWT_ALGORITHMS: must be some of/);
    // A key set holds public keys: an HS* token (a shared secret) could never be verified.
    expect(
      problemsOf({
        JWT_JWKS_URL: 'https://id/jwks',
        JWT_ISSUER: 'i',
        JWT_AUDIENCE: 'a',
        JWT_ALGORITHMS: 'RS256,HS256',
        AUTH_POLICY_FILE: policyFile,
      }),
    ).toMatch(/JWT_ALGORITHMS: HS256 needs JWT_SECRET/);
    const config = loadConfig({ ...base, JWT_SECRET: 'x'.repeat(40), JWT_ISSUER: 'i', JWT_AUDIENCE: 'a', AUTH_POLICY_FILE: policyFile });
    expect(config.auth.kind === 'policy' && config.auth.jwt).toMatchObject({ issuer: 'i', audience: 'a', algorithms: ['HS256'] });
    expect(config.secrets).toContain('x'.repeat(40));
  });

  it('names a broken policy file together with the bad variables of other concerns', () => {
    const broken = join(home, 'broken-with-others.yaml');
    writeFileSync(broken, 'principals: [{ name: x }]');
    const message = problemsOf({ AUTH_POLICY_FILE: broken, PORT: 'http', MAX_QUERY_DEPTH: '0', LOG_LEVEL: 'loud' });
    for (const name of ['PORT:', 'MAX_QUERY_DEPTH:', 'LOG_LEVEL:', 'AUTH_POLICY_FILE principals.0:']) expect(message).toContain(name);
  });

  it('turns GraphiQL, introspection and field suggestions off in production unless enabled', () => {
    expect(loadConfig({ ...base, NODE_ENV: 'production' }).server).toMatchObject({
      graphiql: false,
      introspection: false,
      fieldSuggestions: false,
    });
    expect(loadConfig({ ...base, NODE_ENV: 'production', GRAPHIQL: 'true', GRAPHQL_INTROSPECTION: 'true' }).server).toMatchObject({
      graphiql: true,
      introspection: true,
      fieldSuggestions: false,
    });
    expect(loadConfig(base).server).toMatchObject({ graphiql: true, introspection: true, fieldSuggestions: true, corsOrigins: [] });
    expect(problemsOf({ CORS_ORIGINS: 'https://app.example.com/path' })).toMatch(/CORS_ORIGINS/);
  });
});
