import type { Call } from '@callboard/core';
import type Database from 'better-sqlite3';
import { callFacts } from '../calls/call-facts.js';
import { CALL_COLUMNS, callRow } from '../calls/call-row.js';
import { callSearchText } from '../calls/call-search.js';
import { addToRollupDelta, emptyRollupDelta } from '../rollup/rollup-delta.js';
import type { SqlExecutor } from '../sql/sql-executor.js';
import { writeRollupDelta } from '../sql/write-rollup-delta.js';

const INSERT_CALL = `INSERT INTO calls (${CALL_COLUMNS.join(', ')}) VALUES (${CALL_COLUMNS.map(() => '?').join(', ')}) ON CONFLICT DO NOTHING RETURNING rid`;

/**
 * Bulk import behind `SqliteCallStore.importCalls`: transactions of `chunkSize` calls, each
 * writing the call rows and search rows one by one and the rollups once, merged.
 */
export async function importSqliteCalls(db: Database.Database, exec: SqlExecutor, calls: Iterable<Call>, chunkSize = 20_000): Promise<number> {
  let imported = 0;
  let chunk: Call[] = [];
  const flush = async () => {
    db.exec('BEGIN IMMEDIATE');
    try {
      const delta = emptyRollupDelta();
      for (const call of chunk) {
        const row = callRow(call);
        const [inserted] = await exec.all(INSERT_CALL, CALL_COLUMNS.map((column) => row[column]));
        if (!inserted) continue;
        await exec.run('INSERT INTO call_search (rowid, text) VALUES (?, ?)', [inserted.rid, callSearchText(call)]);
        addToRollupDelta(delta, callFacts(call), 1);
        imported++;
      }
      await writeRollupDelta(exec, delta);
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
    chunk = [];
  };
  for (const call of calls) {
    chunk.push(call);
    if (chunk.length >= chunkSize) await flush();
  }
  if (chunk.length > 0) await flush();
  return imported;
}
