/**
 * better-sqlite3, which `@callboard/server` depends on (the repository root does not), for the
 * benchmarks that read or write a database file directly, typed as far as they use it.
 */
import { createRequire } from 'node:module';

export interface BenchStatement {
  run(...params: unknown[]): unknown;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

export interface BenchDatabase {
  pragma(sql: string): unknown;
  exec(sql: string): void;
  prepare(sql: string): BenchStatement;
  close(): void;
}

export const BetterSqlite3 = createRequire(new URL('../../packages/server/package.json', import.meta.url))('better-sqlite3') as new (
  file: string,
  options?: { readonly?: boolean; fileMustExist?: boolean },
) => BenchDatabase;
