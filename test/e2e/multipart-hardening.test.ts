import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnGateway, type GatewayProcess } from '../support/gateway-process.js';
import { PUT_OBJECT } from '../support/operations.js';
import { postGraphQL, startStack, type TestStack } from '../support/stack.js';

/** Hostile multipart requests, sent as a web page's no-cors fetch would: no credential, no CSRF header. */

const BOUNDARY = 'hardening-boundary';

let stack: TestStack;
let workDirectory: string;

beforeAll(async () => {
  stack = await startStack();
  workDirectory = await mkdtemp(join(tmpdir(), 's3gw-multipart-'));
});

afterAll(async () => {
  await stack.close();
  await rm(workDirectory, { recursive: true, force: true });
});

interface Part {
  headers: string[];
  body: string | Uint8Array;
}

/** A multipart body written byte by byte, so that its part headers can be anything. */
function multipartBody(parts: Part[], boundary = BOUNDARY): Buffer {
  const chunks = parts.flatMap(({ headers, body }) => [
    Buffer.from(`--${boundary}\r\n${headers.map((header) => `${header}\r\n`).join('')}\r\n`),
    Buffer.from(body),
    Buffer.from('\r\n'),
  ]);
  return Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]);
}

/** The operations and map of a putObject of one file, and the file part with `fileHeaders` added. */
function putWithFileHeaders(bucket: string, fileHeaders: string[]): Buffer {
  return multipartBody([
    {
      headers: ['Content-Disposition: form-data; name="operations"'],
      body: JSON.stringify({ query: PUT_OBJECT, variables: { input: { bucket, key: 'hostile.txt', file: null } } }),
    },
    { headers: ['Content-Disposition: form-data; name="map"'], body: JSON.stringify({ 0: ['variables.input.file'] }) },
    { headers: ['Content-Disposition: form-data; name="0"; filename="hostile.txt"', ...fileHeaders], body: 'content' },
  ]);
}

const PUT_TWO = /* GraphQL */ `
  mutation Two($bucket: String!, $a: Upload, $b: Upload) {
    a: putObject(input: { bucket: $bucket, key: "two/a.txt", file: $a }) {
      success
      error {
        code
      }
    }
    b: putObject(input: { bucket: $bucket, key: "two/b.txt", file: $b }) {
      success
      error {
        code
      }
    }
  }
`;

/** Two files, the second with `secondFileHeaders` added: the first is streamed to S3 before the second part is parsed. */
function putTwoWithSecondFileHeaders(bucket: string, secondFileHeaders: string[]): Buffer {
  return multipartBody([
    {
      headers: ['Content-Disposition: form-data; name="operations"'],
      body: JSON.stringify({ query: PUT_TWO, variables: { bucket, a: null, b: null } }),
    },
    { headers: ['Content-Disposition: form-data; name="map"'], body: JSON.stringify({ 0: ['variables.a'], 1: ['variables.b'] }) },
    { headers: ['Content-Disposition: form-data; name="0"; filename="a.txt"'], body: 'first' },
    { headers: ['Content-Disposition: form-data; name="1"; filename="b.txt"', ...secondFileHeaders], body: 'second' },
  ]);
}

const OVERSIZED_HEADERS: Record<string, string[]> = {
  'a part header longer than 16 KiB': [`X-Padding: ${'a'.repeat(17 * 1024)}`],
  'more than 2000 part header pairs': Array.from({ length: 2100 }, (_, index) => `X-H${index}: v`),
};

async function postMultipart(url: string, body: Buffer, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    body: new Uint8Array(body),
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, ...headers },
  });
  const text = await response.text();
  return { status: response.status, body: text.startsWith('{') ? JSON.parse(text) : text };
}

async function expectAlive(url: string): Promise<void> {
  expect((await fetch(new URL('/health', url))).status).toBe(200);
  expect((await postGraphQL(url, '{ __typename }')).data).toEqual({ __typename: 'Query' });
}

