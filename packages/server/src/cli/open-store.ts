import type { CallStore } from '../store/call-store.js';
import { createStoreFromUrl } from '../store/index.js';

/**
 * Opens (and migrates) the store a `CALLBOARD_DB` value names: `memory`, a postgres:// URL
 * (`?schema=` picks the schema) or a SQLite file.
 */
export async function openStore(db: string): Promise<CallStore> {
  const store = createStoreFromUrl(db === 'memory' ? 'memory:' : db);
  await store.init();
  return store;
}
