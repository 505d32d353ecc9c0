import { CallboardError } from '@callboard/core';
import pg from 'pg';
import { createCallId } from '../../hub/create-call-id.js';
import type { AppendBackend } from '../append/append-backend.js';
import { appendBatch } from '../append/append-batch.js';
import { createBatchWriter, type BatchInfo } from '../append/create-batch-writer.js';
import { deleteThroughAppend } from '../append/delete-through-append.js';
import type { CallStore } from '../call-store.js';
import { createSqlAppendTransaction } from '../sql/create-sql-append-transaction.js';
import { createSqlReads } from '../sql/create-sql-reads.js';
import { callsPerPruneStep, pruneSqlCalls } from '../sql/sql-call-retention.js';
import { pruneChunkOption, pruneInSteps, pruneSqlEvents, readFirstRetainedSeq, readLastSeq } from '../sql/sql-event-log.js';
import { createPgExecutor } from './create-pg-executor.js';
import { postgresDialect } from './postgres-dialect.js';
import { migratePostgres } from './postgres-migrations.js';

/** Options of {@link createPostgresStore}: a connection string (the store owns its pool) or a pool (yours). */
export type PostgresStoreOptions = ({ connectionString: string; pool?: never } | { pool: pg.Pool; connectionString?: never }) & {
  /** The schema holding the store's tables (created if missing). Default `callboard`. */
  schema?: string;
  /** Ids for new calls. Defaults to `createCallId`. */
  generateCallId?: () => string;
  /** Called after each committed batch (group commit), for metrics. */
  onBatch?: (info: BatchInfo) => void;
  /** Pool size when the store creates the pool. Default 10. */
  maxConnections?: number;
  /**
   * Rows of each table (events, dedupe keys, tombstones) one pruning transaction deletes at most.
   * Default 5000. `pruneCalls` deletes a tenth as many calls per transaction.
   */
  pruneChunk?: number;
};

// Deadlock, serialization failure, unique violation (two nodes storing the same event key).
const RETRYABLE = new Set(['40P01', '40001', '23505']);

/**
 * The store for several nodes: every node appends to and reads from one Postgres database,
 * which holds the deployment's one ordered log. seqs are taken from a one-row counter inside
 * each append transaction, so they are assigned in commit order and no reader ever sees seq N+1
 * before seq N (see `createSqlAppendTransaction`). Appends from one node are group-committed:
 * one transaction per burst. Migrations run on `init()`, versioned, under an advisory lock.
 *
 * @example
 * const store = createPostgresStore({ connectionString: process.env.DATABASE_URL! });
 * await store.init();
 */
export function createPostgresStore(options: PostgresStoreOptions): CallStore {
  const schema = options.schema ?? 'callboard';
  const pruneChunk = pruneChunkOption(options.pruneChunk);
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new CallboardError({ code: 'INVALID_ARGUMENT', message: `Invalid schema name "${schema}"`, details: { field: 'schema' } });
  }
  const ownsPool = options.pool === undefined;
  const pool = options.pool ?? new pg.Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 10 });
  const reads = createSqlReads(createPgExecutor(pool, schema), postgresDialect);
  const generateCallId = options.generateCallId ?? (() => createCallId());

  async function transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      try {
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    } finally {
      client.release();
    }
  }

  const backend: AppendBackend = {
    transaction: (work) => transaction((client) => work(createSqlAppendTransaction(createPgExecutor(client, schema), postgresDialect))),
    isRetryable: (error) => RETRYABLE.has((error as { code?: string }).code ?? ''),
  };
  const writer = createBatchWriter((requests) => appendBatch(backend, requests, { generateCallId }), options.onBatch ? { onBatch: options.onBatch } : {});
  const readExec = createPgExecutor(pool, schema);
  let closed = false;

  return {
    ...reads,
    async init() {
      const client = await pool.connect();
      try {
        await migratePostgres(client, schema);
      } finally {
        client.release();
      }
    },
    append: (events) => writer.append(events),
    lastSeq: () => readLastSeq(readExec),
    firstRetainedSeq: () => readFirstRetainedSeq(readExec),
    deleteCall: (id, at) => deleteThroughAppend(reads, writer, id, at),
    // One transaction per step, so no transaction holds a large delete.
    pruneEvents: (olderThan, pruneOptions) =>
      pruneInSteps(() => transaction((client) => pruneSqlEvents(createPgExecutor(client, schema), olderThan.getTime(), pruneChunk)), pruneOptions?.signal),
    // Each step locks the calls it deletes, so an append to one of them on another node waits
    // for the step and then finds the call gone.
    pruneCalls: (olderThan, pruneOptions) =>
      pruneInSteps(
        () => transaction((client) => pruneSqlCalls(createPgExecutor(client, schema), postgresDialect, olderThan.getTime(), callsPerPruneStep(pruneChunk))),
        pruneOptions?.signal,
      ),
    async close() {
      if (closed) return;
      closed = true;
      await writer.drain();
      if (ownsPool) await pool.end();
    },
  };
}