describe('a malformed multipart request', () => {
  for (const [label, headers] of Object.entries(OVERSIZED_HEADERS)) {
    it(`with ${label} is a 400 and the gateway goes on answering`, async () => {
      const answer = await postMultipart(stack.gateway.url, putWithFileHeaders(stack.bucket, headers));
      expect(answer).toMatchObject({ status: 400, body: { errors: [{ extensions: { code: 'INVALID_INPUT' } }] } });
      await expectAlive(stack.gateway.url);
    });
  }

  for (const [label, headers] of Object.entries(OVERSIZED_HEADERS)) {
    it(`with ${label} on a second file fails the uploads it spoils with INVALID_INPUT, and the gateway goes on answering`, async () => {
      const answer = await postMultipart(stack.gateway.url, putTwoWithSecondFileHeaders(stack.bucket, headers), {
        'graphql-require-preflight': '1',
      });
      expect(answer).toMatchObject({ status: 200, body: { data: { b: { success: false, error: { code: 'INVALID_INPUT' } } } } });
      // The first file may be read before the parse reaches the second part, or be cut with it: never an INTERNAL error.
      const { a } = (answer.body as { data: Record<string, { success: boolean; error: { code: string } | null }> }).data;
      expect(a?.success === true || a?.error?.code === 'INVALID_INPUT').toBe(true);
      await expectAlive(stack.gateway.url);
    });
  }

  it('does not end a gateway process', async () => {
    const gateway: GatewayProcess = await spawnGateway(workDirectory, {
      LOG_LEVEL: 'error',
      S3_STORE: 'embedded',
      EMBEDDED_S3_DIR: join(workDirectory, 'data'),
    });
    try {
      for (const headers of Object.values(OVERSIZED_HEADERS)) {
        expect((await postMultipart(gateway.url, putWithFileHeaders('demo', headers))).status).toBe(400);
        await expectAlive(gateway.url);
        const second = await postMultipart(gateway.url, putTwoWithSecondFileHeaders('demo', headers), { 'graphql-require-preflight': '1' });
        expect(second.status).toBe(200);
        await expectAlive(gateway.url);
      }
    } finally {
      gateway.child.kill('SIGTERM');
      await gateway.exited;
    }
  });
});

describe('multipart operations', () => {
  it('nested 200,000 levels deep are a 400, and the gateway goes on answering', async () => {
    const depth = 200_000;
    const operations = `{"query":"{ __typename }","variables":{"deep":${'['.repeat(depth)}${']'.repeat(depth)}}}`;
    const body = multipartBody([
      { headers: ['Content-Disposition: form-data; name="operations"'], body: operations },
      { headers: ['Content-Disposition: form-data; name="map"'], body: '{}' },
    ]);
    const answer = await postMultipart(stack.gateway.url, body, { 'graphql-require-preflight': '1' });
    expect(answer).toMatchObject({ status: 400, body: { errors: [{ extensions: { code: 'INVALID_INPUT' } }] } });
    await expectAlive(stack.gateway.url);
  });
});

/** The bytes of the files below `directory`, or 0 once it or they are gone. */
async function bytesBelow(directory: string): Promise<number> {
  const entries = await readdir(directory, { recursive: true }).catch(() => []);
  const sizes = await Promise.all(
    entries.map((entry) =>
      stat(join(directory, entry)).then(
        (found) => (found.isFile() ? found.size : 0),
        () => 0,
      ),
    ),
  );
  return sizes.reduce((sum, size) => sum + size, 0);
}

