import type { Call } from '@callboard/core';
import type { CallPage } from '../call-store.js';
import { callSortKey, encodeCallCursor, isDescending } from '../calls/call-cursor.js';
import { callMatchesFilter } from '../calls/call-matches-filter.js';
import type { NormalizedCallQuery } from '../calls/normalize-call-filter.js';

/**
 * One page of the call log over calls held in memory: filter, sort by (key, id), keyset after
 * the cursor. `limitOverride` lifts the page-size cap for internal callers.
 */
export function memoryPage(calls: Iterable<Call>, query: NormalizedCallQuery, limitOverride?: number): CallPage {
  const descending = isDescending(query.sort);
  const direction = descending ? -1 : 1;
  const keyed = [...calls]
    .filter((call) => callMatchesFilter(call, query))
    .map((call) => ({ call, key: callSortKey(call, query.sort) }))
    .sort((a, b) => direction * (a.key - b.key || (a.call.id < b.call.id ? -1 : a.call.id > b.call.id ? 1 : 0)));
  const cursor = query.cursor;
  const after = cursor
    ? keyed.filter(({ call, key }) => direction * (key - cursor.key) > 0 || (key === cursor.key && direction * (call.id < cursor.id ? -1 : call.id > cursor.id ? 1 : 0) > 0))
    : keyed;
  const limit = limitOverride ?? query.limit;
  const rows = after.slice(0, limit);
  const last = rows[rows.length - 1];
  const page: CallPage = { calls: rows.map((row) => row.call), total: keyed.length };
  if (after.length > limit && last) page.nextCursor = encodeCallCursor({ sort: query.sort, key: last.key, id: last.call.id });
  return page;
}
