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
  metadata?: Array<[key: string, value: string]>;
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
  if (filter.metadata !== undefined) {
    const entries = normalizeMetadataFilter(filter.metadata);
    if (entries.length > 0) out.metadata = entries;
  }
  return out;
}

/** The most keys one metadata filter may name. */
export const MAX_METADATA_FILTER_KEYS = 8;
/** A metadata key a filter may name (`__proto__` is refused: it cannot be an own key of a parsed object everywhere). */
export const METADATA_FILTER_KEY = /^(?!__proto__$)[A-Za-z0-9_.-]{1,64}$/;
/** The longest value a metadata filter may ask for. */
export const MAX_METADATA_FILTER_VALUE = 256;

/** Validates a metadata filter: keys sorted, each a short name, each value a string. */
function normalizeMetadataFilter(metadata: Record<string, string>): Array<[string, string]> {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) throw invalid('metadata', 'metadata must be an object of strings');
  const entries = Object.entries(metadata);
  if (entries.length > MAX_METADATA_FILTER_KEYS) throw invalid('metadata', `metadata may name at most ${MAX_METADATA_FILTER_KEYS} keys`);
  for (const [key, value] of entries) {
    if (!METADATA_FILTER_KEY.test(key)) throw invalid('metadata', `metadata key "${key.slice(0, 64)}" must be 1-64 letters, digits, _, - or .`);
    if (typeof value !== 'string' || value.length > MAX_METADATA_FILTER_VALUE) {
      throw invalid('metadata', `metadata.${key} must be a string of at most ${MAX_METADATA_FILTER_VALUE} characters`);
    }
  }
  return entries.sort(byMetadataKey);
}

/** Orders metadata filter entries by key: filters that differ only in key order get one spelling. */
export function byMetadataKey([a]: [string, string], [b]: [string, string]): number {
  return a < b ? -1 : a > b ? 1 : 0;
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

/** Whether only filters that the count rollups cover are set (no search, duration bounds or metadata). */
export function isRollupFilter(filter: NormalizedCallFilter): boolean {
  return filter.search === undefined && filter.minDurationSec === undefined && filter.maxDurationSec === undefined && filter.metadata === undefined;
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
