import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['test/setup.ts'],
    // tfjs keeps one global engine per process: files run in separate forks, tests in order.
    pool: 'forks',
    testTimeout: 60_000,
  },
});
