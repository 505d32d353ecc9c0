import pg from 'pg';

/** Where the Postgres tests run: the `test` database on the local server, trust auth. */
export const TEST_DATABASE = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' };

/**
 * A pool on the test database, checked with one query; throws a clear error when Postgres is
 * not answering, so a missing service fails the suite instead of skipping it.
 */
export async function connectTestDatabase(max = 6): Promise<pg.Pool> {
  const pool = new pg.Pool({ ...TEST_DATABASE, max, connectionTimeoutMillis: 3000 });
  try {
    await pool.query('SELECT 1');
  } catch (cause) {
    await pool.end().catch(() => undefined);
    throw new Error(`PostgreSQL is not running on 127.0.0.1:5432 (database "test", user "postgres"): ${(cause as Error).message}`, { cause });
  }
  return pool;
}

/** A schema name unique to this run, so parallel runs never share tables. */
export function uniqueSchemaName(label: string): string {
  return `cb_${label}_${process.pid}_${Date.now().toString(36)}`;
}
