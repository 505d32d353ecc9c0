import { Redis } from 'ioredis';
import pg from 'pg';

export const TEST_REDIS_URL = process.env.CALLBOARD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEST_POSTGRES_URL = process.env.CALLBOARD_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Fails with a message naming Redis when it is not reachable. */
export async function requireRedis(): Promise<void> {
  const client = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new Error(`Redis is not running at ${TEST_REDIS_URL}; the several-node realtime tests need it`, { cause: error });
  } finally {
    client.disconnect();
  }
}

/** Fails with a message naming Postgres when it is not reachable. */
export async function requirePostgres(): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    throw new Error(`Postgres is not running at ${TEST_POSTGRES_URL}; the several-node realtime tests need it`, { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
}
