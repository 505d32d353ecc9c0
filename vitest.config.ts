import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    conditions: ['@callboard/source', 'module', 'node', 'import', 'default'],
  },
  ssr: {
    resolve: {
      // Vitest hands these to the test processes as `node --conditions`: `import` there makes
      // Node's require() pick the ESM file of dual packages (express's router breaks), so it is
      // left out; Vite adds import/require per importer on its own.
      conditions: ['@callboard/source', 'module', 'node'],
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
