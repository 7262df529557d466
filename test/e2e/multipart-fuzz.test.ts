import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnGateway, type GatewayProcess } from '../support/gateway-process.js';
import { PUT_OBJECT } from '../support/operations.js';
import { postGraphQL } from '../support/stack.js';

/**
 * Random multipart bodies against a gateway process, sent as any web page could (no credential, no CSRF header): random
 * part headers (oversized among them), boundaries, bodies and truncations. Each is answered with a 4xx, and the process
 * lives on.
 */

let workDirectory: string;
let gateway: GatewayProcess;

beforeAll(async () => {
  workDirectory = await mkdtemp(join(tmpdir(), 's3gw-multipart-fuzz-'));
  gateway = await spawnGateway(workDirectory, { LOG_LEVEL: 'error', S3_STORE: 'embedded', EMBEDDED_S3_DIR: join(workDirectory, 'data') });
});

afterAll(async () => {
  gateway.child.kill('SIGTERM');
  await gateway.exited;
  await rm(workDirectory, { recursive: true, force: true });
});

// RFC 2046's boundary characters, space aside.
const BOUNDARY_CHARACTERS = Array.from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'()+_,-./:=?");
const boundary = fc.string({ unit: fc.constantFrom(...BOUNDARY_CHARACTERS), minLength: 1, maxLength: 70 });

const fieldName = fc.oneof(fc.constantFrom('operations', 'map', '0', '1', 'x', ''), fc.string({ maxLength: 20 }));
const partHeaders = fc.oneof(
  fieldName.map((name) => [`Content-Disposition: form-data; name="${name}"`]),
  fc
    .tuple(fieldName, fc.string({ maxLength: 20 }))
    .map(([name, file]) => [
      `Content-Disposition: form-data; name="${name}"; filename="${file}"`,
      'Content-Type: application/octet-stream',
    ]),
  fc
    .array(fc.tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 40 })), { maxLength: 5 })
    .map((pairs) => pairs.map(([name, value]) => `${name}: ${value}`)),
  fc.constantFrom(
    ['Content-Disposition: form-data; name="0"; filename="a.txt"', `X-Padding: ${'a'.repeat(17 * 1024)}`],
    ['Content-Disposition: form-data; name="0"; filename="a.txt"', ...Array.from({ length: 2100 }, (_, index) => `X-H${index}: v`)],
    ['Content-Disposition: form-data'],
    ["Content-Disposition: form-data; name*=utf-8''%E2%82%AC"],
    [],
  ),
);
const partBody = fc.oneof(
  fc.constant(JSON.stringify({ query: PUT_OBJECT, variables: { input: { bucket: 'demo', key: 'fuzz.txt', file: null } } })),
  fc.constant(JSON.stringify({ 0: ['variables.input.file'] })),
  fc.json(),
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 2000 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
);
const part = fc.record({ headers: partHeaders, body: partBody });

/** A multipart body, its closing delimiter optional, and cut at `cut` (a fraction of its length) when given. */
function bodyOf(parts: { headers: readonly string[]; body: string }[], delimiter: string, closed: boolean, cut: number | null): Buffer {
  const text = parts
    .map(({ headers, body }) => `--${delimiter}\r\n${headers.map((header) => `${header}\r\n`).join('')}\r\n${body}\r\n`)
    .join('');
  const whole = Buffer.from(`${text}${closed ? `--${delimiter}--\r\n` : ''}`, 'latin1');
  return cut === null ? whole : whole.subarray(0, Math.floor(whole.length * cut));
}

describe('fuzzing the multipart parser', () => {
  it('answers random multipart bodies with a 4xx, and the gateway process lives on', async () => {
    const statuses: number[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.array(part, { maxLength: 5 }),
        boundary,
        fc.oneof(fc.constant('same'), fc.constant('none'), boundary),
        fc.boolean(),
        fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
        async (parts, delimiter, declared, closed, cut) => {
          const contentType =
            declared === 'none' ? 'multipart/form-data' : `multipart/form-data; boundary=${declared === 'same' ? delimiter : declared}`;
          // A request left unanswered fails its own property (fast-check then names the input) instead of the whole test.
          const response = await fetch(gateway.url, {
            method: 'POST',
            body: new Uint8Array(bodyOf(parts, delimiter, closed, cut)),
            headers: { 'content-type': contentType },
            signal: AbortSignal.timeout(15_000),
          });
          await response.arrayBuffer();
          statuses.push(response.status);
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: 300, interruptAfterTimeLimit: 120_000 },
    );
    expect(statuses.length).toBeGreaterThan(50);
    expect(gateway.child.exitCode).toBeNull();
    expect((await fetch(new URL('/health', gateway.url))).status).toBe(200);
    expect((await postGraphQL(gateway.url, '{ __typename }')).data).toEqual({ __typename: 'Query' });
  }, 180_000);
});
