/**
 * Load: 200 concurrent clients for 60 s of mixed list / get / put / copy / move / delete traffic through the compiled
 * gateway, on the embedded store (its own process), after a warm-up at the same load. Checks that no answer is a 5xx,
 * that the gateway's resident memory grows less than 10% between the first and the last 10 s of the 60, and that the
 * store holds exactly what was acknowledged.
 *
 * With BENCH_INSTANCES above 1, that many gateway processes share one Redis (REDIS_URL; Debian's redis-server, started
 * by scripts/redis-server.sh) and the clients are spread over them; RSS is their sum. It then counts the Redis commands
 * of a deletePrefix job (INFO commandstats before and after), per object the job deletes.
 *
 *   npm run bench:load
 *   BENCH_CLIENTS=50 BENCH_SECONDS=20 BENCH_WARMUP_SECONDS=10 npm run bench:load
 *   BENCH_INSTANCES=3 npm run bench:load
 */
import { execFileSync } from 'node:child_process';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { reconcile, runMixedLoad } from '../test/support/mixed-load.js';
import { embeddedStore, rssMiB, s3Client, startGatewayProcess } from './stores.js';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
// V8 grows the heap to its working size in the first 30 s of this load (170 to 280 MiB), then holds it: that is not growth.
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 30);
const WINDOW_SECONDS = 10;
const BUCKET = 'bench-load';
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 1);
const REDIS_PORT = process.env.REDIS_PORT ?? '6391';
const JOB_OBJECTS = 500;

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}

const redisScript = (command: 'start' | 'stop') =>
  execFileSync('bash', ['scripts/redis-server.sh', command], {
    encoding: 'utf8',
    env: { ...process.env, REDIS_PORT, REDIS_DIR: `/tmp/s3gw-bench-redis-${REDIS_PORT}` },
  });

/** Redis's count of every command it ran so far, from INFO commandstats. */
function redisCommands(): number {
  const stats = execFileSync('redis-cli', ['-p', REDIS_PORT, 'INFO', 'commandstats'], { encoding: 'utf8' });
  return [...stats.matchAll(/calls=(\d+)/g)].reduce((sum, [, calls]) => sum + Number(calls), 0);
}

/** Redis commands per object of a deletePrefix job of JOB_OBJECTS objects (INFO itself counts once). */
async function redisCostPerJobObject(url: string): Promise<number> {
  const prefix = 'job-cost/';
  for (let index = 0; index < JOB_OBJECTS; index += 1)
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${prefix}${index}`, Body: 'x' }));
  const before = redisCommands();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `mutation { deletePrefix(input: { bucket: "${BUCKET}", prefix: "${prefix}" }) { job { succeeded } } }` }),
  });
  const answer = (await response.json()) as { data?: { deletePrefix: { job: { succeeded: number } } } };
  if (answer.data?.deletePrefix.job.succeeded !== JOB_OBJECTS)
    throw new Error(`the job did not delete every object: ${JSON.stringify(answer)}`);
  return (redisCommands() - before - 1) / JOB_OBJECTS;
}

const store = await embeddedStore();
const s3 = s3Client(store);
await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
const redisUrl = INSTANCES > 1 ? /REDIS_URL=(\S+)/.exec(redisScript('start'))?.[1] : undefined;
const gateways = await Promise.all(
  Array.from({ length: INSTANCES }, () =>
    startGatewayProcess(store.endpoint, store, redisUrl === undefined ? {} : { REDIS_URL: redisUrl }),
  ),
);
try {
  // One sample a second (the instances' RSS summed); the measured 60 s are the samples after the warm-up.
  const samples: number[] = [];
  const sampler = setInterval(() => {
    void Promise.all(gateways.map((gateway) => rssMiB(gateway.pid, 'VmRSS'))).then((values) =>
      samples.push(values.reduce((sum, value) => sum + value, 0)),
    );
  }, 1000);
  const result = await runMixedLoad({
    url: gateways.map((gateway) => gateway.url),
    bucket: BUCKET,
    clients: CLIENTS,
    durationMs: (WARMUP_SECONDS + SECONDS) * 1000,
    prefix: 'load/',
  });
  clearInterval(sampler);
  const wrong = await reconcile(s3, BUCKET, result.acknowledged);

  const measured = samples.slice(WARMUP_SECONDS);
  const first = mean(measured.slice(0, WINDOW_SECONDS));
  const last = mean(measured.slice(-WINDOW_SECONDS));
  const growth = ((last - first) / first) * 100;
  const serverErrors = Object.entries(result.statuses)
    .filter(([status]) => Number(status) >= 500)
    .reduce((sum, [, count]) => sum + count, 0);
  const latencies = [...result.latenciesMs].sort((left, right) => left - right);
  const acknowledgedGone = [...result.acknowledged.values()].filter((value) => value === null).length;

  const totalSeconds = WARMUP_SECONDS + SECONDS;
  console.log(`RSS each second (MiB): ${samples.map((value) => value.toFixed(0)).join(' ')}`);
  console.log(`${INSTANCES} gateway process(es)${redisUrl === undefined ? ', in memory' : ` on Redis (${redisUrl})`}`);
  console.log(
    `| clients | seconds (warm-up + measured) | requests | requests/s | median ms | p99 ms | 5xx | failures | stale reads | RSS first 10 s MiB | RSS last 10 s MiB | growth | acknowledged present / gone | wrong in store |`,
  );
  console.log(`| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`);
  console.log(
    `| ${CLIENTS} | ${WARMUP_SECONDS} + ${SECONDS} | ${result.requests} | ${(result.requests / totalSeconds).toFixed(0)} | ${percentile(latencies, 0.5).toFixed(0)} | ${percentile(latencies, 0.99).toFixed(0)} | ${serverErrors} | ${result.failures.length} | ${result.staleReads.length} | ${first.toFixed(0)} | ${last.toFixed(0)} | ${growth.toFixed(1)}% | ${result.acknowledged.size - acknowledgedGone} / ${acknowledgedGone} | ${wrong.length} |`,
  );
  console.log(`operations: ${JSON.stringify(result.operations)}; statuses: ${JSON.stringify(result.statuses)}`);
  if (result.failures.length > 0) console.log(`failures (first 10): ${result.failures.slice(0, 10).join('; ')}`);
  if (wrong.length > 0) console.log(`wrong in store (first 10): ${wrong.slice(0, 10).join('; ')}`);
  if (redisUrl !== undefined)
    console.log(`Redis commands per object of a deletePrefix job: ${(await redisCostPerJobObject(gateways[0]?.url ?? '')).toFixed(2)}`);
  const passed = serverErrors === 0 && growth < 10 && wrong.length === 0 && result.staleReads.length === 0;
  console.log(passed ? 'PASS' : 'FAIL');
  process.exitCode = passed ? 0 : 1;
} finally {
  for (const gateway of gateways) gateway.stop();
  if (redisUrl !== undefined) redisScript('stop');
  s3.destroy();
  await store.stop();
}
