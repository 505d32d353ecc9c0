import type { NormalizedCallFilter } from '../calls/normalize-call-filter.js';
import { placeholders, type SqlDialect } from './sql-executor.js';

/** SQL conditions on `calls` and their parameters. */
export interface SqlConditions {
  conditions: string[];
  params: unknown[];
}

/** Options of {@link callFilterSql}. */
export interface CallFilterSqlOptions {
  /** Leave the status out (the caller adds it per UNION arm). */
  omitStatus?: boolean;
  /** How many calls the search matches, when known (lets the dialect pick a plan). */
  searchMatches?: number;
}

/** The WHERE conditions of a call-log filter. */
export function callFilterSql(filter: NormalizedCallFilter, dialect: SqlDialect, options: CallFilterSqlOptions = {}): SqlConditions {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (filter.status && !options.omitStatus) {
    conditions.push(`status IN (${placeholders(filter.status.length)})`);
    params.push(...filter.status);
  }
  if (filter.direction) {
    conditions.push('direction = ?');
    params.push(filter.direction);
  }
  if (filter.provider) {
    conditions.push(`provider IN (${placeholders(filter.provider.length)})`);
    params.push(...filter.provider);
  }
  if (filter.language) {
    conditions.push(`language IN (${placeholders(filter.language.length)})`);
    params.push(...filter.language);
  }
  if (filter.fromMs !== undefined) {
    conditions.push('start_ms >= ?');
    params.push(filter.fromMs);
  }
  if (filter.toMs !== undefined) {
    conditions.push('start_ms < ?');
    params.push(filter.toMs);
  }
  if (filter.minDurationSec !== undefined) {
    conditions.push('duration_key >= ?');
    params.push(filter.minDurationSec);
  }
  if (filter.maxDurationSec !== undefined) {
    conditions.push('duration_key >= 0 AND duration_key <= ?');
    params.push(filter.maxDurationSec);
  }
  if (filter.metadata) {
    const metadata = dialect.metadata(filter.metadata);
    conditions.push(metadata.sql);
    params.push(...metadata.params);
  }
  if (filter.search) {
    const search = dialect.search(filter.search, options.searchMatches);
    conditions.push(search.sql);
    params.push(...search.params);
  }
  return { conditions, params };
}

/** `WHERE a AND b`, or nothing. */
export function whereSql(conditions: string[]): string {
  return conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
}
