import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Call } from '@callboard/core';
import Database from 'better-sqlite3';
import { createCallId } from '../../hub/create-call-id.js';
import type { AppendBackend } from '../append/append-backend.js';
import { appendBatch } from '../append/append-batch.js';
import { createBatchWriter, type BatchInfo } from '../append/create-batch-writer.js';
import type { CallStore } from '../call-store.js';
import { deleteThroughAppend } from '../append/delete-through-append.js';
import { createSqlAppendTransaction } from '../sql/create-sql-append-transaction.js';
import { createSqlReads } from '../sql/create-sql-reads.js';
import { pruneSqlEvents, readFirstRetainedSeq, readLastSeq } from '../sql/sql-event-log.js';
import { createSqliteExecutor } from './create-sqlite-executor.js';
import { importSqliteCalls } from './import-sqlite-calls.js';
import { sqliteDialect } from './sqlite-dialect.js';
import { migrateSqlite } from './sqlite-migrations.js';

/** Options of {@link createSqliteStore}. */
export interface SqliteStoreOptions {
  /** The database file; its directory is created. */
  path: string;
  /** Ids for new calls. Defaults to `createCallId`. */
  generateCallId?: () => string;
  /** Called after each committed batch (group commit), for metrics. */
  onBatch?: (info: BatchInfo) => void;
  /**
   * `FULL` (default): an acknowledged append survives a power loss or crash. `NORMAL` is faster
   * in WAL mode but may lose the last commits on power loss.
   */
  synchronous?: 'FULL' | 'NORMAL';
  /** How long to wait for another process holding the write lock. Default 5000 ms. */
  busyTimeoutMs?: number;
  /** Page cache per connection, in MiB. Default 64: the call indexes are written in time order, not key order. */
  cacheSizeMb?: number;
}

/** A SQLite store, with a bulk import for migrations and benchmarks. */
export interface SqliteCallStore extends CallStore {
  /** The database file. */
  readonly path: string;
  /**
   * Imports finished calls from elsewhere (a migration, a benchmark) in large transactions: call
   * rows, search index and rollups through the same SQL as appends, but no events and no seqs.
   * Calls whose id or provider call id exists are skipped. Resolves to the number imported.
   */
  importCalls(calls: Iterable<Call>): Promise<number>;
}

/**
 * The embedded default store: SQLite through better-sqlite3, in WAL mode with
 * `synchronous=FULL`, so an append resolves only once it is on disk. Appends go through a
 * group-commit writer (one transaction and one fsync per burst); reads use a second connection
 * that sees committed data only.
 *
 * @example
 * const store = createSqliteStore({ path: './.callboard/callboard.db' });
 * await store.init();
 */
export function createSqliteStore(options: SqliteStoreOptions): SqliteCallStore {
  mkdirSync(path.dirname(path.resolve(options.path)), { recursive: true });
  const busyTimeout = options.busyTimeoutMs ?? 5000;
  const writerDb = new Database(options.path, { timeout: busyTimeout });
  writerDb.pragma('journal_mode = WAL');
  writerDb.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
  const readerDb = new Database(options.path, { timeout: busyTimeout });
  for (const db of [writerDb, readerDb]) db.pragma(`cache_size = -${Math.round((options.cacheSizeMb ?? 64) * 1024)}`);
  const writeExec = createSqliteExecutor(writerDb);
  const readExec = createSqliteExecutor(readerDb);
  const tx = createSqlAppendTransaction(writeExec, sqliteDialect);
  const generateCallId = options.generateCallId ?? (() => createCallId());

  const backend: AppendBackend = {
    async transaction(work) {
      writerDb.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(tx);
        writerDb.exec('COMMIT');
        return result;
      } catch (error) {
        if (writerDb.inTransaction) writerDb.exec('ROLLBACK');
        throw error;
      }
    },
    isRetryable: (error) => (error as { code?: string }).code === 'SQLITE_BUSY',
  };
  const writer = createBatchWriter((requests) => appendBatch(backend, requests, { generateCallId }), options.onBatch ? { onBatch: options.onBatch } : {});
  const reads = createSqlReads(readExec, sqliteDialect);
  let closed = false;

  return {
    path: options.path,
    ...reads,
    async init() {
      migrateSqlite(writerDb);
    },
    append: (events) => writer.append(events),
    lastSeq: () => readLastSeq(readExec),
    firstRetainedSeq: () => readFirstRetainedSeq(readExec),
    deleteCall: (id, at) => deleteThroughAppend(reads, writer, id, at),
    pruneEvents(olderThan) {
      return writer.exclusive(() => backend.transaction(() => pruneSqlEvents(writeExec, olderThan.getTime())));
    },
    importCalls(calls) {
      return writer.exclusive(async () => importSqliteCalls(writerDb, writeExec, calls));
    },
    async close() {
      if (closed) return;
      closed = true;
      await writer.drain();
      readerDb.close();
      writerDb.close();
    },
  };
}
