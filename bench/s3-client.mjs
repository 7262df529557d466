/**
 * The SDK client every bench talks to a store with, directly. JavaScript, so that the processes that must run under node
 * alone (bench/direct-reader.mjs) build the same client as the benches run by tsx (bench/stores.ts).
 */
import { S3Client } from '@aws-sdk/client-s3';

/**
 * @param {string} endpoint
 * @param {{ accessKeyId: string; secretAccessKey: string }} credentials
 * @returns {S3Client}
 */
export function benchS3Client(endpoint, credentials) {
  return new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}
