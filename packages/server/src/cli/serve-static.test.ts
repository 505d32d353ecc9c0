import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createStaticFallback } from './serve-static.js';

const root = mkdtempSync(path.join(tmpdir(), 'callboard-static-'));
mkdirSync(path.join(root, 'assets'));
writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>dash</title>');
writeFileSync(path.join(root, 'assets', 'app-1234.js'), 'console.log(1)');
writeFileSync(path.join(root, '.env'), 'SECRET=1');
writeFileSync(path.join(tmpdir(), 'outside-callboard.txt'), 'outside');

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(path.join(tmpdir(), 'outside-callboard.txt'), { force: true });
});

const serve = createStaticFallback(root);
const get = (pathname: string) => serve(new Request(`http://127.0.0.1${pathname}`));

describe('createStaticFallback', () => {
  it('serves files with their type, hashed assets cached for good', async () => {
    const asset = (await get('/assets/app-1234.js'))!;
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(await asset.text()).toBe('console.log(1)');
    expect((await get('/'))!.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers client-side routes with index.html, but not missing files', async () => {
    expect(await (await get('/calls/call_123'))!.text()).toContain('<title>dash</title>');
    expect(await get('/assets/missing.js')).toBeUndefined();
  });

  it('never leaves its directory nor serves dotfiles', async () => {
    expect(await get('/%2e%2e/outside-callboard.txt')).toBeUndefined();
    expect(await get('/..%2foutside-callboard.txt')).toBeUndefined();
    expect(await get('/.env')).toBeUndefined();
  });

  it('without a directory, serves a small page at / only', async () => {
    const builtin = createStaticFallback(undefined);
    expect(await (await builtin(new Request('http://127.0.0.1/')))!.text()).toContain('/openapi.json');
    expect(await builtin(new Request('http://127.0.0.1/calls'))).toBeUndefined();
  });
});
