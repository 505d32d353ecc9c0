import { defineConfig } from 'vite';

// React's automatic JSX runtime through esbuild; no plugin needed. In dev, the API and the
// realtime gateway are proxied to a `callboard start` on port 3000.
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  resolve: { conditions: ['@callboard/source'] },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/realtime': { target: 'ws://127.0.0.1:3000', ws: true },
    },
  },
  build: { outDir: 'dist', sourcemap: true },
});
