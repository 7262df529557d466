/**
 * The direct SDK reader of bench/transfer.ts in a process of its own, as the gateway is one: reads one object to its end
 * with GetObject and prints what the read cost it, as JSON: bytes, seconds, and CPU seconds (user and system).
 *
 *   node [flags] --import tsx bench/direct-reader.ts <endpoint> <bucket> <key>    # keys in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { s3Client } from './stores.js';

const [endpoint, bucket, key] = process.argv.slice(2);
if (endpoint === undefined || bucket === undefined || key === undefined) {
  throw new Error('usage: tsx bench/direct-reader.ts ENDPOINT BUCKET KEY');
}
const s3 = s3Client({
  name: 'direct',
  endpoint,
  credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '' },
  stop: () => Promise.resolve(),
});
const cpuBefore = process.cpuUsage();
const started = performance.now();
const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
let bytes = 0;
for await (const chunk of Body as AsyncIterable<Uint8Array>) bytes += chunk.length;
const seconds = (performance.now() - started) / 1000;
const { user, system } = process.cpuUsage(cpuBefore);
s3.destroy();
console.log(JSON.stringify({ bytes, seconds, cpuSeconds: (user + system) / 1e6 }));
