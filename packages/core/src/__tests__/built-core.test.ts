import { readFileSync, rmSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EdgeVM } from '@edge-runtime/vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCoreToTempDir, bundleForEdge, coreDir, listFiles } from './build-core.js';

const manifest = JSON.parse(readFileSync(join(coreDir, 'package.json'), 'utf8')) as {
  name: string;
  exports: Record<string, string | { import?: { default?: string } }>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};
const NODE_BUILTINS = new Set(builtinModules);
/** The built entries behind the package's subpath exports (`index`, `twilio`, ...). */
const ENTRIES = Object.values(manifest.exports).flatMap((target) => {
  const file = typeof target === 'object' ? target.import?.default : undefined;
  return file === undefined ? [] : [file.replace(/^\.\/dist\//, '').replace(/\.js$/, '')];
});
const isNodeBuiltin = (specifier: string) => specifier.startsWith('node:') || NODE_BUILTINS.has(specifier.split('/')[0] ?? specifier);
const packageName = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

/**
 * Every module a built file loads: static and dynamic imports, re-exports, requires, type imports
 * and `/// <reference types>` directives. Comments (JSDoc examples in declarations) are not code.
 */
function loadedModules(text: string): string[] {
  const references = [...text.matchAll(/^\/\/\/\s*<reference\s+types\s*=\s*["']([^"']+)["']/gm)].map((match) => match[1] as string);
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const patterns = [
    /(?:^|[\s}*])from\s*["']([^"']+)["']/gm,
    /(?:^|[\s;])import\s*["']([^"']+)["']/gm,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  return [...references, ...patterns.flatMap((pattern) => [...code.matchAll(pattern)].map((match) => match[1] as string))];
}

let outDir = '';
let files: string[] = [];

beforeAll(async () => {
  outDir = await buildCoreToTempDir();
  files = listFiles(outDir);
}, 240_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('the built @callboard/core', () => {
  it('has an ESM, a CJS and two declaration files for every entry', () => {
    expect(ENTRIES).toEqual(expect.arrayContaining(['index', 'twilio', 'telnyx', 'africastalking', 'simulated', 'testing']));
    for (const entry of ENTRIES) {
      expect(files).toEqual(expect.arrayContaining([`${entry}.js`, `${entry}.cjs`, `${entry}.d.ts`, `${entry}.d.cts`]));
    }
  });

  it('loads every entry in Node as ESM and as CJS, with the same exports', async () => {
    const require = createRequire(join(outDir, 'index.cjs'));
    for (const entry of ENTRIES) {
      const esm = (await import(pathToFileURL(join(outDir, `${entry}.js`)).href)) as Record<string, unknown>;
      const cjs = require(join(outDir, `${entry}.cjs`)) as Record<string, unknown>;
      expect(Object.keys(cjs).sort(), entry).toEqual(Object.keys(esm).sort());
    }
    const { reduceCall } = (await import(pathToFileURL(join(outDir, 'index.js')).href)) as typeof import('../index.js');
    expect(typeof reduceCall).toBe('function');
  });

  it('imports no Node built-in from any file, code or declarations', () => {
    // The scanner sees imports in both module formats, so an empty result below means something.
    expect(loadedModules(readFileSync(join(outDir, 'index.js'), 'utf8'))).toContain('zod');
    expect(loadedModules(readFileSync(join(outDir, 'index.cjs'), 'utf8'))).toContain('zod');
    expect(loadedModules('import { a } from "node:fs";\nconst b = require("crypto");\n/// <reference types="node" />')).toEqual(['node', 'node:fs', 'crypto']);
    const offenders = files
      .filter((file) => /\.(?:c?js|d\.c?ts)$/.test(file))
      .flatMap((file) => loadedModules(readFileSync(join(outDir, file), 'utf8')).filter((name) => isNodeBuiltin(name) || name === 'node').map((name) => `${file}: ${name}`));
    expect(offenders).toEqual([]);
  });

  it('loads nothing but its own chunks and its declared dependencies', () => {
    const allowed = new Set([manifest.name, ...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
    const strays = files
      .filter((file) => /\.(?:c?js|d\.c?ts)$/.test(file))
      .flatMap((file) => loadedModules(readFileSync(join(outDir, file), 'utf8')).map((name) => ({ file, name })))
      .filter(({ name }) => !name.startsWith('.') && !allowed.has(packageName(name)))
      .map(({ file, name }) => `${file}: ${name}`);
    expect(strays, 'shipped code loads a package that is not a dependency (a test helper in an entry?)').toEqual([]);
  });

  it('uses neither Buffer nor process in its code', () => {
    const offenders = files
      .filter((file) => /\.c?js$/.test(file))
      .flatMap((file) => {
        const text = readFileSync(join(outDir, file), 'utf8');
        return [...text.matchAll(/(?<![\w$.])(?:Buffer\b|process\s*\.)/g)].map((match) => `${file}: ${text.slice(match.index, match.index + 40)}`);
      });
    expect(offenders).toEqual([]);
  });
});

describe('the built Twilio and Telnyx adapters in an edge runtime', () => {
  let vm: EdgeVM;

  beforeAll(async () => {
    const bundle = await bundleForEdge(outDir, { twilio: 'twilio.js', telnyx: 'telnyx.js', testing: 'testing.js' });
    vm = new EdgeVM();
    vm.evaluate(bundle);
  }, 120_000);

  /** Runs an async function body inside the VM with `callboard` in scope; returns its JSON result. */
  async function inEdge(body: string): Promise<unknown> {
    const json = await vm.evaluate<Promise<string>>(`(async () => JSON.stringify(await (async (callboard) => { ${body} })(globalThis.callboard)))()`);
    return JSON.parse(json) as unknown;
  }

  it('runs where there is no process, require or Buffer, and no eval', async () => {
    const globals = await inEdge(`return { process: typeof process, require: typeof require, Buffer: typeof Buffer, exports: Object.keys(callboard).sort() };`);
    expect(globals).toEqual({ process: 'undefined', require: 'undefined', Buffer: 'undefined', exports: ['telnyx', 'testing', 'twilio'] });
    await expect(inEdge(`return new Function('return 1')();`)).rejects.toThrow(/Code generation from strings disallowed/);
  });

  it('exposes the adapters and signing helpers it is tested with', async () => {
    const types = await inEdge(`
      const { twilio, telnyx, testing } = callboard;
      return [typeof twilio.createTwilio, typeof telnyx.createTelnyx, typeof testing.signTwilioRequest, typeof testing.signTelnyxRequest];`);
    expect(types, 'createTwilio, createTelnyx (from ./twilio, ./telnyx) and signTwilioRequest, signTelnyxRequest (from ./testing) must be exported').toEqual([
      'function',
      'function',
      'function',
      'function',
    ]);
  });

  it('verifies a signed Twilio status callback, rejects a forged one, and parses it', async () => {
    const outcome = await inEdge(`
      const { twilio, testing } = callboard;
      const authToken = 'edge-test-auth-token-0123456789ab';
      const url = 'https://calls.example.com/webhooks/twilio';
      const params = testing.buildTwilioStatusCallback({
        callSid: 'CA0123456789abcdef0123456789abcdef', status: 'completed', sequenceNumber: 3,
        timestamp: new Date('2026-01-01T00:00:42Z'), callDuration: 42,
      });
      const signature = await testing.signTwilioRequest({ url, params, authToken });
      const provider = twilio.createTwilio({ accountSid: 'AC' + '0'.repeat(32), authToken });
      const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature });
      const request = { method: 'POST', url, headers, rawBody: params.toString() };
      await provider.verifyWebhook(request);
      const forged = await provider.verifyWebhook({ ...request, rawBody: request.rawBody.replace('completed', 'canceled') }).then(() => 'accepted', (error) => error.code);
      const events = provider.parseWebhook(request, { receivedAt: new Date('2026-01-01T00:00:43Z') });
      return { forged, events };`);
    expect(outcome).toMatchObject({
      forged: 'BAD_SIGNATURE',
      events: [{ type: 'call.status', provider: 'twilio', providerCallId: 'CA0123456789abcdef0123456789abcdef', status: 'completed', durationSec: 42 }],
    });
  });

  it('verifies a signed Telnyx webhook (Ed25519), rejects a forged one, and parses it', async () => {
    const outcome = await inEdge(`
      const { telnyx, testing } = callboard;
      const keys = await testing.generateTelnyxTestKeyPair({ seed: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60' });
      const rawBody = JSON.stringify(testing.buildTelnyxEvent('call.answered', {}, { id: 'evt-edge-1', occurredAt: '2026-01-01T00:00:10.000Z' }));
      const timestamp = 1767225610;
      const signed = await testing.signTelnyxRequest({ rawBody, timestamp, privateKey: keys.privateKey });
      const provider = telnyx.createTelnyx({ apiKey: 'KEY-edge', publicKey: keys.publicKey, connectionId: '1000000000000000001', clock: { now: () => timestamp * 1000 } });
      const request = { method: 'POST', url: 'https://calls.example.com/webhooks/telnyx', headers: new Headers({ 'content-type': 'application/json', ...signed }), rawBody };
      await provider.verifyWebhook(request);
      const forged = await provider.verifyWebhook({ ...request, rawBody: rawBody.replace('evt-edge-1', 'evt-edge-2') }).then(() => 'accepted', (error) => error.code);
      const events = provider.parseWebhook(request, { receivedAt: new Date(timestamp * 1000) });
      return { publicKey: keys.publicKey, forged, events };`);
    expect(outcome).toMatchObject({
      // RFC 8032 test 1: this seed's public key is d75a9801...07511a.
      publicKey: '11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=',
      forged: 'BAD_SIGNATURE',
      events: [{ type: 'call.status', provider: 'telnyx', providerCallId: 'v3:test-call-control-id', status: 'in-progress', key: 'telnyx:evt-edge-1' }],
    });
  });
});
