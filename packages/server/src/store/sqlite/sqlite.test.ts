import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CallEvent } from '@callboard/core';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { BatchInfo } from '../append/create-batch-writer.js';
import type { CallStore } from '../call-store.js';
import { statusEvent, transcriptEvent } from '../contract/contract-events.js';
import { pruneCallsStepsScenario, pruneStepsScenario } from '../contract/prune-steps-scenario.js';
import { expectSchemaOneMigrated, writeSchemaOneHistory } from '../contract/schema-one-scenario.js';
import { createMemoryStore } from '../memory/create-memory-store.js';
import { describeStoreContract } from '../store-contract.js';
import { createSqliteStore } from './create-sqlite-store.js';
import { migrateSqlite, SQLITE_SCHEMA_VERSION } from './sqlite-migrations.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'callboard-sqlite-'));
let n = 0;
const nextPath = () => path.join(dir, `store-${++n}.db`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeStoreContract('sqlite store', ({ generateCallId }) => createSqliteStore({ path: nextPath(), generateCallId }));

describe('sqlite store specifics', () => {
  const event = (i: number): CallEvent => statusEvent(`CA${i}`, 'ringing', new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString());

  it('commits appends that arrive together in one transaction (group commit)', async () => {
    const batches: BatchInfo[] = [];
    const store = createSqliteStore({ path: nextPath(), onBatch: (info) => batches.push(info) });
    await store.init();
    const outcomes = await Promise.all(Array.from({ length: 50 }, (_, i) => store.append([event(i)])));
    expect(outcomes.flat().every((outcome) => outcome.status === 'stored')).toBe(true);
    expect(batches).toEqual([expect.objectContaining({ appends: 50, events: 50 })]);
    await store.close();
  });

  it('keeps everything across close and reopen, and init is idempotent', async () => {
    const file = nextPath();
    const first = createSqliteStore({ path: file });
    await first.init();
    await first.append([event(1), event(2)]);
    await first.close();
    const second = createSqliteStore({ path: file });
    await second.init();
    await second.init();
    expect(await second.lastSeq()).toBe(2);
    expect((await second.listCalls({})).total).toBe(2);
    const [next] = await second.append([event(3)]);
    expect(next).toMatchObject({ status: 'stored', stored: { seq: 3 } });
    await second.close();
  });

  it('imports calls in bulk with search and rollups, skipping ones it has', async () => {
    const source = createSqliteStore({ path: nextPath() });
    await source.init();
    await source.append([statusEvent('CA1', 'completed', '2026-01-01T10:00:00Z', { durationSec: 12, from: '+15551234' }), event(2)]);
    const calls = (await source.listCalls({})).calls;
    await source.close();
    const target = createSqliteStore({ path: nextPath() });
    await target.init();
    expect(await target.importCalls(calls)).toBe(2);
    expect(await target.importCalls(calls)).toBe(0);
    expect((await target.listCalls({ q: '5551234' })).total).toBe(1);
    expect((await target.stats()).byStatus.completed).toBe(1);
    expect((await target.analytics({ from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' })).totals).toMatchObject({ calls: 2, answered: 1 });
    await target.close();
  });

  it('counts rollup changes while they are pending, folds them after enough commits, and folds what a stopped process left', async () => {
    const file = nextPath();
    const pendingRows = (db: Database.Database) =>
      ['call_counts_pending', 'call_series_pending', 'call_details_pending'].map((table) => Number((db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n));
    const history = Array.from({ length: 12 }, (_, i) =>
      statusEvent(`CA${i}`, i % 3 === 0 ? 'no-answer' : 'completed', new Date(Date.UTC(2026, 0, 1, 9, 10 * i)).toISOString(), { durationSec: 20 + 7 * i }),
    );
    const window = { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' };
    const answers = async (store: Pick<CallStore, 'stats' | 'analytics'>) => ({ stats: await store.stats(), analytics: await store.analytics(window) });
    const memory = createMemoryStore();
    for (const event of history) await memory.append([event]);
    const expected = await answers(memory);

    const store = createSqliteStore({ path: file, rollupFold: { batches: 5, ms: 60_000 } });
    await store.init();
    const raw = new Database(file, { readonly: true });
    for (const event of history.slice(0, 4)) await store.append([event]);
    // Four commits, under the five that fold: everything is pending, and every read counts it.
    expect(pendingRows(raw).every((rows) => rows > 0)).toBe(true);
    expect(Number((raw.prepare('SELECT count(*) AS n FROM call_counts').get() as { n: number }).n)).toBe(0);
    for (const event of history.slice(4, 7)) await store.append([event]);
    // The fifth commit folded its rows and those before it; the sixth and seventh are pending again.
    await vi.waitFor(() => expect(Number((raw.prepare('SELECT count(*) AS n FROM call_counts').get() as { n: number }).n)).toBeGreaterThan(0));
    expect(pendingRows(raw).every((rows) => rows > 0)).toBe(true);
    for (const event of history.slice(7)) await store.append([event]);
    expect(await answers(store)).toEqual(expected);

    // A consistent copy of the file as it is now, with rows pending, is what a process that
    // stopped without closing leaves behind: opening it folds them, and the answers stay the same.
    const copy = nextPath();
    raw.exec(`VACUUM INTO '${copy}'`);
    raw.close();
    await store.close();
    const reopened = createSqliteStore({ path: copy });
    await reopened.init();
    const copied = new Database(copy, { readonly: true });
    expect(pendingRows(copied)).toEqual([0, 0, 0]);
    copied.close();
    expect(await answers(reopened)).toEqual(expected);
    await reopened.close();
  });

  it('closes when its last fold cannot take the write lock, and folds the rows it left on the next start', async () => {
    const file = nextPath();
    const store = createSqliteStore({ path: file, busyTimeoutMs: 50, rollupFold: { batches: 1000, ms: 60_000 } });
    await store.init();
    await store.append([statusEvent('CA-lock', 'completed', '2026-01-01T09:00:00Z', { durationSec: 42 })]);
    const blocker = new Database(file);
    blocker.exec('BEGIN IMMEDIATE');
    await store.close();
    blocker.exec('ROLLBACK');
    const pending = Number((blocker.prepare('SELECT count(*) AS n FROM call_counts_pending').get() as { n: number }).n);
    expect(pending).toBeGreaterThan(0);
    const reopened = createSqliteStore({ path: file });
    await reopened.init();
    expect(Number((blocker.prepare('SELECT count(*) AS n FROM call_counts_pending').get() as { n: number }).n)).toBe(0);
    blocker.close();
    expect((await reopened.stats()).byStatus.completed).toBe(1);
    await reopened.close();
  });

  it('prunes in steps of pruneChunk rows, each its own transaction, with appends going between them', async () => {
    const store = createSqliteStore({ path: nextPath(), pruneChunk: 2 });
    await store.init();
    // The append was queued behind the first step only, so it committed before the last one.
    expect(await pruneStepsScenario(store)).toEqual(['appended', 'pruned']);
    expect(() => createSqliteStore({ path: nextPath(), pruneChunk: 0 })).toThrow(/pruneChunk/);
    await store.close();

    // An abort stops the prune before its next step; what was dropped stays dropped.
    const stopped = createSqliteStore({ path: nextPath(), pruneChunk: 2 });
    await stopped.init();
    for (let i = 0; i < 5; i++) await stopped.append([event(i)]);
    const controller = new AbortController();
    const pruning = stopped.pruneEvents(new Date('2026-02-01T00:00:00Z'), { signal: controller.signal });
    controller.abort(); // the first step is already under way
    expect(await pruning).toBe(2);
    expect(await stopped.firstRetainedSeq()).toBe(3);
    expect(await stopped.pruneEvents(new Date('2026-02-01T00:00:00Z'), { signal: AbortSignal.abort() })).toBe(0);
    expect(await stopped.pruneEvents(new Date('2026-02-01T00:00:00Z'))).toBe(3);
    await stopped.close();
  });

  it('deletes old calls in steps of a tenth of pruneChunk, each its own transaction', async () => {
    const store = createSqliteStore({ path: nextPath(), pruneChunk: 20 });
    await store.init();
    await pruneCallsStepsScenario(store);
    await store.close();
  });

  it('reclaims the search index once the calls deleted by retention reach a tenth of those left', async () => {
    const file = nextPath();
    const store = createSqliteStore({ path: file });
    await store.init();
    const day = (d: number) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString();
    for (let i = 0; i < 40; i++) {
      await store.append([statusEvent(`CA${i}`, 'ringing', day(i)), transcriptEvent(`CA${i}`, 's1', `refund request number ${i}`, day(i))]);
    }
    const read = <T>(sql: string): T => {
      const db = new Database(file, { readonly: true });
      try {
        return db.prepare(sql).pluck().get() as T;
      } finally {
        db.close();
      }
    };
    const indexBytes = () => read<number>('SELECT sum(length(block)) FROM call_search_data');
    const pending = () => read<number>("SELECT value FROM store_meta WHERE name = 'search_deleted'");
    // 3 deleted of the 37 left: under a tenth, so their entries wait as tombstones.
    expect(await store.pruneCalls(new Date(day(3)))).toBe(3);
    expect(pending()).toBe(3);
    const withTombstones = indexBytes();
    // 13 of 27: the index is merged into one segment without them, and the count starts over.
    expect(await store.pruneCalls(new Date(day(13)))).toBe(10);
    expect(pending()).toBe(0);
    expect(indexBytes()).toBeLessThan(withTombstones * 0.8);
    expect((await store.listCalls({ q: 'refund' })).total).toBe(27);
    expect((await store.listCalls({ q: 'number 25' })).calls.map((call) => call.providerCallId)).toEqual(['CA25']);
    expect((await store.listCalls({ q: 'number 5' })).total).toBe(0);
    await store.close();
  });

  it('migrates a schema-1 database: dedupe keys move under their calls, deleted calls get tombstones, ids leave the search index', async () => {
    const file = nextPath();
    const store = createSqliteStore({ path: file });
    await store.init();
    await writeSchemaOneHistory(store);
    await store.close();
    // Put the file back into schema 1 (the only tables migrations 2 and 3 change).
    const db = new Database(file);
    db.exec(`
      CREATE TABLE event_keys_v1 (
        provider TEXT NOT NULL, event_key TEXT NOT NULL, call_id TEXT NOT NULL, received_ms INTEGER NOT NULL,
        PRIMARY KEY (provider, event_key)
      ) WITHOUT ROWID;
      INSERT INTO event_keys_v1 SELECT provider, event_key, call_id, received_ms FROM event_keys;
      DROP TABLE event_keys;
      ALTER TABLE event_keys_v1 RENAME TO event_keys;
      CREATE INDEX event_keys_received ON event_keys (received_ms);
      DROP TABLE deleted_calls;
      INSERT INTO call_search (call_search) VALUES ('delete-all');
      INSERT INTO call_search (rowid, text) SELECT rid, lower(id || char(10) || provider_call_id || char(10) || from_number || char(10) || to_number) FROM calls;
      DELETE FROM schema_migrations WHERE version IN (2, 3);
    `);
    db.close();
    const migrated = createSqliteStore({ path: file });
    await migrated.init();
    await expectSchemaOneMigrated(migrated);
    await migrated.close();
  });

  it('migrates with temporary data in files and gives the connection its temp_store back', () => {
    const db = new Database(nextPath());
    db.pragma('temp_store = MEMORY');
    const seen: number[] = [];
    const exec = db.exec.bind(db);
    db.exec = (sql: string) => {
      if (sql === 'BEGIN IMMEDIATE') seen.push(Number(db.pragma('temp_store', { simple: true })));
      return exec(sql);
    };
    migrateSqlite(db);
    expect(seen).toEqual(Array.from({ length: SQLITE_SCHEMA_VERSION }, () => 1));
    expect(db.pragma('temp_store', { simple: true })).toBe(2);
    // Version 5: deleted search entries wait for the segment's next merge (see the migration).
    expect(db.prepare("SELECT v FROM call_search_config WHERE k = 'deletemerge'").get()).toEqual({ v: 0 });
    db.close();
  });
});

