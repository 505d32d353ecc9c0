import type { BatchPlan, CallChange } from '../append/append-backend.js';
import { callFacts } from '../calls/call-facts.js';
import { CALL_COLUMNS, callRow } from '../calls/call-row.js';
import { addToRollupDelta, emptyRollupDelta, sameRollupFacts } from '../rollup/rollup-delta.js';
import { eachChunk, runChunked, type SqlDialect, type SqlExecutor } from './sql-executor.js';
import { writePendingRollupDelta, writeRollupDelta } from './write-rollup-delta.js';

/**
 * Writes one append batch inside its transaction: event rows, dedupe keys, deleted calls'
 * tombstones, the search index,
 * call rows (upserted with `version = seq`, or deleted), the deleted calls' older events, and
 * the rollups (each changed call's old contribution subtracted, its new one added; as pending rows
 * when the dialect has `pendingRollups`).
 */
export async function writeBatchPlan(exec: SqlExecutor, dialect: SqlDialect, plan: BatchPlan): Promise<void> {
  await runChunked(exec, plan.events, (values) => `INSERT INTO events (seq, call_id, received_ms, body) VALUES ${values}`, '(?, ?, ?, ?)', (stored) => [
    stored.seq,
    stored.callId,
    Date.parse(stored.event.receivedAt),
    JSON.stringify(stored.event),
  ]);
  await runChunked(exec, plan.keys, (values) => `INSERT INTO event_keys (call_id, provider, event_key, received_ms) VALUES ${values}`, '(?, ?, ?, ?)', (key) => [
    key.callId,
    key.provider,
    key.key,
    key.receivedMs,
  ]);
  await runChunked(
    exec,
    plan.tombstones,
    (values) => `INSERT INTO deleted_calls (provider, provider_call_id, call_id, deleted_ms) VALUES ${values} ON CONFLICT DO NOTHING`,
    '(?, ?, ?, ?)',
    (tombstone) => [tombstone.provider, tombstone.providerCallId, tombstone.callId, tombstone.deletedMs],
  );
  // Search rows of existing calls change while their rows (and rowids) are still there; deleted
  // calls go before the upserts, so a provider call deleted and created again in one batch does
  // not meet its old row; new calls' search rows follow their rows.
  const existing = new Map([...plan.calls].filter(([, change]) => change.before !== undefined));
  const created = new Map([...plan.calls].filter(([, change]) => change.before === undefined));
  if (existing.size > 0) await dialect.syncSearch?.(exec, existing);
  for (const [id, seq] of plan.deletions) {
    await exec.run('DELETE FROM calls WHERE id = ?', [id]);
    await exec.run('DELETE FROM events WHERE call_id = ? AND seq < ?', [id, seq]);
  }
  const upserts = [...plan.calls.values()].flatMap((change) => (change.after ? [change.after] : []));
  // The row ids of the calls written, for a search index keyed by them.
  const rids = new Map<string, number>();
  if (upserts.length > 0) {
    const extra = Object.keys(dialect.extraCallColumns(upserts[0]!));
    const columns = [...CALL_COLUMNS, ...extra];
    const rowSql = `(${columns.map(() => '?').join(', ')})`;
    await eachChunk(upserts, 50, async (chunk) => {
      const sql = `INSERT INTO calls (${columns.join(', ')}) VALUES ${chunk.map(() => rowSql).join(', ')}
         ON CONFLICT (id) DO UPDATE SET ${columns.filter((c) => c !== 'id').map((c) => `${c} = excluded.${c}`).join(', ')}`;
      const params = chunk.flatMap((call) => {
        const row = callRow(call);
        const extraValues = dialect.extraCallColumns(call);
        return [...CALL_COLUMNS.map((column) => row[column]), ...extra.map((column) => extraValues[column])];
      });
      if (!dialect.syncSearch) await exec.run(sql, params);
      else for (const row of await exec.all(`${sql} RETURNING id, rid`, params)) rids.set(String(row.id), Number(row.rid));
    });
  }
  if (created.size > 0) await dialect.syncSearch?.(exec, created, rids);
  await writeCallRollups(exec, dialect, plan.calls.values());
}

/**
 * Updates the rollups for changed calls: each call's old contribution subtracted, its new one
 * added (as pending rows when the dialect has `pendingRollups`); a deleted call only subtracts.
 */
export async function writeCallRollups(exec: SqlExecutor, dialect: SqlDialect, changes: Iterable<CallChange>): Promise<void> {
  const delta = emptyRollupDelta();
  for (const change of changes) {
    const before = change.before && callFacts(change.before);
    const after = change.after && callFacts(change.after);
    if (before && after && sameRollupFacts(before, after)) continue;
    if (before) addToRollupDelta(delta, before, -1);
    if (after) addToRollupDelta(delta, after, 1);
  }
  await (dialect.pendingRollups ? writePendingRollupDelta(exec, delta) : writeRollupDelta(exec, delta));
}
