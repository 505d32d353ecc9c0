import type { Call } from '@callboard/core';
import { eventKeyId, type AppendTransaction } from '../append/append-backend.js';
import { CALL_COLUMNS, callRow } from '../calls/call-row.js';
import { eachChunk, placeholders, type SqlDialect, type SqlExecutor } from './sql-executor.js';
import { writeBatchPlan } from './write-batch-plan.js';

/** Items per up-front lookup statement (a dedupe key binds three parameters). */
const LOOKUP_CHUNK = 300;

/** Options of {@link createSqlAppendTransaction}. */
export interface SqlAppendTransactionOptions {
  /**
   * The transaction holds the database's only write lock from its start (SQLite `BEGIN
   * IMMEDIATE`), so no other writer can create a call while it runs. Then `claimCall` need not
   * reserve the row: the batch has already looked the provider call up in this transaction, and
   * the call row is written once, with its final version, by `write`.
   */
  writersSerialized?: boolean;
}

/**
 * The SQL side of one append transaction, on a connection that is inside a transaction.
 *
 * seq comes from the one-row counter `store_meta('last_seq')`, taken with
 * `UPDATE ... RETURNING` after every read of the batch and right before its writes. In Postgres
 * that UPDATE takes the counter row's lock, which every other writer (in any process) waits for
 * until this transaction commits, so seqs are handed out in commit order and no reader can see
 * seq N+1 before seq N. Holding it only for the write phase keeps the serialized part short.
 */
export function createSqlAppendTransaction(exec: SqlExecutor, dialect: SqlDialect, options: SqlAppendTransactionOptions = {}): AppendTransaction {
  const tx: AppendTransaction = {
    async hasEventKey(callId, provider, key) {
      const rows = await exec.all('SELECT 1 AS found FROM event_keys WHERE call_id = ? AND provider = ? AND event_key = ?', [callId, provider, key]);
      return rows.length > 0;
    },
    async findDeletedCallIds(provider, providerCallId) {
      const rows = await exec.all('SELECT call_id FROM deleted_calls WHERE provider = ? AND provider_call_id = ?', [provider, providerCallId]);
      return rows.map((row) => String(row.call_id));
    },
    async loadCall(id) {
      const [row] = await exec.all(`SELECT body FROM calls WHERE id = ?${dialect.lockRow}`, [id]);
      return row ? (JSON.parse(String(row.body)) as Call) : undefined;
    },
    async findCallId(provider, providerCallId) {
      const [row] = await exec.all('SELECT id FROM calls WHERE provider_call_id = ? AND provider = ?', [providerCallId, provider]);
      return row ? String(row.id) : undefined;
    },
    async claimCall(call) {
      if (options.writersSerialized) return call.id;
      // The unique index on (provider_call_id, provider) makes a concurrent creator of the same
      // provider call wait for us, then find our row; we find theirs the same way.
      const row = callRow(call);
      const extra = dialect.extraCallColumns(call);
      const columns = [...CALL_COLUMNS, ...Object.keys(extra)];
      await exec.run(`INSERT INTO calls (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ON CONFLICT DO NOTHING`, [
        ...CALL_COLUMNS.map((column) => row[column]),
        ...Object.values(extra),
      ]);
      const [owner] = await exec.all('SELECT id FROM calls WHERE provider_call_id = ? AND provider = ?', [call.providerCallId, call.provider]);
      return owner ? String(owner.id) : call.id;
    },
    async takeSeqs(count) {
      const [row] = await exec.all("UPDATE store_meta SET value = value + ? WHERE name = 'last_seq' RETURNING value", [count]);
      return Number(row!.value) - count + 1;
    },
    write: (plan) => writeBatchPlan(exec, dialect, plan),
  };
  // With one writer at a time, a batch's reads can all be made up front: nobody else can create
  // a call or store a key before the batch writes. (With several, they are made one event at a
  // time, each after its call's row lock.)
  if (options.writersSerialized) {
    tx.findProviderCalls = async (provider, providerCallIds) => {
      const callIds = new Map<string, string>();
      const deletedCallIds = new Map<string, string[]>();
      await eachChunk(providerCallIds, LOOKUP_CHUNK, async (chunk) => {
        const list = placeholders(chunk.length);
        for (const row of await exec.all(`SELECT provider_call_id, id FROM calls WHERE provider_call_id IN (${list}) AND provider = ?`, [...chunk, provider])) {
          callIds.set(String(row.provider_call_id), String(row.id));
        }
        for (const row of await exec.all(`SELECT provider_call_id, call_id FROM deleted_calls WHERE provider = ? AND provider_call_id IN (${list})`, [provider, ...chunk])) {
          const providerCallId = String(row.provider_call_id);
          deletedCallIds.set(providerCallId, [...(deletedCallIds.get(providerCallId) ?? []), String(row.call_id)]);
        }
      });
      return { callIds, deletedCallIds };
    };
    tx.loadCalls = async (ids) => {
      const calls = new Map<string, Call>();
      await eachChunk(ids, LOOKUP_CHUNK, async (chunk) => {
        for (const row of await exec.all(`SELECT body FROM calls WHERE id IN (${placeholders(chunk.length)})`, chunk)) {
          const call = JSON.parse(String(row.body)) as Call;
          calls.set(call.id, call);
        }
      });
      return calls;
    };
    tx.findEventKeys = async (keys) => {
      const stored = new Set<string>();
      await eachChunk(keys, LOOKUP_CHUNK, async (chunk) => {
        const rows = await exec.all(
          `SELECT call_id, provider, event_key FROM event_keys WHERE ${chunk.map(() => '(call_id = ? AND provider = ? AND event_key = ?)').join(' OR ')}`,
          chunk.flatMap(({ callId, provider, key }) => [callId, provider, key]),
        );
        for (const row of rows) stored.add(eventKeyId(String(row.call_id), String(row.provider), String(row.event_key)));
      });
      return stored;
    };
  }
  return tx;
}

