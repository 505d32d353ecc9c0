import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { statusEvent } from '../store/contract/contract-events.js';
import type { CallStore } from '../store/call-store.js';
import { createSqliteStore } from '../store/index.js';
import { outputIncludes, spawnCallboard, type CallboardProcess } from './__tests__/spawn-callboard.js';

const KEY = 'retention-test-key-0123456789';
const dir = mkdtempSync(path.join(tmpdir(), 'callboard-retention-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Waits for the server, already told to stop, to exit cleanly; then runs `check` on its database. */
async function afterCleanExit(callboard: CallboardProcess, db: string, check: (store: CallStore) => Promise<void>): Promise<void> {
  expect(await callboard.exited).toBe(0);
  const store = createSqliteStore({ path: db });
  await store.init();
  try {
    await check(store);
  } finally {
    await store.close();
  }
}

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
    await afterCleanExit(callboard, db, async (store) => {
      const events = await store.eventsAfter(0);
      expect(events.map((stored) => stored.event.providerCallId)).toEqual(['NEW-1']);
      expect(await store.firstRetainedSeq()).toBe(events[0]!.seq);
      expect((await store.getCall('OLD-1'))?.status).toBe('in-progress');
    });
  });
});

describe('callboard start --call-retention', () => {
  it('deletes the calls that started before the window at start, with their events, and takes them out of the stats', async () => {
    const db = path.join(dir, 'old-calls.db');
    const now = Date.now();
    const daysAgo = (days: number) => new Date(now - days * 86_400_000).toISOString();
    const seeded = createSqliteStore({ path: db });
    await seeded.init();
    await seeded.append([statusEvent('CA-OLD', 'ringing', daysAgo(400)), statusEvent('CA-OLD', 'completed', daysAgo(400))]);
    await seeded.append([statusEvent('CA-RECENT', 'completed', daysAgo(10))]);
    await seeded.close();

    const callboard = await spawnCallboard(['start', '--port', '0', '--db', db, '--call-retention', '365d'], { CALLBOARD_API_KEY: KEY, CALLBOARD_SIMULATE: '0' });
    const get = (path: string) => fetch(`${callboard.url}${path}`, { headers: { authorization: `Bearer ${KEY}` } });
    try {
      await outputIncludes(callboard, 'Pruned 1 calls older than the retention window');
      expect((await get('/api/calls/CA-OLD')).status).toBe(404);
      expect((await get('/api/calls/CA-RECENT')).status).toBe(200);
      expect(((await (await get('/api/calls/stats')).json()) as { total: number }).total).toBe(1);
    } finally {
      callboard.child.kill('SIGTERM');
    }
    await afterCleanExit(callboard, db, async (store) => {
      expect((await store.eventsAfter(0)).map((stored) => stored.event.providerCallId)).toEqual(['CA-RECENT']);
    });
  });
});
