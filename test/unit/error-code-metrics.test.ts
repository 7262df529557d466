import { useGraphQlJit } from '@envelop/graphql-jit';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors.js';
import { GatewayMetrics } from '../../src/observability.js';
import { useErrorCodeMetrics } from '../../src/server/use-error-code-metrics.js';

const metrics = new GatewayMetrics();
const yoga = createYoga({
  schema: createSchema({
    typeDefs: 'type Query { fine: String, refused: String, broken: String }',
    resolvers: {
      Query: {
        fine: () => 'fine',
        refused: () => Promise.reject(new InvalidInputError('No.')),
        broken: () => Promise.reject(new Error('a bug')),
      },
    },
  }),
  logging: false,
  maskedErrors: false,
  // graphql-jit, as the gateway runs, reports a plain error without any extensions.
  plugins: [useGraphQlJit(), useErrorCodeMetrics(metrics)],
});

describe('the error code metrics', () => {
  it('count errors by code, also those without extensions, and leave the answer as it was', async () => {
    const response = await yoga.fetch('http://gateway/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query Mixed { fine refused broken }' }),
    });
    const answer = (await response.json()) as { data: unknown; errors: { message: string }[] };
    expect(answer.data).toEqual({ fine: 'fine', refused: null, broken: null });
    expect(answer.errors.map(({ message }) => message).sort()).toEqual(['No.', 'a bug']);
    const counted = (await metrics.graphqlErrors.get()).values.map(({ labels, value }) => ({ code: labels.code, value }));
    expect(counted).toEqual(
      expect.arrayContaining([
        { code: 'INVALID_INPUT', value: 1 },
        { code: 'UNKNOWN', value: 1 },
      ]),
    );
  });
});