describe('a file sent ahead of the mutation that takes it', () => {
  it('is spooled up to MAX_UPLOAD_BYTES only, answered ENTITY_TOO_LARGE, and its temporary file removed', async () => {
    const maxUploadBytes = 1024 * 1024;
    const limited = await startStack({ MAX_UPLOAD_BYTES: String(maxUploadBytes) });
    const spoolRoot = await mkdtemp(join(tmpdir(), 's3gw-spool-root-'));
    const previousTmpdir = process.env.TMPDIR;
    process.env.TMPDIR = spoolRoot;
    let largestSpool = 0;
    const sampling = new AbortController();
    const sampler = (async () => {
      while (!sampling.signal.aborted) {
        largestSpool = Math.max(largestSpool, await bytesBelow(spoolRoot));
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    try {
      // The first mutation waits for file 1, so file 0 (8 MiB, for the second mutation) arrives first and is spooled.
      const body = multipartBody([
        {
          headers: ['Content-Disposition: form-data; name="operations"'],
          body: JSON.stringify({ query: PUT_TWO, variables: { bucket: limited.bucket, a: null, b: null } }),
        },
        { headers: ['Content-Disposition: form-data; name="map"'], body: JSON.stringify({ 0: ['variables.b'], 1: ['variables.a'] }) },
        { headers: ['Content-Disposition: form-data; name="0"; filename="large.bin"'], body: new Uint8Array(8 * maxUploadBytes) },
        { headers: ['Content-Disposition: form-data; name="1"; filename="small.txt"'], body: 'small' },
      ]);
      const answer = await postMultipart(limited.gateway.url, body, { 'graphql-require-preflight': '1' });
      expect(answer).toMatchObject({
        status: 200,
        body: { data: { a: { success: true }, b: { success: false, error: { code: 'ENTITY_TOO_LARGE' } } } },
      });
    } finally {
      sampling.abort();
      await sampler;
      if (previousTmpdir === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previousTmpdir;
      await limited.close();
    }
    expect(largestSpool).toBeGreaterThan(0);
    expect(largestSpool).toBeLessThanOrEqual(maxUploadBytes);
    expect(await readdir(spoolRoot)).toEqual([]);
    await rm(spoolRoot, { recursive: true, force: true });
  });
});

describe('an upload over a slow link', () => {
  it('is not cut by the HTTP server by default; headers still have to arrive within 60 s', () => {
    expect(stack.gateway.httpServer.requestTimeout).toBe(0);
    expect(stack.gateway.httpServer.headersTimeout).toBe(60_000);
  });

  it('runs as long as HTTP_REQUEST_TIMEOUT_SECONDS lets it', async () => {
    const bounded = await startStack({ HTTP_REQUEST_TIMEOUT_SECONDS: '30' });
    try {
      expect(bounded.gateway.httpServer.requestTimeout).toBe(30_000);
      const whole = multipartBody([
        {
          headers: ['Content-Disposition: form-data; name="operations"'],
          body: JSON.stringify({ query: PUT_OBJECT, variables: { input: { bucket: bounded.bucket, key: 'slow.bin', file: null } } }),
        },
        { headers: ['Content-Disposition: form-data; name="map"'], body: JSON.stringify({ 0: ['variables.input.file'] }) },
        { headers: ['Content-Disposition: form-data; name="0"; filename="slow.bin"'], body: new Uint8Array(64 * 1024).fill(7) },
      ]);
      // A body that trickles in, a slice at a time, as over a slow link.
      const slices = Array.from({ length: 20 }, (_, index) =>
        whole.subarray((index * whole.length) / 20, ((index + 1) * whole.length) / 20),
      );
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const slice = slices.shift();
          if (slice === undefined) controller.close();
          else {
            await new Promise((resolve) => setTimeout(resolve, 50));
            controller.enqueue(new Uint8Array(slice));
          }
        },
      });
      const response = await fetch(bounded.gateway.url, {
        method: 'POST',
        body,
        duplex: 'half',
        headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'graphql-require-preflight': '1' },
      } as RequestInit);
      expect(await response.json()).toMatchObject({ data: { putObject: { success: true, object: { size: 64 * 1024 } } } });
    } finally {
      await bounded.close();
    }
  });
});
