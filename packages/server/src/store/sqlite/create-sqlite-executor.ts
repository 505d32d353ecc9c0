import type Database from 'better-sqlite3';
import type { SqlExecutor } from '../sql/sql-executor.js';

/** A {@link SqlExecutor} over one better-sqlite3 connection, with a bounded prepared-statement cache. */
export function createSqliteExecutor(db: Database.Database, cacheSize = 500): SqlExecutor {
  const cache = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let statement = cache.get(sql);
    if (!statement) {
      if (cache.size >= cacheSize) cache.clear();
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
  return {
    async all(sql, params = []) {
      const statement = prepare(sql);
      if (statement.reader) return statement.all(...params) as Array<Record<string, unknown>>;
      statement.run(...params);
      return [];
    },
    async run(sql, params = []) {
      return prepare(sql).run(...params).changes;
    },
  };
}
