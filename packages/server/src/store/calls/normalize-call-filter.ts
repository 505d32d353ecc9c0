import { CallboardError, type CallStatus, type Direction } from '@callboard/core';
import type { CallFilter, CallListQuery, CallSort } from '../call-store.js';
import { decodeCallCursor, type CallCursor } from './call-cursor.js';
import { normalizeSearch, type CallSearch } from './call-search.js';

/** A validated {@link CallFilter}: times as ms, empty lists and blank search dropped. */
export interface NormalizedCallFilter {
  status?: CallStatus[];
  direction?: Direction;
  provider?: string[];
  fromMs?: number;
  toMs?: number;
  language?: string[];
  minDurationSec?: number;
  maxDurationSec?: number;
  search?: CallSearch;
}

/** A validated {@link CallListQuery}. */
export interface NormalizedCallQuery extends NormalizedCallFilter {
  sort: CallSort;
  limit: number;
  cursor?: CallCursor;
}

/** The default and the largest page size of the call log. */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** Validates a filter; throws `INVALID_ARGUMENT` naming the bad field. */
export function normalizeCallFilter(filter: CallFilter = {}): NormalizedCallFilter {
  const out: NormalizedCallFilter = {};
  if (filter.status?.length) out.status = [...new Set(filter.status)];
  if (filter.direction) out.direction = filter.direction;
  if (filter.provider?.length) out.provider = [...new Set(filter.provider)];
  if (filter.language?.length) out.language = [...new Set(filter.language)];
  if (filter.from !== undefined) out.fromMs = parseTime(filter.from, 'from');
  if (filter.to !== undefined) out.toMs = parseTime(filter.to, 'to');
  if (filter.minDurationSec !== undefined) out.minDurationSec = nonNegative(filter.minDurationSec, 'minDurationSec');
  if (filter.maxDurationSec !== undefined) out.maxDurationSec = nonNegative(filter.maxDurationSec, 'maxDurationSec');
  const search = normalizeSearch(filter.q);
  if (search) out.search = search;
  return out;
}

/** Validates a page request: sort defaults to `newest`, limit to 50 (at most 500). */
export function normalizeCallQuery(query: CallListQuery = {}): NormalizedCallQuery {
  const sort = query.sort ?? 'newest';
  if (!['newest', 'oldest', 'longest', 'shortest'].includes(sort)) throw invalid('sort', `Unknown sort "${sort}"`);
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw invalid('limit', `limit must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  const out: NormalizedCallQuery = { ...normalizeCallFilter(query), sort, limit };
  if (query.cursor) out.cursor = decodeCallCursor(query.cursor, sort);
  return out;
}

/** Whether only filters that the count rollups cover are set (no search, no duration bounds). */
export function isRollupFilter(filter: NormalizedCallFilter): boolean {
  return filter.search === undefined && filter.minDurationSec === undefined && filter.maxDurationSec === undefined;
}

function parseTime(value: string, field: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw invalid(field, `${field} is not an ISO time`);
  return ms;
}

function nonNegative(value: number, field: string): number {
  if (!Number.isFinite(value) || value < 0) throw invalid(field, `${field} must be a non-negative number`);
  return value;
}

function invalid(field: string, message: string): CallboardError {
  return new CallboardError({ code: 'INVALID_ARGUMENT', message, details: { field } });
}
