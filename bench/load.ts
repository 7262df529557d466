/**
 * Load: 200 concurrent clients for 60 s of mixed list / get / put / copy / move / delete traffic through the compiled
 * gateway, on the embedded store (its own process), after a warm-up at the same load. Checks that no answer is a 5xx,
 * that the gateway's resident memory grows less than 10% between the first and the last 10 s of the 60, and that the
 * store holds exactly what was acknowledged.
 *
 *   npm run bench:load
 *   BENCH_CLIENTS=50 BENCH_SECONDS=20 BENCH_WARMUP_SECONDS=10 npm run bench:load
 */
import { readFile } from 'node:fs/promises';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { reconcile, runMixedLoad } from '../test/support/mixed-load.js';
import { embeddedStore, s3Client, startGatewayProcess } from './stores.js';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
// V8 grows the heap to its working size in the first 30 s of this load (170 to 280 MiB), then holds it: that is not growth.
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 30);
const WINDOW_SECONDS = 10;
const BUCKET = 'bench-load';

async function rssMiB(pid: number | undefined): Promise<number> {
  const status = await readFile(`/proc/${pid ?? 0}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}

const store = await embeddedStore();
const s3 = s3Client(store);
await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
const gateway = await startGatewayProcess(store.endpoint, store);
try {
  // One sample a second; the measured 60 s are the samples after the warm-up.
  const samples: number[] = [];
  const sampler = setInterval(() => {
    void rssMiB(gateway.pid).then((value) => samples.push(value));
  }, 1000);
  const result = await runMixedLoad({
    url: gateway.url,
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
  const passed = serverErrors === 0 && growth < 10 && wrong.length === 0 && result.staleReads.length === 0;
  console.log(passed ? 'PASS' : 'FAIL');
  process.exitCode = passed ? 0 : 1;
} finally {
  gateway.stop();
  s3.destroy();
  await store.stop();
}
