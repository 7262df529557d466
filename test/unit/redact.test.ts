import { describe, expect, it } from 'vitest';
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
