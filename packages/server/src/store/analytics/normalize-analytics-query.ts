import { CallboardError, type Direction } from '@callboard/core';
import type { AnalyticsBucket, AnalyticsQuery } from '../call-store.js';
import { createZoneClock, type ZoneClock } from './zone-clock.js';

/** A validated {@link AnalyticsQuery}. */
export interface NormalizedAnalyticsQuery {
  fromMs: number;
  toMs: number;
  zone: ZoneClock;
  bucket: AnalyticsBucket;
  direction?: Direction;
  provider?: string[];
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Longest range an analytics query may cover. */
export const MAX_ANALYTICS_RANGE_MS = 400 * DAY_MS;
/** Longest range with minute buckets (read from the calls index rather than the rollups). */
export const MAX_MINUTE_RANGE_MS = DAY_MS;

/**
 * Validates an analytics query; throws `INVALID_ARGUMENT` naming the bad field. The bucket
 * defaults to minutes up to 2 hours, hours up to 3 days, days beyond.
 */
export function normalizeAnalyticsQuery(query: AnalyticsQuery): NormalizedAnalyticsQuery {
  const fromMs = Date.parse(query.from);
  const toMs = Date.parse(query.to);
  if (Number.isNaN(fromMs)) throw invalid('from', 'from is not an ISO time');
  if (Number.isNaN(toMs)) throw invalid('to', 'to is not an ISO time');
  if (toMs <= fromMs) throw invalid('to', 'to must be after from');
  const range = toMs - fromMs;
  if (range > MAX_ANALYTICS_RANGE_MS) throw invalid('to', 'An analytics range may cover at most 400 days');
  const bucket = query.bucket ?? (range <= 2 * HOUR_MS ? 'minute' : range <= 3 * DAY_MS ? 'hour' : 'day');
  if (!['minute', 'hour', 'day'].includes(bucket)) throw invalid('bucket', `Unknown bucket "${bucket}"`);
  if (bucket === 'minute' && range > MAX_MINUTE_RANGE_MS) {
    throw invalid('bucket', 'Minute buckets are available for ranges of up to one day');
  }
  const out: NormalizedAnalyticsQuery = { fromMs, toMs, zone: createZoneClock(query.timeZone ?? 'UTC'), bucket };
  if (query.direction) out.direction = query.direction;
  if (query.provider?.length) out.provider = [...new Set(query.provider)];
  return out;
}

function invalid(field: string, message: string): CallboardError {
  return new CallboardError({ code: 'INVALID_ARGUMENT', message, details: { field } });
}
