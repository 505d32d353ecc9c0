import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    cli: 'src/cli/main.ts',
    node: 'src/bindings/node.ts',
    express: 'src/bindings/express.ts',
    fastify: 'src/bindings/fastify.ts',
    hono: 'src/bindings/hono.ts',
    // The SQLite store starts it as a worker thread, from beside the bundle that imports the store.
    'sqlite-writer-worker': 'src/store/sqlite/sqlite-writer-worker.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
});
