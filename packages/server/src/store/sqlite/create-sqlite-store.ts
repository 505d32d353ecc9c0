import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Call } from '@callboard/core';
import Database from 'better-sqlite3';
import type { BatchInfo } from '../append/create-batch-writer.js';
import type { CallStore } from '../call-store.js';
import { deleteThroughAppend } from '../append/delete-through-append.js';
import { createSqlReads } from '../sql/create-sql-reads.js';
import { callsPerPruneStep } from '../sql/sql-call-retention.js';
import { pruneChunkOption, pruneInSteps, readFirstRetainedSeq, readLastSeq } from '../sql/sql-event-log.js';
import { createSqliteExecutor } from './create-sqlite-executor.js';
import { sqliteDialect } from './sqlite-dialect.js';
import { startSqliteWriterThread } from './start-sqlite-writer-thread.js';

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
  /** Page cache of each reading connection, in MiB. Default 64: call-log pages and analytics walk large index ranges. */
  cacheSizeMb?: number;
  /**
   * Page cache of the writer connection, in MiB. Default 16. Appends touch the tails of the
   * time-ordered indexes and one leaf per random key (provider call ids, event keys), so a larger
   * cache hits little more often, while every commit that split a B-tree page makes SQLite scan
   * its whole page-cache hash table (see `openSqliteWriter`): commits get slower as the cache grows.
   */
  writerCacheSizeMb?: number;
  /**
   * When the rollup changes that appends leave pending are folded into the rollups: after this
   * many group commits, or this long after the first of them, whichever comes first. Reads count
   * pending changes either way; folding keeps the pending rows few. Default 50 commits, 500 ms.
   */
  rollupFold?: { batches: number; ms: number };
  /**
   * Rows of each table (events, dedupe keys, tombstones) one pruning transaction deletes at most
   * (default 5000): `pruneEvents` runs as many as it needs, and appends wait for one at most.
   * `pruneCalls` deletes a tenth as many calls per transaction (each takes about ten rows with it).
   */
  pruneChunk?: number;
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

const IMPORT_CHUNK = 20_000;

/**
 * The embedded default store: SQLite through better-sqlite3, in WAL mode with
 * `synchronous=FULL`, so an append resolves only once it is on disk. Appends go to a writer
 * thread with its own connection, which group-commits them (one transaction and one fsync per
 * burst) without blocking this thread; reads use a connection on this thread that sees committed
 * data only.
 *
 * @example
 * const store = createSqliteStore({ path: './.callboard/callboard.db' });
 * await store.init();
 */
export function createSqliteStore(options: SqliteStoreOptions): SqliteCallStore {
  mkdirSync(path.dirname(path.resolve(options.path)), { recursive: true });
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const cacheSizeMb = options.cacheSizeMb ?? 64;
  const pruneChunk = pruneChunkOption(options.pruneChunk);
  const writer = startSqliteWriterThread(
    {
      path: options.path,
      synchronous: options.synchronous ?? 'FULL',
      busyTimeoutMs,
      cacheSizeMb: options.writerCacheSizeMb ?? 16,
      ...(options.rollupFold ? { rollupFold: options.rollupFold } : {}),
    },
    { ...(options.generateCallId ? { generateCallId: options.generateCallId } : {}), ...(options.onBatch ? { onBatch: options.onBatch } : {}) },
  );
  const readerDb = new Database(options.path, { timeout: busyTimeoutMs });
  readerDb.pragma(`cache_size = -${Math.round(cacheSizeMb * 1024)}`);
  const readExec = createSqliteExecutor(readerDb);
  const reads = createSqlReads(readExec, sqliteDialect);
  let closed = false;

  return {
    path: options.path,
    ...reads,
    init: () => writer.run({ kind: 'migrate' }),
    append: (events) => writer.append(events),
    lastSeq: () => readLastSeq(readExec),
    firstRetainedSeq: () => readFirstRetainedSeq(readExec),
    deleteCall: (id, at) => deleteThroughAppend(reads, writer, id, at),
    // One step per writer task: appends queued meanwhile go between the steps.
    pruneEvents: (olderThan, pruneOptions) => pruneInSteps(() => writer.run({ kind: 'prune', cutoffMs: olderThan.getTime(), limit: pruneChunk }), pruneOptions?.signal),
    async pruneCalls(olderThan, pruneOptions) {
      const dropped = await pruneInSteps(() => writer.run({ kind: 'prune-calls', cutoffMs: olderThan.getTime(), limit: callsPerPruneStep(pruneChunk) }), pruneOptions?.signal);
      // Then the search index's deleted entries, once enough have piled up, in steps of their own.
      if (dropped > 0) await pruneInSteps(() => writer.run({ kind: 'compact-search' }), pruneOptions?.signal);
      return dropped;
    },
    async importCalls(calls) {
      let imported = 0;
      let chunk: Call[] = [];
      for (const call of calls) {
        chunk.push(call);
        if (chunk.length < IMPORT_CHUNK) continue;
        imported += await writer.run<number>({ kind: 'import', calls: chunk });
        chunk = [];
      }
      if (chunk.length > 0) imported += await writer.run<number>({ kind: 'import', calls: chunk });
      return imported;
    },
    async close() {
      if (closed) return;
      closed = true;
      await writer.close();
      readerDb.close();
    },
  };
}
