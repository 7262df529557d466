import { S3Client, HeadBucketCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { startEmbeddedStore } from './src/s3/embedded-store.ts';
const st = await startEmbeddedStore({ directory: '/tmp/s3gw-try2', buckets: ['demo'], port: 0 });
const c = new S3Client({ region: 'us-east-1', endpoint: st.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
c.middlewareStack.add((next) => async (args: any) => { console.log(args.request.method, args.request.hostname, args.request.path, args.request.headers); return next(args); }, { step: 'finalizeRequest' });
try { console.log(await c.send(new HeadBucketCommand({Bucket:'demo'}))); } catch (e) { console.log(e.name); }
await st.close();
