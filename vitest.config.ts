import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // Pothos and yoga load graphql's CommonJS entry under Node; the tests must share that one copy, not the .mjs one.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests start real servers; a slow shared machine must not turn them red.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
