import { CallboardError } from '@callboard/core';
import type { CallStore } from '../store/call-store.js';
import { createMemoryStore, createSqliteStore } from '../store/index.js';

/** Opens (and migrates) the store a `CALLBOARD_DB` value names: `memory`, a postgres:// URL or a SQLite file. */
export async function openStore(db: string): Promise<CallStore> {
  let store: CallStore;
  if (db === 'memory') store = createMemoryStore();
  else if (/^postgres(ql)?:\/\//.test(db)) {
    throw new CallboardError({ code: 'UNSUPPORTED', message: 'CALLBOARD_DB: the Postgres store is not in this build yet' });
  } else store = createSqliteStore({ path: db });
  await store.init();
  return store;
}
