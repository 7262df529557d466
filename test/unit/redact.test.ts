import { describe, expect, it } from 'vitest';
import { requestAwareLogger } from '../../src/observability.js';
import { redact, registerSecrets } from '../../src/redact.js';

describe('redact', () => {
  it('removes signatures, credentials, tokens and keys, and keeps the rest readable', () => {
    const presigned =
      'https://s3.example.com/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261130%2Fus-east-1&X-Amz-Signature=abc123def&X-Amz-Security-Token=FwoGZX';
    expect(redact(presigned)).toBe(
      'https://s3.example.com/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=[redacted]&X-Amz-Signature=[redacted]&X-Amz-Security-Token=[redacted]',
    );
    expect(redact('authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/x, Signature=0123456789abcdef')).not.toMatch(
      /AKIA|0123456789abcdef/,
    );
    expect(redact('Bearer s3gw_secret_key and token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.sig-nature')).toBe(
      'Bearer [redacted] and token [redacted JWT]',
    );
    expect(redact('{"x-api-key":"k1","secretAccessKey":"s2"}')).toBe('{"x-api-key":"[redacted]","secretAccessKey":"[redacted]"}');
    expect(redact('Object "photos/cat.jpg" does not exist in bucket "b".')).toBe('Object "photos/cat.jpg" does not exist in bucket "b".');
  });

  it('removes configured secrets whatever their shape', () => {
    registerSecrets(['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', undefined]);
    expect(redact('signing with wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY failed')).toBe('signing with [redacted] failed');
    registerSecrets([]);
  });
});

describe('the gateway logger', () => {
  it('redacts strings, errors and objects in every argument of every level', () => {
    const lines: string[] = [];
    const record = (...args: unknown[]) => lines.push(args.map(String).join(' '));
    const logger = requestAwareLogger({ debug: record, info: record, warn: record, error: record }, 'text', 'debug');
    logger.error('request failed', new Error('GET https://s3/b/k?X-Amz-Signature=deadbeef failed'));
    logger.warn({ headers: { authorization: 'Bearer s3gw_key_1' } });
    logger.info('token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln');
    expect(lines).toHaveLength(3);
    expect(lines.join('\n')).not.toMatch(/deadbeef|s3gw_key_1|eyJhbGci/);
    expect(lines[0]).toMatch(/^request failed Error: GET https:\/\/s3\/b\/k\?X-Amz-Signature=\[redacted\] failed/);
  });
});
