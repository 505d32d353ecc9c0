import type pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { pruneStepsScenario } from '../contract/prune-steps-scenario.js';
import { expectSchemaOneMigrated, writeSchemaOneHistory } from '../contract/schema-one-scenario.js';
import { describeStoreContract } from '../store-contract.js';
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

describe('postgres store specifics', () => {
  it('prunes in steps of pruneChunk rows, each its own transaction', async () => {
    const schema = `${base}_prune_steps`;
    schemas.push(schema);
    const store = createPostgresStore({ pool, schema, pruneChunk: 2 });
    await store.init();
    await pruneStepsScenario(store);
    await store.close();
  });

  it('migrates a schema-1 database: dedupe keys move under their calls, deleted calls get tombstones, ids leave the search text', async () => {
    const schema = `${base}_keys_migration`;
    schemas.push(schema);
    const store = createPostgresStore({ pool, schema });
    await store.init();
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
