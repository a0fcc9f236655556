import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One seed for every property test (SLACKLINE_FC_SEED overrides; see the file).
    setupFiles: ['test/support/fast-check-seed.ts'],
  },
});
