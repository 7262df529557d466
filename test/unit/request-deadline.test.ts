import { setTimeout as sleep } from 'node:timers/promises';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { RequestDeadline } from '../../src/deadline.js';
import { RequestTimeoutError } from '../../src/errors.js';
import { useRequestDeadline } from '../../src/server/use-request-deadline.js';
import type { ServerContext } from '../../src/server/yoga.js';

const yoga = createYoga<ServerContext>({
  schema: createSchema({
    typeDefs: 'type Query { fast: String, never: String, afterDeadline: String }',
    resolvers: {
      Query: {
        fast: () => 'done',
        never: () => new Promise<string>(() => undefined),
        afterDeadline: async () => {
          await sleep(200);
          return 'done late';
        },
      },
    },
  }),
  logging: false,
  plugins: [useRequestDeadline({ timeoutMs: 20 })],
});

async function run(query: string, serverContext: ServerContext = {}) {
  const response = await yoga.fetch(
    'http://gateway/graphql',
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) },
    serverContext,
  );
  return (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
}

describe('the request deadline', () => {
  it('answers an execution that outlives it REQUEST_TIMEOUT, without waiting further', async () => {
    const answer = await run('{ never }');
    expect(answer.data).toBeNull();
    expect(answer.errors).toEqual([expect.objectContaining({ extensions: { code: 'REQUEST_TIMEOUT' } })]);
    expect(answer.errors?.[0]?.message).toMatch(/longer than 0\.02 s.*may still complete/);
  });

  it('leaves an execution within it alone', async () => {
    expect(await run('{ fast }')).toEqual({ data: { fast: 'done' } });
  });

  it('does not bound a request that carries files, which lasts as long as the client sends', async () => {
    expect(await run('{ afterDeadline }', { uploadOperations: { query: '{ afterDeadline }', variables: null } })).toEqual({
      data: { afterDeadline: 'done late' },
    });
  });
});

describe('the request deadline of work that progresses', () => {
  const timeoutMs = 300;
  let abortedWith: unknown;
  const progressing = createYoga<ServerContext>({
    schema: createSchema<{ deadline: RequestDeadline }>({
      typeDefs: 'type Query { moving: String, stalled: String }',
      resolvers: {
        Query: {
          moving: async (_parent, _args, { deadline }) => {
            for (let step = 0; step < 10; step += 1) {
              await sleep(timeoutMs / 10);
              deadline.progressed();
            }
            await sleep(timeoutMs / 10);
            return 'done after three deadlines';
          },
          stalled: (_parent, _args, { deadline }) =>
            new Promise<string>((resolve) => {
              deadline.signal.addEventListener('abort', () => {
                abortedWith = deadline.signal.reason;
                resolve('stopped');
              });
            }),
        },
      },
    }),
    context: () => ({ deadline: new RequestDeadline() }),
    logging: false,
    plugins: [useRequestDeadline({ timeoutMs })],
  });
  const ask = async (query: string) =>
    (await (
      await progressing.fetch('http://gateway/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      })
    ).json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };

  it('counts from the last progress, so work that keeps moving outlasts it', async () => {
    expect(await ask('{ moving }')).toEqual({ data: { moving: 'done after three deadlines' } });
  });

  it('aborts the signal of work that stops progressing, with the REQUEST_TIMEOUT the client is answered', async () => {
    const answer = await ask('{ stalled }');
    expect(answer.errors).toEqual([expect.objectContaining({ extensions: { code: 'REQUEST_TIMEOUT' } })]);
    expect(abortedWith).toBeInstanceOf(RequestTimeoutError);
  });
});
