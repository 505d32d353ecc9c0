import { CALL_STATUSES } from '@callboard/core';
import type { CallAnalytics } from '../call-store.js';
import { emptySeriesCell, mergeSeriesCell, type DetailCell, type SeriesCell } from './analytics-cells.js';
import { histogramQuantile } from './duration-histogram.js';
import type { NormalizedAnalyticsQuery } from './normalize-analytics-query.js';
import { QUARTER_MS, type ZoneClock } from './zone-clock.js';

/** What a store read for an analytics query: counts per 15-minute UTC bucket and range-wide breakdowns. */
export interface AnalyticsSource {
  /** Keyed by quarter index (`floor(ms / 15 min)`), only calls that start inside the range. */
  series: Map<number, SeriesCell>;
  detail: DetailCell;
  /** Keyed by minute index (`floor(ms / 60 s)`); required when the bucket is `minute`. */
  minutes?: Map<number, SeriesCell>;
}

interface ZoneBucket {
  key: string;
  startMs: number;
  cell: SeriesCell;
}

/**
 * Turns bucketed counts into {@link CallAnalytics}: zone-aware, zero-filled volume and daily
 * series, hour of day in the zone, breakdowns and duration statistics.
 *
 * Every local hour and day boundary of every current time zone falls on a 15-minute UTC
 * boundary, so each 15-minute bucket belongs to exactly one local hour and one local day, DST
 * days of 23 and 25 hours included.
 */
export function assembleAnalytics(query: NormalizedAnalyticsQuery, source: AnalyticsSource): CallAnalytics {
  const detail = source.detail;
  const days = zoneBuckets(query, query.zone, 'day', source.series);
  const volume =
    query.bucket === 'minute'
      ? minuteVolume(query, source.minutes ?? new Map())
      : zoneBuckets(query, query.zone, query.bucket, source.series).map(toVolume);
  const byHourOfDay = Array.from({ length: 24 }, (_, hour) => ({ hour, calls: 0 }));
  for (const [quarter, cell] of source.series) byHourOfDay[query.zone.local(quarter * QUARTER_MS).hour]!.calls += cell.calls;
  return {
    from: new Date(query.fromMs).toISOString(),
    to: new Date(query.toMs).toISOString(),
    timeZone: query.zone.timeZone,
    bucket: query.bucket,
    totals: {
      calls: detail.calls,
      answered: detail.answered,
      answerRate: detail.finished > 0 ? detail.answered / detail.finished : null,
      meanDurationSec: detail.durationCount > 0 ? detail.durationSum / detail.durationCount : null,
      medianDurationSec: histogramQuantile(detail.histogram, 0.5),
      p90DurationSec: histogramQuantile(detail.histogram, 0.9),
    },
    volume,
    byStatus: CALL_STATUSES.map((status) => ({ status, calls: detail.statuses[status] ?? 0 })),
    byHangupCause: ranked(detail.causes).map(([cause, calls]) => ({ cause, calls })),
    byHourOfDay,
    byLanguage: ranked(Object.fromEntries(Object.entries(detail.languages).map(([language, calls]) => [language || 'unknown', calls]))).map(([language, calls]) => ({ language, calls })),
    daily: days.map((day) => ({
      date: day.key,
      calls: day.cell.calls,
      answered: day.cell.answered,
      meanDurationSec: day.cell.durationCount > 0 ? day.cell.durationSum / day.cell.durationCount : null,
    })),
  };
}

/** Zero-filled local hours or days covering the range, each with the counts of its quarters. */
function zoneBuckets(query: NormalizedAnalyticsQuery, zone: ZoneClock, size: 'hour' | 'day', series: Map<number, SeriesCell>): ZoneBucket[] {
  const keyOf = (quarter: number): string => {
    const local = zone.local(quarter * QUARTER_MS);
    // The offset is part of an hour's key so the repeated hour of an autumn DST change is two buckets.
    return size === 'day' ? local.date : `${local.date}T${local.hour}@${local.offsetMinutes}`;
  };
  let quarter = Math.floor(query.fromMs / QUARTER_MS);
  const firstKey = keyOf(quarter);
  while (keyOf(quarter - 1) === firstKey) quarter--;
  const buckets: ZoneBucket[] = [];
  for (; quarter * QUARTER_MS < query.toMs; quarter++) {
    const key = keyOf(quarter);
    let bucket = buckets[buckets.length - 1];
    if (bucket?.key !== key) {
      bucket = { key, startMs: quarter * QUARTER_MS, cell: emptySeriesCell() };
      buckets.push(bucket);
    }
    const cell = series.get(quarter);
    if (cell) mergeSeriesCell(bucket.cell, cell);
  }
  return buckets;
}

function minuteVolume(query: NormalizedAnalyticsQuery, minutes: Map<number, SeriesCell>): CallAnalytics['volume'] {
  const volume: CallAnalytics['volume'] = [];
  for (let minute = Math.floor(query.fromMs / 60_000); minute * 60_000 < query.toMs; minute++) {
    const cell = minutes.get(minute);
    volume.push({ start: new Date(minute * 60_000).toISOString(), calls: cell?.calls ?? 0, answered: cell?.answered ?? 0, failed: cell?.failed ?? 0 });
  }
  return volume;
}

function toVolume(bucket: ZoneBucket): CallAnalytics['volume'][number] {
  return { start: new Date(bucket.startMs).toISOString(), calls: bucket.cell.calls, answered: bucket.cell.answered, failed: bucket.cell.failed };
}

function ranked(counts: Record<string, number>): Array<[string, number]> {
  return Object.entries(counts)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}
