import { S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testStorage } from '../support/s3-storage.js';

// signUploadParts builds the UploadPart request once and signs each part number; the URLs must be getSignedUrl's own.
describe('signUploadParts', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-30T22:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  const upload = { bucket: 'photos-1', key: 'dir/a b+ü~*(1).bin', uploadId: 'up+/ =load' };
  const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token+/=' };

  it.each([
    ['a public endpoint, path style', { endpoint: 'http://store.example:9000', forcePathStyle: true }],
    ['AWS, virtual-hosted style', { endpoint: undefined, forcePathStyle: false }],
  ])('signs the URLs getSignedUrl signs, on %s', async (_, options) => {
    const signer = new S3Client({ region: 'eu-west-1', credentials, requestChecksumCalculation: 'WHEN_REQUIRED', ...options });
    const parts = await testStorage({ client: signer }).signUploadParts(upload, [1, 2, 16], 600);
    const expected = await Promise.all(
      [1, 2, 16].map(async (partNumber) => ({
        partNumber,
        url: await getSignedUrl(
          signer,
          new UploadPartCommand({ Bucket: upload.bucket, Key: upload.key, UploadId: upload.uploadId, PartNumber: partNumber }),
          { expiresIn: 600 },
        ),
      })),
    );
    expect(parts).toEqual(expected);
  });

  it('signs each call with the credentials the provider holds then, refreshed as they expire', async () => {
    let fetched = 0;
    const signer = new S3Client({
      region: 'us-east-1',
      // Credentials within five minutes of their expiry are fetched again for each use.
      credentials: () =>
        Promise.resolve({
          accessKeyId: `AKID${++fetched}`,
          secretAccessKey: 'secret',
          expiration: new Date('2026-11-30T22:01:00Z'),
        }),
    });
    const storage = testStorage({ client: signer });
    const [first] = await storage.signUploadParts(upload, [1], 60);
    const [second] = await storage.signUploadParts(upload, [1], 60);
    const keyOf = (url = '') => new URL(url).searchParams.get('X-Amz-Credential')?.split('/')[0];
    expect(keyOf(first?.url)).not.toBe(keyOf(second?.url));
    expect(keyOf(second?.url)).toBe(`AKID${fetched}`);
  });
});
