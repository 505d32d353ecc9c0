import type pg from 'pg';
import type { SqlExecutor } from '../sql/sql-executor.js';
import { quoteIdentifier } from './postgres-migrations.js';

const TABLES = 'store_meta|calls|events|event_keys|deleted_calls|call_counts|call_series|call_details';

/**
 * A {@link SqlExecutor} over a pg pool or client: rewrites the shared SQL's `?` placeholders to
 * `$n` and qualifies the store's tables with its schema (so a shared pool's `search_path` is
 * never touched). Rewritten statements are cached.
 */
export function createPgExecutor(client: pg.Pool | pg.ClientBase, schema: string): SqlExecutor {
  const prefix = `${quoteIdentifier(schema)}.`;
  const tables = new RegExp(`\\b(FROM|INTO|UPDATE|JOIN)\\s+(${TABLES})\\b`, 'g');
  const cache = new Map<string, string>();
  const rewrite = (sql: string): string => {
    let text = cache.get(sql);
    if (text === undefined) {
      let n = 0;
      text = sql.replace(/\?/g, () => `$${++n}`).replace(tables, (_, keyword: string, table: string) => `${keyword} ${prefix}${table}`);
      if (cache.size > 500) cache.clear();
      cache.set(sql, text);
    }
    return text;
  };
  return {
    async all(sql, params = []) {
      return (await client.query(rewrite(sql), params as unknown[])).rows as Array<Record<string, unknown>>;
    },
    async run(sql, params = []) {
      return (await client.query(rewrite(sql), params as unknown[])).rowCount ?? 0;
    },
  };
}
