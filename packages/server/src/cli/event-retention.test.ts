import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../store/index.js';
import { outputIncludes, spawnCallboard } from './__tests__/spawn-callboard.js';

const KEY = 'retention-test-key-0123456789';
const dir = mkdtempSync(path.join(tmpdir(), 'callboard-retention-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('callboard start --event-retention', () => {
  it('prunes stored events older than the window while it runs, and keeps the calls and the newer events', async () => {
    const db = path.join(dir, 'calls.db');
    const callboard = await spawnCallboard(['start', '--port', '0', '--db', db, '--event-retention', '2s'], { CALLBOARD_API_KEY: KEY, CALLBOARD_SIMULATE: '0' });
    const post = (callId: string) =>
      fetch(`${callboard.url}/api/calls`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ callId, type: 'inbound', caller: '+254700000001', receiver: '+254700000002', status: 'in-progress' }),
      });
    try {
      expect((await post('OLD-1')).status).toBe(201);
      // The pruner runs every second (a tenth of the window, at least a second).
      await outputIncludes(callboard, /Pruned \d+ events older than the retention window/);
      expect((await post('NEW-1')).status).toBe(201);
      const old = await fetch(`${callboard.url}/api/calls/OLD-1`, { headers: { authorization: `Bearer ${KEY}` } });
      expect(old.status).toBe(200);
    } finally {
      callboard.child.kill('SIGTERM');
    }
    expect(await callboard.exited).toBe(0);
    const store = createSqliteStore({ path: db });
    await store.init();
    try {
      const events = await store.eventsAfter(0);
      expect(events.map((stored) => stored.event.providerCallId)).toEqual(['NEW-1']);
      expect(await store.firstRetainedSeq()).toBe(events[0]!.seq);
      expect((await store.getCall('OLD-1'))?.status).toBe('in-progress');
    } finally {
      await store.close();
    }
  });
});
