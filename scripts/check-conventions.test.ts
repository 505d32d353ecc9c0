import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { checkConventions as check, formatProblems, isNodeBuiltin } from './check-conventions.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A throwaway monorepo holding a conforming Telnyx and simulated adapter plus `files`. */
function repo(files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'callboard-conventions-'));
  roots.push(root);
  const adapter = (id: string, withVerify: boolean) => {
    const names = ['index.ts', `${id}-provider.ts`, `${id}-parse-webhook.ts`, `${id}-actions.ts`];
    if (withVerify) names.push(`${id}-verify-signature.ts`);
    return Object.fromEntries(names.map((name) => [`packages/core/src/providers/${id}/${name}`, 'export {};\n']));
  };
  const all = { ...adapter('telnyx', true), ...adapter('simulated', false), ...files };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const rules = (root: string) => check(root).map((problem) => `${problem.rule} ${problem.file}${problem.line ? `:${problem.line}` : ''}`);

describe('check-conventions', () => {
  it('finds nothing wrong in a conforming tree', () => {
    expect(rules(repo({ 'packages/core/src/model/reduce-call.ts': 'export const reduceCall = () => 1;\n' }))).toEqual([]);
  });

  it('reports Node built-in imports in core, in every import form', () => {
    const root = repo({
      'packages/core/src/a.ts': "import { createHmac } from 'node:crypto';\n",
      'packages/core/src/b.ts': "import { readFile } from 'fs/promises';\n",
      'packages/core/src/c.ts': "export { Buffer } from 'buffer';\n",
      'packages/core/src/d.ts': "export const load = () => import('http');\n",
      'packages/core/src/e.ts': "const os = require('os');\nexport default os;\n",
      'packages/core/src/f.ts': "import zod from 'zod';\nimport { x } from './node-free.js';\nexport { zod, x };\n",
    });
    expect(rules(root)).toEqual([
      'core-node-builtin packages/core/src/a.ts:1',
      'core-node-builtin packages/core/src/b.ts:1',
      'core-node-builtin packages/core/src/c.ts:1',
      'core-node-builtin packages/core/src/d.ts:1',
      'core-node-builtin packages/core/src/e.ts:1',
    ]);
  });

  it('knows the Node built-ins with and without the node: prefix, and nothing else', () => {
    expect(['node:fs', 'fs', 'fs/promises', 'crypto', 'buffer', 'http', 'stream/web', 'node:test'].every(isNodeBuiltin)).toBe(true);
    expect(['zod', 'eventemitter3', './crypto.js', '@callboard/core', 'msw/node'].some(isNodeBuiltin)).toBe(false);
  });

  it('reports Buffer and process. in core code but not in comments, strings or property names', () => {
    const root = repo({
      'packages/core/src/a.ts': 'export const bytes = (s: string) => Buffer.from(s);\n',
      'packages/core/src/b.ts': 'export const key = () => process.env.KEY;\n',
      'packages/core/src/c.ts': 'export const env = () => globalThis.process.env;\n',
      'packages/core/src/d.ts': [
        '/** No `Buffer` here; set `apiKey: process.env.KEY` yourself. */',
        "export const text = 'process.env and Buffer';",
        'export const shape = { Buffer: 1, process: 2 };',
        'export const read = (o: { process: { env: string } }) => o.process.env;',
        '',
      ].join('\n'),
    });
    expect(rules(root)).toEqual([
      'core-node-builtin packages/core/src/a.ts:1',
      'core-node-builtin packages/core/src/b.ts:1',
      'core-node-builtin packages/core/src/c.ts:1',
    ]);
  });

  it('leaves tests, fixtures and vitest-only helpers in core alone, and Node imports outside core', () => {
    const root = repo({
      'packages/core/src/a.test.ts': "import { readFileSync } from 'node:fs';\nthrow new Error('x');\n",
      'packages/core/src/__tests__/build.ts': "import { execFile } from 'node:child_process';\n",
      'packages/core/src/providers/telnyx/mock-telnyx-api.ts': "import { setupServer } from 'msw/node';\nimport { afterAll } from 'vitest';\nexport const x = process.env.X;\n",
      'packages/server/src/store.ts': "import { readFileSync } from 'node:fs';\nexport const size = Buffer.byteLength('x');\n",
      'packages/server/src/store/postgres-test-database.ts': "export function connect() {\n  throw new Error('PostgreSQL is not running');\n}\n",
      'packages/core/src/providers/telnyx/telnyx-fixtures.ts': "import { readFileSync } from 'node:fs';\n",
    });
    expect(rules(root)).toEqual([]);
  });

  it('checks the public test helpers in core/src/testing, which ship', () => {
    const root = repo({ 'packages/core/src/testing/twilio.ts': "import { createHmac } from 'node:crypto';\nexport const latest = () => { throw new Error('x'); };\n" });
    expect(rules(root)).toEqual(['core-node-builtin packages/core/src/testing/twilio.ts:1', 'throw-new-error packages/core/src/testing/twilio.ts:2']);
  });

  it('reports adapter folders that lack one of the common files, naming each missing file', () => {
    const root = repo({ 'packages/core/src/providers/vonage/index.ts': 'export {};\n', 'packages/core/src/providers/vonage/vonage-provider.ts': '' });
    const problems = check(root);
    expect(problems.map((p) => p.rule)).toEqual(['provider-folder']);
    expect(problems[0]?.message).toContain('vonage-parse-webhook.ts, vonage-actions.ts, vonage-verify-signature.ts');
    expect(problems[0]?.message).not.toContain('vonage-provider.ts');
  });

  it('does not ask the simulated adapter for a verify file', () => {
    const root = repo();
    rmSync(join(root, 'packages/core/src/providers/simulated/simulated-actions.ts'));
    const problems = check(root);
    expect(problems.map((p) => p.file)).toEqual(['packages/core/src/providers/simulated/']);
    expect(problems[0]?.message).not.toContain('verify');
  });

  it('reports plain Error throws in library source, but not allowlisted ones or tests', () => {
    const root = repo({
      'packages/server/src/hub.ts': "export function f() {\n  throw new Error('boom');\n}\nexport function g() {\n  throw Error('bare');\n}\n",
      'packages/server/src/errors.ts': "import { CallboardError } from '@callboard/core';\nexport function h() {\n  throw new CallboardError({ code: 'INTERNAL' });\n}\n",
      'packages/server/src/store/append/append-batch.ts': 'export function i(id: string) {\n  throw new Error(`claimCall returned ${id}, which cannot be loaded`);\n}\nexport function j() {\n  throw new Error(\'another\');\n}\n',
      'packages/server/src/hub.test.ts': "throw new Error('in a test');\n",
    });
    expect(rules(root)).toEqual([
      'throw-new-error packages/server/src/hub.ts:2',
      'throw-new-error packages/server/src/hub.ts:5',
      'throw-new-error packages/server/src/store/append/append-batch.ts:5',
    ]);
  });

  it('reports utils, helpers and manager files anywhere, but ignores node_modules and dist', () => {
    const root = repo({
      'packages/core/src/utils.ts': 'export {};\n',
      'examples/dashboard/src/helpers.tsx': 'export {};\n',
      'scripts/manager.mjs': 'export {};\n',
      'packages/core/node_modules/x/utils.js': '',
      'packages/core/dist/helpers.js': '',
      'packages/core/src/util/constant-time-equal.ts': 'export {};\n',
    });
    expect(rules(root)).toEqual([
      'vague-file-name examples/dashboard/src/helpers.tsx',
      'vague-file-name packages/core/src/utils.ts',
      'vague-file-name scripts/manager.mjs',
    ]);
  });

  it('prints one line per problem with its place and rule', () => {
    const root = repo({ 'packages/core/src/a.ts': "import 'node:fs';\n" });
    const report = formatProblems(check(root));
    expect(report).toMatch(/^check-conventions: 1 problem\n/);
    expect(report).toContain('packages/core/src/a.ts:1  [core-node-builtin] imports the Node built-in "node:fs"');
  });

  it('exits 1 from the command line when a convention is broken, 0 when all hold', async () => {
    const run = promisify(execFile);
    const script = join(repoRoot, 'scripts/check-conventions.mjs');
    await expect(run(process.execPath, [script, repo()])).resolves.toMatchObject({ stdout: expect.stringContaining('all conventions hold') });
    const failing = run(process.execPath, [script, repo({ 'packages/core/src/helpers.ts': '' })]);
    await expect(failing).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('[vague-file-name]') });
  });

  it('holds for this repository', () => {
    const problems = check(repoRoot);
    expect(problems, formatProblems(problems)).toEqual([]);
  });
});
