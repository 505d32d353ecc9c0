import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnCallboard } from './__tests__/spawn-callboard.js';

const KEY = 'crash-test-key-0123456789';
const WORKERS = 16;
const dir = mkdtempSync(path.join(tmpdir(), 'callboard-crash-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('callboard start on SQLite: kill -9 during concurrent writes', () => {
  it('keeps every write that was answered 2xx', async () => {
    const db = path.join(dir, 'calls.db');
    const env = { CALLBOARD_API_KEY: KEY, CALLBOARD_SIMULATE: '0', CALLBOARD_RATE_LIMIT: '0' };
    const first = await spawnCallboard(['start', '--port', '0', '--db', db], env);
    const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
    const acknowledged: Array<{ callId: string; line: boolean }> = [];
    let killed = false;
    // Requests of either kind started and answered, to show the kill happened with writes in flight.
    let started = 0;
    let answered = 0;
    let enoughAcknowledged = () => {};
    const enough = new Promise<void>((resolve) => (enoughAcknowledged = resolve));

    // Each worker creates calls and appends a transcript line to each, one request at a time.
    async function worker(w: number): Promise<void> {
      for (let i = 0; !killed; i++) {
        const callId = `crash-${w}-${i}`;
        try {
          started++;
          const created = await fetch(`${first.url}/api/calls`, { method: 'POST', headers, body: JSON.stringify({ callId, type: 'outbound', caller: '+1' }) });
          answered++;
          if (created.status !== 201) throw new Error(`unexpected ${created.status}`);
          const entry = { callId, line: false };
          acknowledged.push(entry);
          if (acknowledged.length === 400) enoughAcknowledged();
          started++;
          const line = await fetch(`${first.url}/api/calls/${callId}/transcript`, { method: 'PATCH', headers, body: JSON.stringify({ text: `line of ${callId}` }) });
          answered++;
          if (line.status !== 200) throw new Error(`unexpected ${line.status}`);
          entry.line = true;
        } catch (error) {
          if (!killed) throw error;
          return;
        }
      }
    }

    const workers = Array.from({ length: WORKERS }, (_, w) => worker(w));
    // Kill once a good number of writes were acknowledged, while all workers still have requests in flight.
    await enough;
    first.child.kill('SIGKILL');
    killed = true;
    const inFlightAtKill = started - answered;
    await first.exited;
    await Promise.all(workers);
    expect(inFlightAtKill).toBeGreaterThan(0);

    const second = await spawnCallboard(['start', '--port', '0', '--db', db], env);
    try {
      const missing: string[] = [];
      await Promise.all(
        Array.from({ length: 8 }, async (_, lane) => {
          for (let i = lane; i < acknowledged.length; i += 8) {
            const { callId, line } = acknowledged[i]!;
            const response = await fetch(`${second.url}/api/calls/${callId}`, { headers });
            if (response.status !== 200) {
              missing.push(callId);
              continue;
            }
            const { call } = (await response.json()) as { call: { transcript: Array<{ text: string }> } };
            if (line && !call.transcript.some((segment) => segment.text === `line of ${callId}`)) missing.push(`${callId} (line)`);
          }
        }),
      );
      expect(missing).toEqual([]);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  }, 120_000);
});
