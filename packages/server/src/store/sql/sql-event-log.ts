import { CallboardError } from '@callboard/core';
import type { SqlExecutor } from './sql-executor.js';

/** The highest seq handed out (committed), 0 when none. */
export async function readLastSeq(exec: SqlExecutor): Promise<number> {
  const [row] = await exec.all("SELECT value FROM store_meta WHERE name = 'last_seq'");
  return Number(row?.value ?? 0);
}

/** The lowest seq that can still be replayed. */
export async function readFirstRetainedSeq(exec: SqlExecutor): Promise<number> {
  const [row] = await exec.all("SELECT value FROM store_meta WHERE name = 'retained_from'");
  return Number(row?.value ?? 1);
}

/** Rows of each table one pruning transaction deletes at most, by default. */
export const PRUNE_CHUNK = 5_000;

/** A store's `pruneChunk` option, checked: a whole number of rows, at least one. */
export function pruneChunkOption(value: number | undefined): number {
  if (value === undefined) return PRUNE_CHUNK;
  if (!Number.isInteger(value) || value < 1) {
    throw new CallboardError({ code: 'INVALID_ARGUMENT', message: `pruneChunk must be a whole number of rows, at least 1 (got ${value})`, details: { field: 'pruneChunk' } });
  }
  return value;
}

/**
 * One step of pruning, in the caller's transaction: drops at most `limit` events of the log's
 * prefix received before `cutoffMs` (the retained events are always one contiguous tail), and at
 * most `limit` of the dedupe keys received (and of the deleted calls' tombstones left) before it.
 * `more` says whether anything may be left to drop: the caller runs another step, in another
 * transaction, so appends wait for one step at most rather than for the whole prune.
 * Finding the prefix walks the seq index from the start, so a step's cost grows with `limit`,
 * not with the log.
 */
export async function pruneSqlEvents(exec: SqlExecutor, cutoffMs: number, limit = PRUNE_CHUNK): Promise<{ dropped: number; more: boolean }> {
  // One statement, so one snapshot even where each statement gets its own (Postgres READ
  // COMMITTED): an event another node commits meanwhile has a higher seq than any read here.
  const [head] = await exec.all(
    `SELECT count(*) AS n, max(seq) AS last, min(CASE WHEN received_ms >= ? THEN seq END) AS keep,
            (SELECT value FROM store_meta WHERE name = 'last_seq') AS last_seq
       FROM (SELECT seq, received_ms FROM events ORDER BY seq LIMIT ?) AS head`,
    [cutoffMs, limit + 1],
  );
  const scanned = Number(head?.n ?? 0);
  // The first event to keep: the first of the head received at or after the cutoff; if none is,
  // the head is all old: the whole log when it is all of it, else all but its last row.
  const keepFrom = head?.keep != null ? Number(head.keep) : scanned > limit ? Number(head!.last) : Number(head?.last_seq ?? 0) + 1;
  const dropped = await exec.run('DELETE FROM events WHERE seq < ?', [keepFrom]);
  const keys = await exec.run(
    `DELETE FROM event_keys WHERE (call_id, provider, event_key) IN
       (SELECT call_id, provider, event_key FROM event_keys WHERE received_ms < ? ORDER BY received_ms LIMIT ?)`,
    [cutoffMs, limit],
  );
  // A deleted call's keys were all received before its deletion, so they go no later than it.
  const tombstones = await exec.run(
    `DELETE FROM deleted_calls WHERE (provider, provider_call_id, call_id) IN
       (SELECT provider, provider_call_id, call_id FROM deleted_calls WHERE deleted_ms < ? LIMIT ?)`,
    [cutoffMs, limit],
  );
  if (dropped > 0 || head?.keep == null) {
    await exec.run("UPDATE store_meta SET value = ? WHERE name = 'retained_from' AND value < ?", [keepFrom, keepFrom]);
  }
  return { dropped, more: (head?.keep == null && scanned > limit) || keys === limit || tombstones === limit };
}

/**
 * Prunes in steps of at most `limit` rows per table (see {@link pruneSqlEvents}), each step in its
 * own transaction run by `step`, until nothing is left or `signal` is aborted (checked before
 * each step). Resolves to the number of events dropped.
 */
export async function pruneInSteps(step: () => Promise<{ dropped: number; more: boolean }>, signal?: AbortSignal): Promise<number> {
  let dropped = 0;
  while (!signal?.aborted) {
    const result = await step();
    dropped += result.dropped;
    if (!result.more) break;
  }
  return dropped;
}
