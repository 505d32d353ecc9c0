import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    conditions: ['@callboard/source', 'module', 'node', 'import', 'default'],
  },
  ssr: {
    resolve: {
      conditions: ['@callboard/source', 'module', 'node', 'import', 'default'],
      externalConditions: ['@callboard/source'],
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.{ts,tsx}', 'examples/*/src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
