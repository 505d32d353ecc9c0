import type { Call } from '@callboard/core';
import { prefixRange, type CallSearch } from '../calls/call-search.js';
import type { CallChange } from '../append/append-backend.js';

/** A result row, as the driver returns it (pg returns bigint and numeric columns as strings). */
export type SqlRow = Record<string, unknown>;

/**
 * Runs SQL written with `?` placeholders on one connection (or one transaction). The SQLite
 * and Postgres stores share their queries through this; Postgres rewrites `?` to `$n`.
 */
export interface SqlExecutor {
  all(sql: string, params?: readonly unknown[]): Promise<SqlRow[]>;
  /** Runs a statement; resolves to the number of rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
}

/** What differs between the SQL stores. */
export interface SqlDialect {
  readonly name: 'sqlite' | 'postgres';
  /**
   * A condition on the `calls` table for a search, with its parameters. `matches` is what
   * {@link SqlDialect.countSearchMatches} answered, when the dialect has it, to pick a plan.
   */
  search(search: CallSearch, matches?: number): { sql: string; params: unknown[] };
  /**
   * A condition that the call's metadata holds every key with exactly that string (keys are
   * validated names, sorted), read from the stored call body.
   */
  metadata(entries: Array<[key: string, value: string]>): { sql: string; params: unknown[] };
  /** How many calls a search matches (no filters), from the search and id indexes; undefined when it cannot tell. */
  countSearchMatches?(exec: SqlExecutor, search: CallSearch): Promise<number | undefined>;
  /** Appended to the SELECT that reads a call inside an append (`FOR UPDATE` in Postgres). */
  readonly lockRow: string;
  /** Extra columns of a call row and their values (Postgres keeps the search text in the row). */
  extraCallColumns(call: Call): Record<string, string>;
  /**
   * Keeps a separate search index in step with call rows (SQLite FTS5). Called with the changes
   * of calls that were stored before the batch while their rows are still as they were, and with
   * the new calls once their rows are written, with the row ids the write gave them.
   */
  syncSearch?(exec: SqlExecutor, changes: Map<string, CallChange>, rids?: ReadonlyMap<string, number>): Promise<void>;
  /**
   * Appends record their rollup changes as pending rows, which readers add to the rollups and
   * the store folds in now and then (see `writePendingRollupDelta`), instead of updating the
   * rollups in every append.
   */
  readonly pendingRollups?: boolean;
}

/** Runs `sql` once per chunk of `rows`, with `rowSql` repeated for each row of the chunk. */
export async function runChunked<T>(
  exec: SqlExecutor,
  rows: readonly T[],
  build: (rowsSql: string) => string,
  rowSql: string,
  params: (row: T) => unknown[],
  chunkSize = 200,
): Promise<void> {
  await eachChunk(rows, chunkSize, (chunk) => exec.run(build(chunk.map(() => rowSql).join(', ')), chunk.flatMap(params)));
}

/**
 * Runs `work` on consecutive chunks of at most `size` items, one after another: statements
 * stay under the drivers' limits on bound parameters (SQLite 32,766, Postgres 65,535).
 */
export async function eachChunk<T>(items: readonly T[], size: number, work: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < items.length; start += size) await work(items.slice(start, start + size));
}

/** `?, ?, ?` for a list of values. */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

/**
 * The condition that a call's Callboard id or provider call id starts with the search's prefix,
 * as ranges over their indexes (both columns compare by code point: SQLite's BINARY collation,
 * Postgres's "C").
 */
export function idPrefixCondition(search: CallSearch): { sql: string; params: string[] } {
  const { low, high } = prefixRange(search.prefix);
  if (high === undefined) return { sql: '(id >= ? OR provider_call_id >= ?)', params: [low, low] };
  return { sql: '((id >= ? AND id < ?) OR (provider_call_id >= ? AND provider_call_id < ?))', params: [low, high, low, high] };
}

/**
 * The rows of a rollup table that satisfy `where`, as a FROM source (`... AS r`): with the
 * dialect's `pendingRollups`, the table's pending rows too, in the same statement, so the reader
 * sees one snapshot, in which each change is either pending or folded in.
 */
export function rollupSource(dialect: SqlDialect, table: 'call_counts' | 'call_series' | 'call_details', columns: string, where: string, params: readonly unknown[]): { sql: string; params: unknown[] } {
  const select = (from: string) => `SELECT ${columns} FROM ${from} WHERE ${where}`;
  if (!dialect.pendingRollups) return { sql: `(${select(table)}) AS r`, params: [...params] };
  return { sql: `(${select(table)} UNION ALL ${select(`${table}_pending`)}) AS r`, params: [...params, ...params] };
}
