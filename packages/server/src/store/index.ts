/**
 * Call stores: memory (tests and demos), SQLite (the embedded default) and Postgres (several
 * nodes), all behind {@link CallStore} and all passing `describeStoreContract`.
 *
 * @module
 */
export type { BatchInfo } from './append/create-batch-writer.js';
export { createMemoryStore, type MemoryStoreOptions } from './memory/create-memory-store.js';
export { createSqliteStore, type SqliteCallStore, type SqliteStoreOptions } from './sqlite/create-sqlite-store.js';
export { createPostgresStore, type PostgresStoreOptions } from './postgres/create-postgres-store.js';
export { createStoreFromUrl, DEFAULT_SQLITE_PATH, type StoreFromUrlOptions } from './create-store-from-url.js';
