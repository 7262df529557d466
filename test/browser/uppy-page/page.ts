import AwsS3, { type AwsS3Part } from '@uppy/aws-s3';
import Uppy from '@uppy/core';
import { failIf, GatewayClient } from '../../../web/src/client.js';
import {
  AbortMultipartUploadMutation,
  CompleteMultipartUploadMutation,
  CreateMultipartUploadMutation,
  SignUploadPartsMutation,
} from '../../../web/src/operations.js';
import { uploadedParts } from '../../../web/src/direct-upload.js';

/**
 * A web application's page that uploads with Uppy's S3 multipart plugin, each of its callbacks one GraphQL operation of the
 * gateway (at ?gateway=, over CORS); the parts go straight to the store.
 */

const parameters = new URLSearchParams(location.search);
const client = new GatewayClient(parameters.get('gateway') ?? '', () => '');
const bucket = parameters.get('bucket') ?? '';

const uppy = new Uppy({ autoProceed: false }).use(AwsS3, {
  shouldUseMultipart: true,
  limit: 4,
  async createMultipartUpload(file) {
    const { createMultipartUpload } = await client.request(CreateMultipartUploadMutation, {
      input: { bucket, key: file.name, size: file.size ?? 0, contentType: file.type },
    });
    failIf(createMultipartUpload);
    const upload = createMultipartUpload.upload;
    if (!upload) throw new Error('no upload created');
    return { uploadId: upload.uploadId, key: upload.key };
  },
  async signPart(_file, { key, uploadId, partNumber }) {
    const { signUploadParts } = await client.request(SignUploadPartsMutation, {
      input: { bucket, key, uploadId, partNumbers: [partNumber] },
    });
    failIf(signUploadParts);
    return { method: 'PUT', url: signUploadParts.parts?.[0]?.url ?? '' };
  },
  async listParts(_file, { key, uploadId }): Promise<AwsS3Part[]> {
    return (await uploadedParts(client, { bucket, key, uploadId: uploadId ?? '' })).map(({ partNumber, size, eTag }) => ({
      PartNumber: partNumber,
      Size: size,
      ETag: eTag ?? '',
    }));
  },
  async completeMultipartUpload(_file, { key, uploadId, parts }) {
    const { completeMultipartUpload } = await client.request(CompleteMultipartUploadMutation, {
      input: { bucket, key, uploadId, parts: parts.map(({ PartNumber, ETag }) => ({ partNumber: PartNumber ?? 0, eTag: ETag ?? '' })) },
    });
    failIf(completeMultipartUpload);
    return { location: completeMultipartUpload.object?.key ?? key };
  },
  async abortMultipartUpload(_file, { key, uploadId }) {
    const { abortMultipartUpload } = await client.request(AbortMultipartUploadMutation, {
      input: { bucket, key, uploadId: uploadId ?? '' },
    });
    failIf(abortMultipartUpload);
  },
});

/** Uploads `size` bytes of a known pattern as `name`; answers Uppy's result, and the parts it sent. */
async function uploadWithUppy(name: string, size: number): Promise<{ successful: number; failed: string[]; parts: number }> {
  const bytes = new Uint8Array(size);
  for (let index = 0; index < size; index += 1) bytes[index] = (index * 31 + (index >> 20)) & 255;
  let parts = 0;
  uppy.on('s3-multipart:part-uploaded', () => (parts += 1));
  uppy.addFile({ name, type: 'application/octet-stream', data: new Blob([bytes]) });
  const result = await uppy.upload();
  return {
    successful: result?.successful?.length ?? 0,
    failed: (result?.failed ?? []).map((file) => String(file.error)),
    parts,
  };
}

Object.assign(window, { uploadWithUppy });
