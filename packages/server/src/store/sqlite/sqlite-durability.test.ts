import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from './create-sqlite-store.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'callboard-durability-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the writer child until it has acknowledged `acks` appends, SIGKILLs it, and returns every ack it printed. */
async function killAfterAcks(dbPath: string, acks: number): Promise<string[]> {
  const tsx = createRequire(import.meta.url).resolve('tsx');
  const child = spawn(
    process.execPath,
    ['--conditions=@callboard/source', '--import', tsx, fileURLToPath(new URL('./__fixtures__/append-until-killed.ts', import.meta.url)), dbPath],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const acked: string[] = [];
  let stderr = '';
  let buffered = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_, signal) => resolve(signal)));
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) if (line.startsWith('ack ')) acked.push(line.slice(4));
    if (acked.length >= acks) child.kill('SIGKILL');
  });
  const signal = await exited;
  if (signal !== 'SIGKILL') throw new Error(`The writer exited on its own (${String(signal)}): ${stderr}`);
  return acked;
}

describe('sqlite store durability', () => {
  it('keeps every acknowledged append when the writing process is SIGKILLed', async () => {
    const dbPath = path.join(dir, 'killed.db');
    const acked = await killAfterAcks(dbPath, 400);
    expect(acked.length).toBeGreaterThanOrEqual(400);

    const check = new Database(dbPath);
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();

    const store = createSqliteStore({ path: dbPath });
    await store.init();
    const keys = new Set((await store.eventsAfter(0, { limit: 1_000_000 })).map((stored) => stored.event.key));
    expect(acked.filter((key) => !keys.has(key))).toEqual([]);
    // The log is gap-free up to the last committed seq: nothing half-written survived.
    const seqs = (await store.eventsAfter(0, { limit: 1_000_000 })).map((stored) => stored.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(await store.lastSeq()).toBe(seqs.length);
    await store.close();
  });
});
