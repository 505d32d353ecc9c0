import type pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { expectKeysMigrated, writeKeysMigrationHistory } from '../contract/keys-migration-scenario.js';
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
  it('migrates a schema-1 database: dedupe keys move under their calls, deleted calls get tombstones', async () => {
    const schema = `${base}_keys_migration`;
    schemas.push(schema);
    const store = createPostgresStore({ pool, schema });
    await store.init();
    await writeKeysMigrationHistory(store);
    await store.close();
    // Put the schema back into schema 1's layout (the only tables migration 2 changes).
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
      DELETE FROM ${s}.schema_migrations WHERE version = 2;
    `);
    const migrated = createPostgresStore({ pool, schema });
    await migrated.init();
    await expectKeysMigrated(migrated);
    await migrated.close();
  });
});
