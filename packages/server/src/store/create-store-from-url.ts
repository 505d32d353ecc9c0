import { fileURLToPath } from 'node:url';
import type { BatchInfo } from './append/create-batch-writer.js';
import type { CallStore } from './call-store.js';
import { createMemoryStore } from './memory/create-memory-store.js';
import { createPostgresStore } from './postgres/create-postgres-store.js';
import { createSqliteStore } from './sqlite/create-sqlite-store.js';

/** Where the SQLite store lives when no database is configured. */
export const DEFAULT_SQLITE_PATH = './.callboard/callboard.db';

/** Options shared by every store {@link createStoreFromUrl} can make. */
export interface StoreFromUrlOptions {
  generateCallId?: () => string;
  onBatch?: (info: BatchInfo) => void;
}

/**
 * Picks a store from one configuration string (the CLI's `--db` or `DATABASE_URL`):
 * - `postgres://...` or `postgresql://...`: the Postgres store (schema from `?schema=`, default `callboard`);
 * - `memory:`: the memory store (nothing survives a restart);
 * - a `file:` URL or a path: the SQLite store at that file;
 * - nothing: SQLite at `./.callboard/callboard.db`.
 *
 * @example
 * const store = createStoreFromUrl(process.env.DATABASE_URL);
 * await store.init();
 */
export function createStoreFromUrl(db: string | undefined, options: StoreFromUrlOptions = {}): CallStore {
  const location = db?.trim() || DEFAULT_SQLITE_PATH;
  if (/^postgres(ql)?:\/\//i.test(location)) {
    const url = new URL(location);
    const schema = url.searchParams.get('schema') ?? undefined;
    url.searchParams.delete('schema');
    return createPostgresStore({ connectionString: url.toString(), ...(schema ? { schema } : {}), ...options });
  }
  if (location === 'memory:') return createMemoryStore(options);
  const path = location.startsWith('file:') ? fileURLToPath(location) : location;
  return createSqliteStore({ path, ...options });
}
