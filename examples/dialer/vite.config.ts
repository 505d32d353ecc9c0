import { defineConfig } from 'vite';

// Served by `callboard start --static-dir examples/dialer/dist`, or in dev next to a server on :3000.
export default defineConfig({
  resolve: { conditions: ['@callboard/source'] },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/realtime': { target: 'ws://127.0.0.1:3000', ws: true },
    },
  },
  build: { outDir: 'dist', sourcemap: true },
});
