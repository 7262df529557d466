import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnGateway, type GatewayProcess } from '../support/gateway-process.js';

/** WORKERS=2: /metrics answers for both workers, whichever of them gets the scrape. */

let workDirectory: string;
let gateway: GatewayProcess;

beforeAll(async () => {
  workDirectory = await mkdtemp(join(tmpdir(), 's3gw-cluster-metrics-'));
  gateway = await spawnGateway(workDirectory, { WORKERS: '2' });
});

afterAll(async () => {
  gateway.child.kill('SIGTERM');
  await gateway.exited;
  await rm(workDirectory, { recursive: true, force: true });
});

/** One request on a connection of its own, so that the cluster's round robin hands consecutive requests to different workers. */
function send(url: URL, body?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      { method: body === undefined ? 'GET' : 'POST', agent: false, headers: { 'content-type': 'application/json' } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.once('end', () => resolve(text));
      },
    );
    outgoing.once('error', reject);
    outgoing.end(body);
  });
}

const countedRequests = (metrics: string): number =>
  metrics
    .split('\n')
    .filter((line) => line.startsWith('graphql_envelop_request_duration_count{') && line.includes('operationName="Buckets"'))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);

describe('/metrics with WORKERS=2', () => {
  it("counts both workers' requests, whichever worker answers the scrape", async () => {
    const url = new URL(gateway.url);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => send(url, JSON.stringify({ query: 'query Buckets { buckets { name } }' }))),
    );
    expect(answers.every((answer) => answer.includes('"demo"'))).toBe(true);
    const scrapes: number[] = [];
    for (let scrape = 0; scrape < 4; scrape += 1) scrapes.push(countedRequests(await send(new URL('/metrics', url))));
    expect(scrapes).toEqual([10, 10, 10, 10]);
  });
});
