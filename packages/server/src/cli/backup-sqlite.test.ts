import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { statusEvent } from '../store/contract/contract-events.js';
import { createSqliteStore } from '../store/index.js';
import { backupSqlite, parseBackupArgs } from './backup-sqlite.js';
import { main, type CliIo } from './main.js';

const dir = mkdtempSync(path.join(tmpdir(), 'callboard-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();

describe('callboard backup', () => {
  it('copies a store that is being written to into one consistent database', async () => {
    const source = path.join(dir, 'live.db');
    const store = createSqliteStore({ path: source });
    await store.init();
    for (let i = 0; i < 200; i++) await store.append([statusEvent(`CA${i}`, 'ringing', at(i))]);
    // Appends keep committing on the store's writer thread while the copy is read.
    let writing = true;
    const writer = (async () => {
      for (let i = 200; writing; i++) await store.append([statusEvent(`CA${i}`, 'completed', at(i), { durationSec: 30 })]);
    })();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const destination = path.join(dir, 'nested', 'copy.db');
    const result = backupSqlite(source, destination);
    writing = false;
    await writer;
    await store.close();

    expect(result).toMatchObject({ source, destination });
    expect(result.calls).toBeGreaterThanOrEqual(200);
    expect(result.events).toBe(result.calls);
    const copy = createSqliteStore({ path: destination });
    await copy.init();
    try {
      const seqs = (await copy.eventsAfter(0, { limit: 100_000 })).map((stored) => stored.seq);
      expect(seqs).toEqual(Array.from({ length: result.events }, (_, i) => i + 1));
      expect(await copy.lastSeq()).toBe(result.events);
      const page = await copy.listCalls({ limit: 1 });
      expect(page.total).toBe(result.calls);
      expect((await copy.stats()).total).toBe(result.calls);
    } finally {
      await copy.close();
    }
  });

  it('refuses to overwrite, to copy what is not there or not a Callboard database', () => {
    const source = path.join(dir, 'plain.db');
    const other = new Database(source);
    other.exec('CREATE TABLE t (x)');
    other.close();
    expect(() => backupSqlite(source, path.join(dir, 'plain-copy.db'))).toThrow('is not a Callboard database');
    expect(existsSync(path.join(dir, 'plain-copy.db'))).toBe(false);
    // A destination whose directory cannot be made (a file is in the way) is a clear error.
    writeFileSync(path.join(dir, 'a-file'), '');
    expect(() => backupSqlite(source, path.join(dir, 'a-file', 'copy.db'))).toThrow(`Cannot back up ${source}: `);
    expect(() => backupSqlite(path.join(dir, 'missing.db'), path.join(dir, 'x.db'))).toThrow('There is no database at');
    writeFileSync(path.join(dir, 'taken.db'), '');
    expect(() => backupSqlite(source, path.join(dir, 'taken.db'))).toThrow('exists: back up to a new file');
  });

  it('reads its arguments: the file, --db, CALLBOARD_DB, the default; Postgres and memory refused', () => {
    const cwd = '/srv/callboard';
    expect(parseBackupArgs(['b.db'], {}, cwd)).toEqual({ source: '/srv/callboard/.callboard/callboard.db', destination: '/srv/callboard/b.db' });
    expect(parseBackupArgs(['/tmp/b.db'], { CALLBOARD_DB: 'data/calls.db' }, cwd).source).toBe('/srv/callboard/data/calls.db');
    expect(parseBackupArgs(['--db=/var/c.db', 'b.db'], { CALLBOARD_DB: 'data/calls.db' }, cwd).source).toBe('/var/c.db');
    expect(parseBackupArgs(['b.db', '--db', 'file:x.db'], {}, cwd).source).toBe('/srv/callboard/x.db');
    expect(() => parseBackupArgs(['b.db'], { CALLBOARD_DB: 'postgres://db/calls' }, cwd)).toThrow('pg_dump');
    expect(() => parseBackupArgs(['b.db', '--db', 'memory'], {}, cwd)).toThrow('nothing to back up');
    expect(() => parseBackupArgs([], {}, cwd)).toThrow('the backup file is missing');
    expect(() => parseBackupArgs(['a.db', 'b.db'], {}, cwd)).toThrow('one backup file, not 2');
    expect(() => parseBackupArgs(['--force', 'b.db'], {}, cwd)).toThrow('--force: unknown option');
  });

  it('runs as `callboard backup`, saying what it wrote, or why not with exit 1 (2 for bad arguments)', async () => {
    const source = path.join(dir, 'cli.db');
    const store = createSqliteStore({ path: source });
    await store.init();
    await store.append([statusEvent('CA1', 'ringing', at(1))]);
    await store.close();
    const run = async (argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const io: CliIo = { env: {}, cwd: dir, stdout: (text) => out.push(text), stderr: (text) => err.push(text), stopSignal: () => new Promise(() => {}) };
      return { code: await main(argv, io), out: out.join(''), err: err.join('') };
    };
    const done = await run(['backup', 'cli-copy.db', '--db', 'cli.db']);
    expect(done.code).toBe(0);
    expect(done.out).toContain(`Backed up ${source} to ${path.join(dir, 'cli-copy.db')}: 1 call, 1 event,`);
    const again = await run(['backup', 'cli-copy.db', '--db', 'cli.db']);
    expect(again).toMatchObject({ code: 1, err: expect.stringContaining('exists: back up to a new file') });
    expect((await run(['backup'])).code).toBe(2);
  });
});
