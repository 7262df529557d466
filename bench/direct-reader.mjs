/**
 * The direct SDK reader of bench/transfer.ts in a process of its own, as the gateway is one: reads one object to its end
 * with GetObject and prints what the read cost it, as JSON: bytes, seconds, and CPU seconds (user and system).
 * JavaScript run by node alone, as the compiled gateway is: the same read run under tsx's loader cost twice the CPU
 * (2.1 to 2.5 s a GiB from Ceph against 0.9 to 1.0, in alternating runs).
 *
 *   node [flags] bench/direct-reader.mjs <endpoint> <bucket> <key>    # keys in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
 */
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { benchS3Client } from './s3-client.mjs';

const [endpoint, bucket, key] = process.argv.slice(2);
if (endpoint === undefined || bucket === undefined || key === undefined) {
  throw new Error('usage: node bench/direct-reader.mjs ENDPOINT BUCKET KEY');
}
const s3 = benchS3Client(endpoint, {
  accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? '',
  secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '',
});
const cpuBefore = process.cpuUsage();
const started = performance.now();
const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
let bytes = 0;
for await (const chunk of Body) bytes += chunk.length;
const seconds = (performance.now() - started) / 1000;
const { user, system } = process.cpuUsage(cpuBefore);
s3.destroy();
process.stdout.write(`${JSON.stringify({ bytes, seconds, cpuSeconds: (user + system) / 1e6 })}\n`);
