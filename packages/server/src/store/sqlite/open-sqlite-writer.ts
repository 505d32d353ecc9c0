import type { Call } from '@callboard/core';
import Database from 'better-sqlite3';
import type { AppendBackend } from '../append/append-backend.js';
import { appendBatch, type AppendBatchOptions } from '../append/append-batch.js';
import { createBatchWriter, type BatchInfo, type BatchWriter } from '../append/create-batch-writer.js';
import { createSqlAppendTransaction } from '../sql/create-sql-append-transaction.js';
import type { SqlExecutor } from '../sql/sql-executor.js';
import { pruneSqlCalls } from '../sql/sql-call-retention.js';
import { pruneSqlEvents } from '../sql/sql-event-log.js';
import { foldPendingRollups } from '../sql/write-rollup-delta.js';
import { compactSqliteSearchStep, countSearchDeletions } from './compact-sqlite-search.js';
import { createSqliteExecutor } from './create-sqlite-executor.js';
import { importSqliteCalls } from './import-sqlite-calls.js';
import { sqliteDialect } from './sqlite-dialect.js';
import { migrateSqlite } from './sqlite-migrations.js';

const WAL_AUTOCHECKPOINT_PAGES = 8000;

/** How the writer connection is opened (plain data: it crosses to the writer thread). */
export interface SqliteWriterSettings {
  path: string;
  synchronous: 'FULL' | 'NORMAL';
  busyTimeoutMs: number;
  /** The writer connection's page cache, in MiB. */
  cacheSizeMb: number;
  /**
   * When pending rollup rows are folded into the rollups (see `foldPendingRollups`): after this
   * many batches, or this long after the first batch since the last fold, whichever comes first.
   * Default 50 batches, 500 ms.
   */
  rollupFold?: { batches: number; ms: number };
}

/** The writing side of a SQLite store: one connection, its group-commit queue, and the other writes. */
export interface SqliteWriter {
  /** Group-committed appends (see `createBatchWriter`). */
  readonly batches: Pick<BatchWriter, 'submit' | 'append'>;
  migrate(): Promise<void>;
  /** One pruning step (see `pruneSqlEvents`), in its own transaction between batches. */
  prune(cutoffMs: number, limit: number): Promise<{ dropped: number; more: boolean }>;
  /** One step of call retention (see `pruneSqlCalls`), in its own transaction between batches. */
  pruneCalls(cutoffMs: number, limit: number): Promise<{ dropped: number; more: boolean }>;
  /** One step of reclaiming deleted search entries (see `compactSqliteSearchStep`), between batches. */
  compactSearch(): Promise<{ dropped: number; more: boolean }>;
  importCalls(calls: Call[]): Promise<number>;
  /** Waits for queued work, then closes the connection. */
  close(): Promise<void>;
}

/**
 * Opens the writer connection (WAL, the configured `synchronous`) and everything that writes
 * through it. The SQLite store runs this on its writer thread, so transactions and their fsyncs
 * never block the thread serving requests.
 */
export function openSqliteWriter(settings: SqliteWriterSettings, generateCallId: AppendBatchOptions['generateCallId'], onBatch?: (info: BatchInfo) => void): SqliteWriter {
  const db = new Database(settings.path, { timeout: settings.busyTimeoutMs });
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${settings.synchronous}`);
  // Kept small (16 MiB by default): when a commit's B-tree balancing moved pages, SQLite ends the
  // transaction by walking the page cache's entire hash table (its pages are renumbered through
  // the lock-byte page, which leaves the cache's highest page number far past the file's end), so
  // that walk, once per commit, grows with the cache; appends hit little in a larger cache anyway.
  db.pragma(`cache_size = -${Math.round(settings.cacheSizeMb * 1024)}`);
  // Checkpoint every ~32 MiB of WAL instead of SQLite's 4 MiB: the pages every batch rewrites
  // (the tails of the time-ordered indexes, the rollup rows, the search index's new segments) are
  // copied back to the database once per checkpoint, so fewer checkpoints copy them fewer times.
  // Durability is unchanged: a commit is durable once its WAL frames are synced.
  db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  // Statement journals (multi-row inserts and upserts inside the append transaction keep the
  // pages they change there, in case the statement fails halfway) and sorts stay in memory: on
  // disk they cost a temporary file write per page, on every batch.
  db.pragma('temp_store = MEMORY');
  const exec = createSqliteExecutor(db);
  const backend = createSqliteAppendBackend(db, exec);
  // A fold that fails (another process holding the write lock too long) leaves its rows pending,
  // where reads still count them; the next one folds them. It never fails what it runs with.
  const foldRollups = () => backend.transaction(() => foldPendingRollups(exec)).then(
    () => undefined,
    () => undefined,
  );
  const folding = scheduleRollupFolds(settings.rollupFold ?? { batches: 50, ms: 500 }, () => batches.exclusive(foldRollups));
  const batches = createBatchWriter((requests) => appendBatch(backend, requests, { generateCallId }), {
    onBatch: (info) => {
      folding.batchCommitted();
      onBatch?.(info);
    },
  });
  return {
    batches,
    // Rows left pending by a process that stopped before folding them are folded on start.
    migrate: () => batches.exclusive(async () => {
      migrateSqlite(db);
      await foldRollups();
    }),
    prune: (cutoffMs, limit) => batches.exclusive(() => backend.transaction(() => pruneSqlEvents(exec, cutoffMs, limit))),
    pruneCalls: (cutoffMs, limit) =>
      batches.exclusive(() =>
        backend.transaction(async () => {
          const step = await pruneSqlCalls(exec, sqliteDialect, cutoffMs, limit);
          if (step.dropped > 0) countSearchDeletions(db, step.dropped);
          return step;
        }),
      ),
    compactSearch: () => batches.exclusive(() => backend.transaction(async () => compactSqliteSearchStep(db))),
    importCalls: (calls) => batches.exclusive(() => importSqliteCalls(db, exec, calls)),
    async close() {
      await batches.drain();
      folding.stop();
      await foldRollups();
      db.close();
    },
  };
}

/**
 * Decides when to fold pending rollup rows: once `batches` batches have committed since the last
 * fold, or `ms` after the first of them, so a quiet store does not keep rows pending. `fold`
 * queues the fold behind the appends already queued (the batch writer's `drain` waits for it).
 */
function scheduleRollupFolds(limits: { batches: number; ms: number }, fold: () => Promise<unknown>): { batchCommitted(): void; stop(): void } {
  let batches = 0;
  let timer: NodeJS.Timeout | undefined;
  const queueFold = () => {
    clearTimeout(timer);
    timer = undefined;
    batches = 0;
    void fold();
  };
  return {
    batchCommitted() {
      batches++;
      if (batches >= limits.batches) queueFold();
      else if (!timer) timer = setTimeout(queueFold, limits.ms).unref();
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}

/**
 * The append transactions of a SQLite connection: each holds the write lock from its start
 * (`BEGIN IMMEDIATE`), so the batch can read everything up front (`writersSerialized`), and a
 * busy lock held by another process is worth a retry.
 */
export function createSqliteAppendBackend(db: Database.Database, exec: SqlExecutor): AppendBackend {
  const tx = createSqlAppendTransaction(exec, sqliteDialect, { writersSerialized: true });
  return {
    async transaction(work) {
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(tx);
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    },
    isRetryable: (error) => (error as { code?: string }).code === 'SQLITE_BUSY',
  };
}
