import type { PutObjectCommandInput } from '@aws-sdk/client-s3';
import { InvalidInputError } from '../errors.js';
import { taggingHeader } from './tags.js';
import type { ObjectWriteOptions } from './types.js';

/** The optional headers of a write (PutObject, CreateMultipartUpload), checked and in the SDK's names. */

// A header value the SDK can send: printable ASCII (non-ASCII file names go in RFC 6266's filename*=UTF-8''...).
const HEADER_VALUE = /^[\x20-\x7e]{1,1024}$/;
const STORAGE_CLASS = /^[A-Z][A-Z_]{0,63}$/;

function headerValue(name: string, value: string | undefined): string | undefined {
  if (value !== undefined && !HEADER_VALUE.test(value)) {
    throw new InvalidInputError(`${name} must be 1 to 1024 printable ASCII characters (encode file names as filename*=UTF-8''...).`);
  }
  return value;
}

type WriteHeaders = Pick<
  PutObjectCommandInput,
  'CacheControl' | 'ContentDisposition' | 'StorageClass' | 'ServerSideEncryption' | 'SSEKMSKeyId' | 'Tagging'
>;

export function writeHeaders(options: ObjectWriteOptions): WriteHeaders {
  if (options.storageClass !== undefined && !STORAGE_CLASS.test(options.storageClass)) {
    throw new InvalidInputError('storageClass must be an S3 storage class such as STANDARD, STANDARD_IA or GLACIER_IR.');
  }
  if (options.sseKmsKeyId !== undefined && options.serverSideEncryption !== 'aws:kms') {
    throw new InvalidInputError('sseKmsKeyId is only for serverSideEncryption AWS_KMS.');
  }
  return {
    CacheControl: headerValue('cacheControl', options.cacheControl),
    ContentDisposition: headerValue('contentDisposition', options.contentDisposition),
    StorageClass: options.storageClass as WriteHeaders['StorageClass'],
    ServerSideEncryption: options.serverSideEncryption,
    SSEKMSKeyId: headerValue('sseKmsKeyId', options.sseKmsKeyId),
    Tagging: taggingHeader(options.tags),
  };
}
