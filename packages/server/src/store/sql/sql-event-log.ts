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

/**
 * Drops the prefix of the log before the first event received at or after `cutoffMs`, so the
 * retained events are always one contiguous tail, and the dedupe keys received (and the deleted
 * calls' tombstones left) before the cutoff.
 * Finding the prefix walks the seq index from the start, so its cost grows with what is dropped,
 * not with the log. Run inside a transaction. Resolves to the number of events dropped.
 */
export async function pruneSqlEvents(exec: SqlExecutor, cutoffMs: number): Promise<number> {
  const [first] = await exec.all('SELECT seq FROM events WHERE received_ms >= ? ORDER BY seq LIMIT 1', [cutoffMs]);
  const keepFrom = first ? Number(first.seq) : (await readLastSeq(exec)) + 1;
  const dropped = await exec.run('DELETE FROM events WHERE seq < ?', [keepFrom]);
  await exec.run('DELETE FROM event_keys WHERE received_ms < ?', [cutoffMs]);
  // A deleted call's keys were all received before its deletion, so they are gone by now too.
  await exec.run('DELETE FROM deleted_calls WHERE deleted_ms < ?', [cutoffMs]);
  if (dropped > 0 || !first) {
    await exec.run("UPDATE store_meta SET value = ? WHERE name = 'retained_from' AND value < ?", [keepFrom, keepFrom]);
  }
  return dropped;
}
