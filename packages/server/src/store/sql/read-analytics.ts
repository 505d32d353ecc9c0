import { DIRECTIONS } from '@callboard/core';
import { addFactsToSource, emptyAnalyticsSource } from '../analytics/add-facts-to-source.js';
import { mergeDetailCell, type DetailCell } from '../analytics/analytics-cells.js';
import type { AnalyticsSource } from '../analytics/assemble-analytics.js';
import type { NormalizedAnalyticsQuery } from '../analytics/normalize-analytics-query.js';
import { QUARTER_MS } from '../analytics/zone-clock.js';
import { FACT_COLUMNS, factsFromRow } from '../calls/facts-from-row.js';
import { ANY } from '../rollup/rollup-delta.js';
import { splitRange, type Span } from '../rollup/split-range.js';
import { placeholders, rollupSource, type SqlDialect, type SqlExecutor } from './sql-executor.js';

/**
 * Reads what an analytics query needs from the rollups, never from every call:
 * - the 15-minute `call_series` rows inside the range (volume, hour of day, daily trend);
 * - `call_details` rows (statuses, causes, languages, duration histogram): whole UTC days from
 *   the day rows, the rest from the 15-minute rows;
 * - the calls of the two sub-15-minute edges, exactly, from the calls index;
 * - per-minute counts from the calls index when the bucket is `minute` (ranges up to a day).
 * Unfiltered and direction-only queries read the `*` rows, so their cost does not grow with the
 * number of providers. Pending rollup rows count with the rollups (see `rollupSource`).
 */
export async function readAnalytics(exec: SqlExecutor, dialect: SqlDialect, query: NormalizedAnalyticsQuery): Promise<AnalyticsSource> {
  const source = emptyAnalyticsSource(query);
  const dims = dimensions(query);
  const split = splitRange(query.fromMs, query.toMs, QUARTER_MS, 96);
  const quarters: Span = [Math.ceil(query.fromMs / QUARTER_MS), Math.floor(query.toMs / QUARTER_MS)];
  if (quarters[0] < quarters[1]) {
    const series = rollupSource(dialect, 'call_series', 'bucket, calls, answered, failed, duration_sum, duration_count', `${dims.sql} AND bucket >= ? AND bucket < ?`, [
      ...dims.params,
      quarters[0],
      quarters[1],
    ]);
    const rows = await exec.all(
      `SELECT bucket, SUM(calls) AS calls, SUM(answered) AS answered, SUM(failed) AS failed, SUM(duration_sum) AS duration_sum, SUM(duration_count) AS duration_count
       FROM ${series.sql} GROUP BY bucket`,
      series.params,
    );
    for (const row of rows) {
      source.series.set(Number(row.bucket), {
        calls: Number(row.calls),
        answered: Number(row.answered),
        failed: Number(row.failed),
        durationSum: Number(row.duration_sum),
        durationCount: Number(row.duration_count),
      });
    }
  }
  const details = async (grain: 'day' | 'quarter', span: Span) => {
    const cells = rollupSource(dialect, 'call_details', 'body', `grain = ? AND ${dims.sql} AND bucket >= ? AND bucket < ?`, [grain, ...dims.params, span[0], span[1]]);
    const rows = await exec.all(`SELECT body FROM ${cells.sql}`, cells.params);
    for (const row of rows) mergeDetailCell(source.detail, JSON.parse(String(row.body)) as DetailCell);
  };
  if (split.coarse) await details('day', split.coarse);
  for (const span of split.fine) await details('quarter', span);
  for (const [from, to] of split.edges) {
    const rows = await exec.all(`SELECT ${FACT_COLUMNS} FROM calls WHERE start_ms >= ? AND start_ms < ?${dims.callSql}`, [from, to, ...dims.callParams]);
    for (const row of rows) addFactsToSource(source, factsFromRow(row));
  }
  if (source.minutes) {
    const rows = await exec.all(
      `SELECT start_ms / 60000 AS minute, COUNT(*) AS calls, SUM(answered) AS answered, SUM(finished - answered) AS failed
       FROM calls WHERE start_ms >= ? AND start_ms < ?${dims.callSql} GROUP BY start_ms / 60000`,
      [query.fromMs, query.toMs, ...dims.callParams],
    );
    for (const row of rows) {
      source.minutes.set(Number(row.minute), { calls: Number(row.calls), answered: Number(row.answered), failed: Number(row.failed), durationSum: 0, durationCount: 0 });
    }
  }
  return source;
}

function dimensions(query: NormalizedAnalyticsQuery): { sql: string; params: unknown[]; callSql: string; callParams: unknown[] } {
  const direction = query.direction ? { sql: 'direction = ?', params: [query.direction] } : undefined;
  const provider = query.provider ? { sql: `provider IN (${placeholders(query.provider.length)})`, params: query.provider } : undefined;
  // Every condition is an equality or IN on the primary key prefix, so the bucket range stays a
  // range scan: a provider filter alone reads both directions' rows by name, not `direction <> '*'`.
  const rollup = [
    direction ?? (provider ? { sql: `direction IN (${placeholders(DIRECTIONS.length)})`, params: [...DIRECTIONS] } : { sql: 'direction = ?', params: [ANY] }),
    provider ?? { sql: 'provider = ?', params: [ANY] },
  ];
  const calls = [direction, provider].filter((part) => part !== undefined);
  return {
    sql: rollup.map((part) => part.sql).join(' AND '),
    params: rollup.flatMap((part) => part.params),
    callSql: calls.map((part) => ` AND ${part.sql}`).join(''),
    callParams: calls.flatMap((part) => part.params),
  };
}
