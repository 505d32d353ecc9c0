import type Database from 'better-sqlite3';
import type { Call } from '@callboard/core';
import { callSearchText } from '../calls/call-search.js';

/**
 * The SQLite schema, as numbered migrations: SQL, then (for data SQL cannot compute as the code
 * does) a step in code. Applied in order inside one IMMEDIATE transaction each;
 * `schema_migrations` records what is applied, so `init()` is idempotent and safe when two
 * processes open the same file.
 */
export const SQLITE_MIGRATIONS: ReadonlyArray<{ version: number; sql: string; run?: (db: Database.Database) => void }> = [
  {
    version: 1,
    sql: `
      CREATE TABLE store_meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
      INSERT INTO store_meta (name, value) VALUES ('last_seq', 0), ('retained_from', 1);

      CREATE TABLE calls (
        rid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        provider TEXT NOT NULL,
        provider_call_id TEXT NOT NULL,
        direction TEXT NOT NULL,
        status TEXT NOT NULL,
        language TEXT NOT NULL,
        hangup_cause TEXT NOT NULL,
        from_number TEXT NOT NULL,
        to_number TEXT NOT NULL,
        start_ms INTEGER NOT NULL,
        duration_key REAL NOT NULL,
        answered_duration REAL,
        active INTEGER NOT NULL,
        answered INTEGER NOT NULL,
        finished INTEGER NOT NULL,
        version INTEGER NOT NULL,
        body TEXT NOT NULL
      );
      CREATE UNIQUE INDEX calls_provider_call ON calls (provider_call_id, provider);
      CREATE INDEX calls_start ON calls (start_ms, id);
      CREATE INDEX calls_status_start ON calls (status, start_ms, id);
      CREATE INDEX calls_duration ON calls (duration_key, id);
      CREATE INDEX calls_active ON calls (start_ms, id) WHERE active = 1;

      -- Trigram index over ids, numbers and transcript text (lower-cased), keyed by calls.rid.
      CREATE VIRTUAL TABLE call_search USING fts5 (text, tokenize = 'trigram', content = '', contentless_delete = 1);

      CREATE TABLE events (seq INTEGER PRIMARY KEY, call_id TEXT NOT NULL, received_ms INTEGER NOT NULL, body TEXT NOT NULL);
      CREATE INDEX events_call ON events (call_id, seq);

      CREATE TABLE event_keys (
        provider TEXT NOT NULL, event_key TEXT NOT NULL, call_id TEXT NOT NULL, received_ms INTEGER NOT NULL,
        PRIMARY KEY (provider, event_key)
      ) WITHOUT ROWID;
      CREATE INDEX event_keys_received ON event_keys (received_ms);

      CREATE TABLE call_counts (
        grain TEXT NOT NULL, bucket INTEGER NOT NULL, status TEXT NOT NULL, direction TEXT NOT NULL, provider TEXT NOT NULL, language TEXT NOT NULL,
        calls INTEGER NOT NULL, answered INTEGER NOT NULL, duration_sum REAL NOT NULL, duration_count INTEGER NOT NULL,
        PRIMARY KEY (grain, bucket, status, direction, provider, language)
      ) WITHOUT ROWID;

      CREATE TABLE call_series (
        direction TEXT NOT NULL, provider TEXT NOT NULL, bucket INTEGER NOT NULL,
        calls INTEGER NOT NULL, answered INTEGER NOT NULL, failed INTEGER NOT NULL, duration_sum REAL NOT NULL, duration_count INTEGER NOT NULL,
        PRIMARY KEY (direction, provider, bucket)
      ) WITHOUT ROWID;

      CREATE TABLE call_details (
        grain TEXT NOT NULL, direction TEXT NOT NULL, provider TEXT NOT NULL, bucket INTEGER NOT NULL, body TEXT NOT NULL,
        PRIMARY KEY (grain, direction, provider, bucket)
      ) WITHOUT ROWID;
    `,
  },
  {
    // Dedupe keys by call: new calls' ids sort by time, so their keys are appended to the end of
    // the index instead of written all over it (the random CallSids in provider keys did that).
    // Deleted calls leave a tombstone, which their providers' retries are checked against; the
    // deletions still in the log rebuild those of calls deleted before this migration.
    version: 2,
    sql: `
      CREATE TABLE event_keys_by_call (
        call_id TEXT NOT NULL, provider TEXT NOT NULL, event_key TEXT NOT NULL, received_ms INTEGER NOT NULL,
        PRIMARY KEY (call_id, provider, event_key)
      ) WITHOUT ROWID;
      INSERT INTO event_keys_by_call (call_id, provider, event_key, received_ms)
        SELECT call_id, provider, event_key, received_ms FROM event_keys ORDER BY call_id, provider, event_key;
      DROP TABLE event_keys;
      ALTER TABLE event_keys_by_call RENAME TO event_keys;
      CREATE INDEX event_keys_received ON event_keys (received_ms);

      CREATE TABLE deleted_calls (
        provider TEXT NOT NULL, provider_call_id TEXT NOT NULL, call_id TEXT NOT NULL, deleted_ms INTEGER NOT NULL,
        PRIMARY KEY (provider, provider_call_id, call_id)
      ) WITHOUT ROWID;
      INSERT OR IGNORE INTO deleted_calls (provider, provider_call_id, call_id, deleted_ms)
        SELECT json_extract(body, '$.provider'), json_extract(body, '$.providerCallId'), call_id, received_ms
        FROM events WHERE json_extract(body, '$.type') = 'call.deleted';
    `,
  },
  {
    // The search index keeps numbers and transcripts only; ids are matched by prefix instead.
    version: 3,
    sql: "INSERT INTO call_search (call_search) VALUES ('delete-all');",
    run: (db) => {
      const page = db.prepare('SELECT rid, body FROM calls WHERE rid > ? ORDER BY rid LIMIT 1000');
      const insert = db.prepare('INSERT INTO call_search (rowid, text) VALUES (?, ?)');
      let after = 0;
      for (;;) {
        const rows = page.all(after) as Array<{ rid: number; body: string }>;
        if (rows.length === 0) return;
        for (const row of rows) insert.run(row.rid, callSearchText(JSON.parse(row.body) as Call));
        after = rows[rows.length - 1]!.rid;
      }
    },
  },
  {
    // Rollup changes waiting to be folded into the rollups (see `foldPendingRollups`): each append
    // adds its own rows here, at the end of these tables, instead of rewriting the hot rollup rows;
    // readers add them to the rollups in the same statement.
    version: 4,
    sql: `
      CREATE TABLE call_counts_pending (
        grain TEXT NOT NULL, bucket INTEGER NOT NULL, status TEXT NOT NULL, direction TEXT NOT NULL, provider TEXT NOT NULL, language TEXT NOT NULL,
        calls INTEGER NOT NULL, answered INTEGER NOT NULL, duration_sum REAL NOT NULL, duration_count INTEGER NOT NULL
      );
      CREATE TABLE call_series_pending (
        direction TEXT NOT NULL, provider TEXT NOT NULL, bucket INTEGER NOT NULL,
        calls INTEGER NOT NULL, answered INTEGER NOT NULL, failed INTEGER NOT NULL, duration_sum REAL NOT NULL, duration_count INTEGER NOT NULL
      );
      CREATE TABLE call_details_pending (grain TEXT NOT NULL, direction TEXT NOT NULL, provider TEXT NOT NULL, bucket INTEGER NOT NULL, body TEXT NOT NULL);
    `,
  },
  {
    // Deleted search entries stay as tombstones until their segment is merged anyway, instead of
    // the search index rewriting a segment as soon as a tenth of it is deleted (FTS5's default
    // 'deletemerge' of 10 %). Call retention deletes the oldest calls, whose entries sit in the
    // largest segment: with the default, a step deleting 500 calls of 20,000 held the writer for
    // up to 640 ms while the segment was rewritten; with this, 100 ms. Searches skip the
    // tombstones meanwhile, until call retention has deleted a tenth of the calls left and
    // compacts the index in short steps of its own (see `compactSqliteSearchStep`).
    version: 5,
    sql: "INSERT INTO call_search (call_search, rank) VALUES ('deletemerge', 0);",
  },
];

/** The highest schema version this code knows (part of the bench cache key). */
export const SQLITE_SCHEMA_VERSION = SQLITE_MIGRATIONS[SQLITE_MIGRATIONS.length - 1]!.version;

/**
 * Applies every migration the database does not have yet. Temporary data goes to files while they
 * run, whatever the connection's `temp_store`: rebuilding a table or an index of a large log sorts
 * all its rows, which must not have to fit in memory.
 */
export function migrateSqlite(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const tempStore = Number(db.pragma('temp_store', { simple: true }));
  db.pragma('temp_store = FILE');
  try {
    for (const migration of SQLITE_MIGRATIONS) {
      db.exec('BEGIN IMMEDIATE');
      try {
        const applied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(migration.version);
        if (!applied) {
          db.exec(migration.sql);
          migration.run?.(db);
          db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(migration.version, new Date().toISOString());
        }
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    }
  } finally {
    db.pragma(`temp_store = ${tempStore}`);
  }
}
