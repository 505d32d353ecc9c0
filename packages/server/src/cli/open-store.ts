import { CallboardError } from '@callboard/core';
import type { CallStore } from '../store/call-store.js';
import { createStoreFromUrl } from '../store/index.js';

/** Error codes of a database server that could not be reached (rather than a wrong setting). */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Opens (and migrates) the store a `CALLBOARD_DB` value names: `memory`, a postgres:// URL
 * (`?schema=` picks the schema) or a SQLite file. A store that cannot be opened is closed again
 * and reported as a `CallboardError` naming the database (a URL's password masked) and why.
 */
export async function openStore(db: string): Promise<CallStore> {
  let store: CallStore | undefined;
  try {
    store = createStoreFromUrl(db === 'memory' ? 'memory:' : db);
    await store.init();
    return store;
  } catch (cause) {
    await store?.close().catch(() => undefined);
    const code = (cause as { code?: unknown }).code;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new CallboardError({
      code: typeof code === 'string' && UNREACHABLE.has(code) ? 'NETWORK_ERROR' : 'INVALID_ARGUMENT',
      message: `Cannot open the database ${describeDatabase(db)}: ${reason}`,
      cause,
    });
  }
}

/** The database as it can be shown: a URL without its password, a path as given. */
function describeDatabase(db: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(db)) return db;
  try {
    const url = new URL(db);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(a database URL that cannot be parsed)';
  }
}
