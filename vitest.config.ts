import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests start real servers; a slow shared machine must not turn them red.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
