import type { Call } from '@callboard/core';
import type { CallPage } from '../call-store.js';
import { encodeCallCursor, isDescending } from '../calls/call-cursor.js';
import { isRollupFilter, type NormalizedCallQuery } from '../calls/normalize-call-filter.js';
import { callFilterSql, whereSql } from './call-filter-sql.js';
import { readStatusCounts } from './read-status-counts.js';
import type { SqlDialect, SqlExecutor, SqlRow } from './sql-executor.js';

/**
 * One page of the call log by keyset: `(sort key, id)` beyond the cursor, in index order, one
 * row more than the page to know whether another page follows.
 *
 * Several statuses with a time sort become one ordered index range per status (UNION ALL of
 * `status = ?` arms, each limited), so the page never sorts every matching call.
 */
export async function readCallPage(exec: SqlExecutor, dialect: SqlDialect, query: NormalizedCallQuery, withTotal = true): Promise<CallPage> {
  const keyColumn = query.sort === 'newest' || query.sort === 'oldest' ? 'start_ms' : 'duration_key';
  const dir = isDescending(query.sort) ? 'DESC' : 'ASC';
  const order = `ORDER BY ${keyColumn} ${dir}, id ${dir}`;
  const keyset = query.cursor ? { sql: `(${keyColumn}, id) ${dir === 'DESC' ? '<' : '>'} (?, ?)`, params: [query.cursor.key, query.cursor.id] } : undefined;
  const fetch = query.limit + 1;
  const columns = `body, ${keyColumn} AS sort_key, id`;
  const searchMatches = query.search && (await dialect.countSearchMatches?.(exec, query.search));
  const sqlOptions = searchMatches === undefined ? {} : { searchMatches };
  let rows: SqlRow[];
  const statuses = query.status;
  if (statuses && statuses.length > 1 && keyColumn === 'start_ms') {
    const rest = callFilterSql(query, dialect, { ...sqlOptions, omitStatus: true });
    const arms: string[] = [];
    const params: unknown[] = [];
    statuses.forEach((status, index) => {
      const conditions = ['status = ?', ...rest.conditions, ...(keyset ? [keyset.sql] : [])];
      arms.push(`SELECT * FROM (SELECT ${columns} FROM calls ${whereSql(conditions)} ${order} LIMIT ?) AS arm${index}`);
      params.push(status, ...rest.params, ...(keyset?.params ?? []), fetch);
    });
    rows = await exec.all(`${arms.join(' UNION ALL ')} ORDER BY sort_key ${dir}, id ${dir} LIMIT ?`, [...params, fetch]);
  } else {
    const filter = callFilterSql(query, dialect, sqlOptions);
    const conditions = [...filter.conditions, ...(keyset ? [keyset.sql] : [])];
    rows = await exec.all(`SELECT ${columns} FROM calls ${whereSql(conditions)} ${order} LIMIT ?`, [...filter.params, ...(keyset?.params ?? []), fetch]);
  }
  const pageRows = rows.slice(0, query.limit);
  const page: CallPage = { calls: pageRows.map((row) => JSON.parse(String(row.body)) as Call), total: 0 };
  const last = pageRows[pageRows.length - 1];
  if (rows.length > query.limit && last) page.nextCursor = encodeCallCursor({ sort: query.sort, key: Number(last.sort_key), id: String(last.id) });
  if (withTotal) page.total = searchMatches !== undefined && isSearchOnly(query) ? searchMatches : await countCalls(exec, dialect, query, searchMatches);
  return page;
}

/** The total of a page: from the rollups when they cover the filter, else a bare COUNT (index-only where the index allows). */
async function countCalls(exec: SqlExecutor, dialect: SqlDialect, query: NormalizedCallQuery, searchMatches: number | undefined): Promise<number> {
  if (isRollupFilter(query)) return (await readStatusCounts(exec, dialect, query)).reduce((sum, count) => sum + count.calls, 0);
  const { conditions, params } = callFilterSql(query, dialect, searchMatches === undefined ? {} : { searchMatches });
  const [row] = await exec.all(`SELECT COUNT(*) AS n FROM calls ${whereSql(conditions)}`, params);
  return Number(row?.n ?? 0);
}

/** Whether the query filters on nothing but the search (then the search index's count is the total). */
function isSearchOnly(query: NormalizedCallQuery): boolean {
  const { sort: _sort, limit: _limit, cursor: _cursor, search: _search, ...filters } = query;
  return Object.values(filters).every((value) => value === undefined);
}
