import type Database from 'better-sqlite3';

/** Search-index pages one compaction step writes at most (FTS5 pages of about 4 KB). */
export const SEARCH_COMPACTION_PAGES = 200;

/**
 * Compact once the calls deleted since the last compaction reach this share of the calls left:
 * FTS5's own `deletemerge` threshold (10 %), which migration 5 turned off for the append path.
 */
const COMPACT_AT_SHARE = 0.1;

/**
 * Records, in the deleting transaction, that `count` calls left the search index (as tombstones:
 * see migration 5), for {@link compactSqliteSearchStep} to decide when to reclaim them.
 */
export function countSearchDeletions(db: Database.Database, count: number): void {
  db.prepare("INSERT INTO store_meta (name, value) VALUES ('search_deleted', ?) ON CONFLICT (name) DO UPDATE SET value = value + excluded.value").run(count);
}

/**
 * One step of reclaiming the search index's deleted entries, in the caller's transaction. Does
 * nothing until the calls deleted since the last compaction reach a tenth of the calls left;
 * then merges the index's segments into one, dropping deleted entries, `pages` pages per step
 * (FTS5's incremental optimize: a `merge` with a negative page count), until a step finds nothing
 * left to do, which resets the count. `more` says whether another step has work.
 */
export function compactSqliteSearchStep(db: Database.Database, pages = SEARCH_COMPACTION_PAGES): { dropped: number; more: boolean } {
  const deleted = Number((db.prepare("SELECT value FROM store_meta WHERE name = 'search_deleted'").get() as { value: number } | undefined)?.value ?? 0);
  if (deleted === 0) return { dropped: 0, more: false };
  // The calls left, estimated from their row ids in two index lookups (a count would read a whole
  // index on every step): retention deletes the oldest calls, so the ids left are nearly contiguous.
  const calls = Number(db.prepare('SELECT coalesce(max(rid) - min(rid) + 1, 0) FROM calls').pluck().get());
  if (deleted < COMPACT_AT_SHARE * calls) return { dropped: 0, more: false };
  const totalChanges = db.prepare('SELECT total_changes()').pluck();
  const start = Number(totalChanges.get());
  db.prepare("INSERT INTO call_search (call_search, rank) VALUES ('merge', ?)").run(-pages);
  // The merge command writes rows of the index's tables as it works; fewer than two: it had none.
  const more = Number(totalChanges.get()) - start >= 2;
  if (!more) db.prepare("UPDATE store_meta SET value = 0 WHERE name = 'search_deleted'").run();
  return { dropped: 0, more };
}
