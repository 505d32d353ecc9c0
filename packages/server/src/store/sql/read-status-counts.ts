import type { CallStatus } from '@callboard/core';
import type { StatusCount } from '../calls/assemble-stats.js';
import { isRollupFilter, type NormalizedCallFilter } from '../calls/normalize-call-filter.js';
import { HOUR_MS } from '../rollup/rollup-delta.js';
import { splitRange, type Span } from '../rollup/split-range.js';
import { callFilterSql, whereSql } from './call-filter-sql.js';
import { placeholders, rollupSource, type SqlDialect, type SqlExecutor, type SqlRow } from './sql-executor.js';

const SUMS = 'status, SUM(calls) AS calls, SUM(answered) AS answered, SUM(duration_sum) AS duration_sum, SUM(duration_count) AS duration_count';
const CALL_SUMS =
  'status, COUNT(*) AS calls, SUM(answered) AS answered, SUM(COALESCE(answered_duration, 0)) AS duration_sum, COUNT(answered_duration) AS duration_count';

/**
 * Per-status counts of the calls matching a filter, for totals and stats, without a full scan.
 *
 * Filters on status, direction, provider, language and start time are answered from the
 * `call_counts` rollup: the all-time rows when there is no time bound, otherwise whole UTC days,
 * whole hours beside them, and the two sub-hour edges counted exactly from the calls index.
 * Any other filter (search, durations) is counted on the calls table by its indexes. Pending
 * rollup rows count with the rollups (see `rollupSource`).
 */
export async function readStatusCounts(exec: SqlExecutor, dialect: SqlDialect, filter: NormalizedCallFilter): Promise<StatusCount[]> {
  if (!isRollupFilter(filter)) {
    const { conditions, params } = callFilterSql(filter, dialect);
    return toCounts(await exec.all(`SELECT ${CALL_SUMS} FROM calls ${whereSql(conditions)} GROUP BY status`, params));
  }
  const dims: string[] = [];
  const dimParams: unknown[] = [];
  const inList = (column: string, values: readonly string[] | undefined) => {
    if (!values) return;
    dims.push(`${column} IN (${placeholders(values.length)})`);
    dimParams.push(...values);
  };
  inList('status', filter.status);
  inList('direction', filter.direction && [filter.direction]);
  inList('provider', filter.provider);
  inList('language', filter.language);
  const rollup = (grain: string, span: Span | undefined) => {
    const conditions = ['grain = ?', ...dims];
    const params: unknown[] = [grain, ...dimParams];
    if (span && Number.isFinite(span[0])) {
      conditions.push('bucket >= ?');
      params.push(span[0]);
    }
    if (span && Number.isFinite(span[1])) {
      conditions.push('bucket < ?');
      params.push(span[1]);
    }
    const source = rollupSource(dialect, 'call_counts', 'status, calls, answered, duration_sum, duration_count', conditions.join(' AND '), params);
    return exec.all(`SELECT ${SUMS} FROM ${source.sql} GROUP BY status`, source.params);
  };
  if (filter.fromMs === undefined && filter.toMs === undefined) return toCounts(await rollup('all', undefined));
  const split = splitRange(filter.fromMs ?? -Infinity, filter.toMs ?? Infinity, HOUR_MS, 24);
  const parts: SqlRow[][] = [];
  if (split.coarse) parts.push(await rollup('day', split.coarse));
  for (const span of split.fine) parts.push(await rollup('hour', span));
  for (const [from, to] of split.edges) {
    const { conditions, params } = callFilterSql({ ...filter, fromMs: from, toMs: to }, dialect);
    parts.push(await exec.all(`SELECT ${CALL_SUMS} FROM calls ${whereSql(conditions)} GROUP BY status`, params));
  }
  return toCounts(parts.flat());
}

function toCounts(rows: SqlRow[]): StatusCount[] {
  const counts = new Map<CallStatus, StatusCount>();
  for (const row of rows) {
    const status = row.status as CallStatus;
    let count = counts.get(status);
    if (!count) {
      count = { status, calls: 0, answered: 0, durationSum: 0, durationCount: 0 };
      counts.set(status, count);
    }
    count.calls += Number(row.calls ?? 0);
    count.answered += Number(row.answered ?? 0);
    count.durationSum += Number(row.duration_sum ?? 0);
    count.durationCount += Number(row.duration_count ?? 0);
  }
  return [...counts.values()];
}
