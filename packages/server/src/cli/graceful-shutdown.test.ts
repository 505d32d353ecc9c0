import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../store/index.js';
import { outputIncludes, spawnCallboard } from './__tests__/spawn-callboard.js';

const KEY = 'shutdown-test-key-0123456789';
const dir = mkdtempSync(path.join(tmpdir(), 'callboard-shutdown-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('callboard start: graceful shutdown', () => {
  it('on SIGTERM stops accepting, finishes the request in flight, stores it, and exits 0', async () => {
    const db = path.join(dir, 'calls.db');
    const callboard = await spawnCallboard(['start', '--port', '0', '--db', db], { CALLBOARD_API_KEY: KEY, CALLBOARD_SIMULATE: '0' });
    const body = JSON.stringify({ callId: 'IN-FLIGHT', type: 'inbound', caller: '+254700000001' });
    // A request whose body arrives in two halves, with the shutdown in between. `Expect:
    // 100-continue` makes the server say when it has taken the request in.
    const req = httpRequest(`${callboard.url}/api/calls`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${KEY}`,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        expect: '100-continue',
      },
    });
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      req.on('response', (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, text }));
      });
      req.on('error', reject);
    });
    await new Promise<void>((resolve) => req.once('continue', resolve));
    req.write(body.slice(0, 10));
    callboard.child.kill('SIGTERM');
    await outputIncludes(callboard, 'Shutting down');
    await expect(fetch(`${callboard.url}/health`)).rejects.toThrow();
    req.end(body.slice(10));
    const { status, text } = await answer;
    expect(status).toBe(201);
    expect(JSON.parse(text).call.providerCallId).toBe('IN-FLIGHT');
    expect(await callboard.exited).toBe(0);
    expect(callboard.output()).toContain('Callboard stopped');
    const store = createSqliteStore({ path: db });
    await store.init();
    expect((await store.getCall('IN-FLIGHT'))?.direction).toBe('inbound');
    await store.close();
  });
});
