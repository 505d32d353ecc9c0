import type pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
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
