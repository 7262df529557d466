import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { COPY_OBJECT, DELETE_OBJECT, MOVE_OBJECT, PUT_OBJECT, type Payload } from './operations.js';

/**
 * Mixed traffic through the gateway (list, get, put, copy, move, delete), each client on keys of its own so that what
 * it was told is the truth to check afterwards: every acknowledged write present with its content, every acknowledged
 * delete (or moved-away source) gone. Shared by the load benchmark and its bounded version in the test suite.
 */

export interface MixedLoadOptions {
  /** The gateway, or several instances of it: client i uses the i-th (modulo), as behind a load balancer. */
  url: string | string[];
  bucket: string;
  clients: number;
  durationMs: number;
  /** Keys live below this prefix, one folder per client. */
  prefix: string;
  /** Keys per client: few, so that copies, moves and deletes meet existing objects. */
  keysPerClient?: number;
}

export interface MixedLoadResult {
  requests: number;
  /** Requests per HTTP status. */
  statuses: Record<number, number>;
  /** Requests per operation. */
  operations: Record<string, number>;
  /** Answers that were not a success (mutation error codes, GraphQL error codes), e.g. "putObject S3_UNAVAILABLE". */
  failures: string[];
  /** Reads whose content differed from the last acknowledged write. */
  staleReads: string[];
  /** What the gateway acknowledged: key → content, or null for a key acknowledged as gone. */
  acknowledged: Map<string, string | null>;
  /** Latency of each request, in ms, in the order they finished. */
  latenciesMs: number[];
}

type Operation = 'list' | 'get' | 'put' | 'copy' | 'move' | 'delete';

// Roughly a browsing user's mix: reads first, then writes.
const WEIGHTS: [Operation, number][] = [
  ['list', 20],
  ['get', 25],
  ['put', 25],
  ['copy', 10],
  ['move', 10],
  ['delete', 10],
];
const TOTAL_WEIGHT = WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0);

function pickOperation(): Operation {
  let roll = Math.random() * TOTAL_WEIGHT;
  for (const [operation, weight] of WEIGHTS) {
    roll -= weight;
    if (roll < 0) return operation;
  }
  return 'get';
}

interface Answer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] } | undefined;
}

async function post(url: string, query: string, variables: Record<string, unknown>): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as Answer['body'] };
  } catch {
    return { status: response.status, body: undefined };
  }
}

const GET_TEXT = `query($b: String!, $k: String!) { getObject(bucket: $b, key: $k) { text } }`;
const LIST = `query($b: String!, $p: String!) { bucket(name: $b) { objects(prefix: $p, first: 50) { edges { node { key size } } } } }`;

export async function runMixedLoad(options: MixedLoadOptions): Promise<MixedLoadResult> {
  const { bucket, clients, durationMs, prefix, keysPerClient = 8 } = options;
  const urls = typeof options.url === 'string' ? [options.url] : options.url;
  const result: MixedLoadResult = {
    requests: 0,
    statuses: {},
    operations: {},
    failures: [],
    staleReads: [],
    acknowledged: new Map(),
    latenciesMs: [],
  };
  const endAt = Date.now() + durationMs;

  const client = async (index: number) => {
    const url = urls[index % urls.length] ?? '';
    const folder = `${prefix}c${index}/`;
    const keys = Array.from({ length: keysPerClient }, (_, key) => `${folder}k${key}`);
    // What this client was told; a key whose operation failed is unknown and leaves the reconciliation.
    const known = new Map<string, string | null>(keys.map((key) => [key, null]));
    const unknown = new Set<string>();
    const randomKey = () => keys[Math.floor(Math.random() * keys.length)] ?? '';
    for (let sequence = 0; Date.now() < endAt; sequence += 1) {
      const operation = pickOperation();
      const key = randomKey();
      let target = randomKey();
      if (target === key) target = keys[(keys.indexOf(key) + 1) % keys.length] ?? '';
      const content = `client ${index} write ${sequence}`;
      const started = performance.now();
      let answer: Answer;
      if (operation === 'list') answer = await post(url, LIST, { b: bucket, p: folder });
      else if (operation === 'get') answer = await post(url, GET_TEXT, { b: bucket, k: key });
      else if (operation === 'put') answer = await post(url, PUT_OBJECT, { input: { bucket, key, text: content } });
      else if (operation === 'copy') answer = await post(url, COPY_OBJECT, { input: { bucket, key, destinationKey: target } });
      else if (operation === 'move') answer = await post(url, MOVE_OBJECT, { input: { bucket, key, destinationKey: target } });
      else answer = await post(url, DELETE_OBJECT, { input: { bucket, key } });
      result.latenciesMs.push(performance.now() - started);
      result.requests += 1;
      result.statuses[answer.status] = (result.statuses[answer.status] ?? 0) + 1;
      result.operations[operation] = (result.operations[operation] ?? 0) + 1;

      const queryError = answer.body?.errors?.[0]?.extensions?.code ?? (answer.body === undefined ? `HTTP ${answer.status}` : undefined);
      const payload = Object.values(answer.body?.data ?? {})[0] as Payload | null | undefined;
      const sourceKnownPresent = known.get(key) !== null && !unknown.has(key);
      if (operation === 'list') {
        if (queryError !== undefined) result.failures.push(`list ${queryError}`);
        continue;
      }
      if (operation === 'get') {
        if (queryError !== undefined) {
          result.failures.push(`get ${queryError}`);
        } else if (!unknown.has(key)) {
          const text = (payload as { text?: string } | null | undefined)?.text ?? null;
          if (text !== known.get(key)) result.staleReads.push(`${key}: read ${String(text)}, expected ${String(known.get(key))}`);
        }
        continue;
      }
      // Copying or moving a source that is gone (or may be) is refused with NO_SUCH_KEY, as it should be: no failure of the gateway.
      const refusedMissing = !sourceKnownPresent && payload?.error?.code === 'NO_SUCH_KEY';
      if (payload?.success !== true) {
        if (!refusedMissing) {
          result.failures.push(`${operation} ${queryError ?? payload?.error?.code ?? 'no answer'}`);
          unknown.add(key);
          if (operation === 'copy' || operation === 'move') unknown.add(target);
        }
        continue;
      }
      if (operation === 'put') known.set(key, content);
      else if (operation === 'delete') known.set(key, null);
      else {
        known.set(target, known.get(key) ?? null);
        if (unknown.has(key)) unknown.add(target);
        else unknown.delete(target);
        if (operation === 'move') known.set(key, null);
      }
      // A put, a delete and a move leave their key in a state the gateway acknowledged, whatever it was before.
      if (operation !== 'copy') unknown.delete(key);
    }
    for (const [key, value] of known) if (!unknown.has(key)) result.acknowledged.set(key, value);
  };

  await Promise.all(Array.from({ length: clients }, (_, index) => client(index)));
  return result;
}

/** Keys whose state in the store differs from what the gateway acknowledged. */
export async function reconcile(s3: S3Client, bucket: string, acknowledged: Map<string, string | null>): Promise<string[]> {
  const wrong: string[] = [];
  const entries = [...acknowledged];
  const worker = async () => {
    for (let entry = entries.shift(); entry !== undefined; entry = entries.shift()) {
      const [key, expected] = entry;
      let actual: string | null;
      try {
        const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        actual = await (Body as { transformToString(): Promise<string> }).transformToString();
      } catch (error) {
        if ((error as { name?: string }).name !== 'NoSuchKey') throw error;
        actual = null;
      }
      if (actual !== expected) wrong.push(`${key}: ${String(actual)} in the store, ${String(expected)} acknowledged`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return wrong;
}
