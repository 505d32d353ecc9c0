import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ENTRIES = ['index', 'node', 'express', 'fastify', 'hono'];

function run(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: packageDir, encoding: 'utf8' }).trim();
}

describe('the built @callboard/server', () => {
  beforeAll(() => {
    // `pnpm test` builds first; a lone run of this file builds the package itself.
    if (!ENTRIES.every((entry) => existsSync(path.join(packageDir, 'dist', `${entry}.cjs`)))) {
      execFileSync(process.execPath, [path.join(packageDir, '../../node_modules/tsup/dist/cli-default.js')], { cwd: packageDir, stdio: 'ignore' });
    }
  }, 180_000);

  it.each(ENTRIES)('loads %s from CommonJS and from ESM with the same exports', (entry) => {
    const fromCjs = run(['-e', `console.log(Object.keys(require('./dist/${entry}.cjs')).sort().join(','))`]);
    const fromEsm = run(['--input-type=module', '-e', `const m = await import('./dist/${entry}.js'); console.log(Object.keys(m).sort().join(','))`]);
    expect(fromCjs.length).toBeGreaterThan(0);
    expect(fromCjs).toBe(fromEsm);
  });

  it('starts a realtime gateway from the CommonJS build', () => {
    const out = run([
      '-e',
      `const http = require('node:http');
       const s = require('./dist/index.cjs');
       const hub = s.createHub({ store: s.createMemoryStore() });
       const server = http.createServer();
       const realtime = s.attachRealtime(server, { hub, auth: s.createAuth() });
       realtime.ready.then(() => realtime.close({ graceMs: 10 })).then(() => hub.close()).then(() => console.log('ok'));`,
    ]);
    expect(out).toBe('ok');
  });
});
