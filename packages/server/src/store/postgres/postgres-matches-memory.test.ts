import type pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { assertMatchesMemory } from '../contract/random-history.js';
import { createPostgresStore } from './create-postgres-store.js';
import { quoteIdentifier } from './postgres-migrations.js';
import { connectTestDatabase, uniqueSchemaName } from './postgres-test-database.js';

let pool: pg.Pool;
const schemas: string[] = [];
beforeAll(async () => {
  pool = await connectTestDatabase(4);
});
afterAll(async () => {
  for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
  await pool.end();
});

describe('postgres store against the memory store', () => {
  it('gives the same pages, totals, stats, analytics and active calls for any history of events', async () => {
    const base = uniqueSchemaName('diff');
    await assertMatchesMemory(async (generateCallId) => {
      const schema = `${base}_${schemas.length}`;
      schemas.push(schema);
      const store = createPostgresStore({ pool, schema, generateCallId });
      await store.init();
      return store;
    }, 15);
  }, 120_000);
});
