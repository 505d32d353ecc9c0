import type { CallEvent } from '@callboard/core';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { AppendBackend } from '../append/append-backend.js';
import { appendBatch } from '../append/append-batch.js';
import { statusEvent } from '../contract/contract-events.js';
import type { SqlExecutor } from '../sql/sql-executor.js';
import { createSqliteExecutor } from './create-sqlite-executor.js';
import { createSqliteAppendBackend } from './open-sqlite-writer.js';
import { migrateSqlite } from './sqlite-migrations.js';

/** An in-memory database with the writer's append backend, counting the statements each batch runs by their first word. */
function countingBackend(): { backend: AppendBackend; statements: Map<string, number> } {
  const db = new Database(':memory:');
  migrateSqlite(db);
  const inner = createSqliteExecutor(db);
  const statements = new Map<string, number>();
  const count = (sql: string) => {
    const verb = sql.trim().split(/\s+/)[0]!.toUpperCase();
    statements.set(verb, (statements.get(verb) ?? 0) + 1);
  };
  const exec: SqlExecutor = {
    all: (sql, params) => (count(sql), inner.all(sql, params)),
    run: (sql, params) => (count(sql), inner.run(sql, params)),
  };
  return { backend: createSqliteAppendBackend(db, exec), statements };
}

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 9, minute)).toISOString();
let ids = 0;
const generateCallId = () => `call_${String(++ids).padStart(6, '0')}`;

describe('a SQLite append batch', () => {
  it.each([5, 50])('runs the same statements for %i new calls as for any other number up to 50', async (size) => {
    const { backend, statements } = countingBackend();
    const events = Array.from({ length: size }, (_, i): CallEvent[] => [statusEvent(`CA${size}-${i}`, 'completed', at(i), { durationSec: 30 + i, from: `+1555000${i}` })]);
    const results = await appendBatch(backend, events, { generateCallId });
    expect(results.every((result) => 'outcomes' in result && result.outcomes[0]?.status === 'stored')).toBe(true);
    // Provider calls and tombstones looked up once; seqs taken once; events, keys, calls (in
    // statements of up to 50 rows), search rows and the three pending rollup tables written once each.
    expect(Object.fromEntries(statements)).toEqual({ SELECT: 2, UPDATE: 1, INSERT: 7 });
  });

  it('updates existing calls and finds duplicates, among stored keys and in the batch, with one lookup of each kind', async () => {
    const { backend, statements } = countingBackend();
    const first = Array.from({ length: 10 }, (_, i) => statusEvent(`CA-dup-${i}`, 'ringing', at(i)));
    const created = await appendBatch(backend, first.map((event) => [event]), { generateCallId });
    const idOf = (result: (typeof created)[number]) => ('outcomes' in result && result.outcomes[0]?.status === 'stored' ? result.outcomes[0].stored.callId : undefined);
    statements.clear();
    const retries = first.slice(0, 4);
    const fresh = Array.from({ length: 10 }, (_, i) => statusEvent(`CA-dup-${i}`, 'in-progress', at(i + 1)));
    const results = await appendBatch(backend, [...retries, ...fresh, fresh[0]!].map((event) => [event]), { generateCallId });
    const statuses = results.map((result) => ('outcomes' in result ? result.outcomes[0]?.status : 'error'));
    expect(statuses).toEqual([...retries.map(() => 'duplicate'), ...fresh.map(() => 'stored'), 'duplicate']);
    // Each update went to its call, as loaded up front.
    const updated = results.slice(retries.length, retries.length + fresh.length);
    expect(updated.map((result) => ('outcomes' in result && result.outcomes[0]?.status === 'stored' ? [result.outcomes[0].stored.callId, result.outcomes[0].call?.status] : []))).toEqual(
      created.map((result) => [idOf(result), 'in-progress']),
    );
    // The provider calls, their tombstones, their calls' rows and every key: one statement each.
    expect(statements.get('SELECT')).toBe(4);
  });
});
