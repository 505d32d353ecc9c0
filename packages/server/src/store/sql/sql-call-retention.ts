import type { Call } from '@callboard/core';
import type { CallChange } from '../append/append-backend.js';
import { PRUNE_CHUNK } from './sql-event-log.js';
import { eachChunk, placeholders, type SqlDialect, type SqlExecutor } from './sql-executor.js';
import { writeCallRollups } from './write-batch-plan.js';

/** Call ids per `IN (...)` delete. */
const ID_CHUNK = 500;

/** About how many rows a call takes with it: its row, its events, their dedupe keys, its search entry. */
const ROWS_PER_CALL = 10;

/**
 * Calls per step of {@link pruneSqlCalls} for a store's `pruneChunk` (rows per table and step):
 * a tenth of it, at least one, so a step of call retention holds the writer about as long as one
 * of event pruning (500 calls, about 50-100 ms on SQLite, by default).
 */
export function callsPerPruneStep(pruneChunk: number): number {
  return Math.max(1, Math.floor(pruneChunk / ROWS_PER_CALL));
}

/**
 * One step of call retention, in the caller's transaction: deletes at most `limit` calls that
 * started before `cutoffMs`, oldest first (read through the start-time index, and locked where the
 * dialect locks rows), with their events, dedupe keys and search rows, and takes them out of the
 * rollups, so analytics and stats keep agreeing with the call log. Unlike `deleteCall` it appends
 * no `call.deleted` event and leaves no tombstone: these calls are long over, and a thousand
 * deletions must not flood the log or the dashboards. `more` says whether another step may find
 * more; the caller runs it in another transaction, so appends wait for one step at most.
 */
export async function pruneSqlCalls(exec: SqlExecutor, dialect: SqlDialect, cutoffMs: number, limit = callsPerPruneStep(PRUNE_CHUNK)): Promise<{ dropped: number; more: boolean }> {
  const rows = await exec.all(`SELECT id, body FROM calls WHERE start_ms < ? ORDER BY start_ms, id LIMIT ?${dialect.lockRow}`, [cutoffMs, limit]);
  const changes = new Map<string, CallChange>();
  for (const row of rows) changes.set(String(row.id), { before: JSON.parse(String(row.body)) as Call, after: undefined });
  if (changes.size === 0) return { dropped: 0, more: false };
  // Search rows are keyed by the calls' row ids, so they go while the rows are still there.
  await dialect.syncSearch?.(exec, changes);
  await eachChunk([...changes.keys()], ID_CHUNK, async (ids) => {
    const list = placeholders(ids.length);
    await exec.run(`DELETE FROM events WHERE call_id IN (${list})`, ids);
    await exec.run(`DELETE FROM event_keys WHERE call_id IN (${list})`, ids);
    await exec.run(`DELETE FROM calls WHERE id IN (${list})`, ids);
  });
  await writeCallRollups(exec, dialect, changes.values());
  return { dropped: changes.size, more: rows.length === limit };
}
