import { Readable } from 'node:stream';
import { ListObjectsV2Command, type ListObjectsV2CommandInput, type ListObjectsV2CommandOutput, S3Client } from '@aws-sdk/client-s3';
import type { ListObjectsV2Answer } from '../../src/s3/list-objects-v2.js';

/** The SDK's own reading of ListObjectsV2 answers, to hold the gateway's parser to. */

/** The fields the gateway's parser reads, from the SDK's output. */
export function sdkFields(output: ListObjectsV2CommandOutput): ListObjectsV2Answer {
  const { Name, Prefix, Delimiter, StartAfter, ContinuationToken, NextContinuationToken, EncodingType, KeyCount, MaxKeys, IsTruncated } =
    output;
  // Undefined fields are as good as absent to toEqual, which the tests compare with.
  return {
    Name,
    Prefix,
    Delimiter,
    StartAfter,
    ContinuationToken,
    NextContinuationToken,
    EncodingType,
    KeyCount,
    MaxKeys,
    IsTruncated,
    Contents: output.Contents?.map(({ Key, LastModified, ETag, Size, StorageClass }) => ({ Key, LastModified, ETag, Size, StorageClass })),
    CommonPrefixes: output.CommonPrefixes?.map(({ Prefix: prefix }) => ({ Prefix: prefix })),
  };
}

/** A client whose every request is answered with `xml`, as if a store had sent it. */
export function clientAnswering(xml: string): S3Client {
  return new S3Client({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    requestHandler: {
      handle: () => Promise.resolve({ response: { statusCode: 200, headers: {}, body: new TextEncoder().encode(xml) } }),
    },
  });
}

/** The SDK's output for an answer of `xml`. */
export async function sdkReading(xml: string): Promise<ListObjectsV2CommandOutput> {
  const client = clientAnswering(xml);
  try {
    return await client.send(new ListObjectsV2Command({ Bucket: 'bucket' }));
  } finally {
    client.destroy();
  }
}

/** A ListObjectsV2 request through `client`, with the raw answer the SDK read its output from. */
export async function listWithAnswer(
  client: S3Client,
  input: ListObjectsV2CommandInput,
): Promise<{ output: ListObjectsV2CommandOutput; xml: string }> {
  const command = new ListObjectsV2Command(input);
  let xml = '';
  command.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const response = result.response as { body: AsyncIterable<Uint8Array> };
      const chunks: Buffer[] = [];
      for await (const chunk of response.body) chunks.push(Buffer.from(chunk));
      const bytes = Buffer.concat(chunks);
      xml = bytes.toString('utf8');
      response.body = Readable.from([bytes]);
      return result;
    },
    { step: 'deserialize', priority: 'low', name: 'keepListingAnswer' },
  );
  return { output: await client.send(command), xml };
}
