import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusEvent } from '../contract/contract-events.js';
import { pruneCallsStepsScenario, pruneStepsScenario } from '../contract/prune-steps-scenario.js';
import { expectSchemaOneMigrated, writeSchemaOneHistory } from '../contract/schema-one-scenario.js';
import type { CallStore } from '../call-store.js';
import { describeStoreContract } from '../store-contract.js';
import type { SqlExecutor } from '../sql/sql-executor.js';
import { pruneSqlEvents } from '../sql/sql-event-log.js';
import { createPgExecutor } from './create-pg-executor.js';
import { createPostgresStore } from './create-postgres-store.js';
import { quoteIdentifier } from './postgres-migrations.js';
import { connectTestDatabase, uniqueSchemaName } from './postgres-test-database.js';

let pool: pg.Pool;
const base = uniqueSchemaName('contract');
const schemas: string[] = [];

beforeAll(async () => {
  pool = await connectTestDatabase();
});
afterAll(async () => {
  for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
  await pool.end();
});

describeStoreContract('postgres store', ({ generateCallId }) => {
  const schema = `${base}_${schemas.length + 1}`;
  schemas.push(schema);
  return createPostgresStore({ pool, schema, generateCallId });
});

/** A migrated store in a schema of its own, `${base}_${name}`, dropped after the suite. */
async function storeInSchema(name: string, options: { pruneChunk?: number } = {}): Promise<{ store: CallStore; schema: string }> {
  const schema = `${base}_${name}`;
  schemas.push(schema);
  const store = createPostgresStore({ pool, schema, ...options });
  await store.init();
  return { store, schema };
}

describe('postgres store specifics', () => {
  it('prunes in steps of pruneChunk rows, each its own transaction', async () => {
    const { store } = await storeInSchema('prune_steps', { pruneChunk: 2 });
    await pruneStepsScenario(store);
    await store.close();
  });

  it('deletes old calls in steps of a tenth of pruneChunk, each its own transaction', async () => {
    const { store } = await storeInSchema('prune_calls', { pruneChunk: 20 });
    await pruneCallsStepsScenario(store);
    await store.close();
  });

  it('never prunes an event another node commits between the statements of a prune step', async () => {
    const { store, schema } = await storeInSchema('prune_race');
    const other = createPostgresStore({ pool, schema });
    for (let i = 0; i < 3; i++) await store.append([statusEvent(`OLD${i}`, 'ringing', `2026-01-01T00:0${i}:00Z`)]);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const exec = createPgExecutor(client, schema);
      let raced = false;
      // Right after the step's first statement, another node commits a fresh event (seq 4).
      const racing: SqlExecutor = {
        async all(sql, params) {
          const rows = await exec.all(sql, params);
          if (!raced) {
            raced = true;
            await other.append([statusEvent('NEW', 'ringing', '2026-01-20T00:00:00Z')]);
          }
          return rows;
        },
        run: (sql, params) => exec.run(sql, params),
      };
      expect(await pruneSqlEvents(racing, Date.parse('2026-01-10T00:00:00Z'), 100)).toEqual({ dropped: 3, more: false });
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    expect((await store.eventsAfter(0)).map((stored) => [stored.seq, stored.event.providerCallId])).toEqual([[4, 'NEW']]);
    expect(await store.firstRetainedSeq()).toBe(4);
    await other.close();
    await store.close();
  });

  it('migrates a schema-1 database: dedupe keys move under their calls, deleted calls get tombstones, ids leave the search text', async () => {
    const { store, schema } = await storeInSchema('keys_migration');
    await writeSchemaOneHistory(store);
    await store.close();
    // Put the schema back into schema 1 (the only tables and columns migrations 2 and 3 change).
    const s = quoteIdentifier(schema);
    await pool.query(`
      CREATE TABLE ${s}.event_keys_v1 (
        provider text NOT NULL, event_key text NOT NULL, call_id text NOT NULL, received_ms bigint NOT NULL,
        PRIMARY KEY (provider, event_key)
      );
      INSERT INTO ${s}.event_keys_v1 SELECT provider, event_key, call_id, received_ms FROM ${s}.event_keys;
      DROP TABLE ${s}.event_keys;
      ALTER TABLE ${s}.event_keys_v1 RENAME TO event_keys;
      ALTER TABLE ${s}.event_keys RENAME CONSTRAINT event_keys_v1_pkey TO event_keys_pkey;
      CREATE INDEX event_keys_received ON ${s}.event_keys (received_ms);
      DROP TABLE ${s}.deleted_calls;
      ALTER TABLE ${s}.calls ALTER COLUMN provider_call_id TYPE text COLLATE "default";
      UPDATE ${s}.calls SET search_text = lower(id || chr(10) || provider_call_id || chr(10) || from_number || chr(10) || to_number);
      DELETE FROM ${s}.schema_migrations WHERE version IN (2, 3);
    `);
    const migrated = createPostgresStore({ pool, schema });
    await migrated.init();
    await expectSchemaOneMigrated(migrated);
    await migrated.close();
  });
});
