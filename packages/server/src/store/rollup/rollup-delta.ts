import { addFactsToDetail, addFactsToSeries, emptyDetailCell, emptySeriesCell, type DetailCell, type SeriesCell } from '../analytics/analytics-cells.js';
import { QUARTER_MS } from '../analytics/zone-clock.js';
import type { CallFacts } from '../calls/call-facts.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** The direction and provider of the rollup rows that add up every direction and provider. */
export const ANY = '*';

/** Grains of the count rollup: all time, UTC days, UTC hours. */
export type CountGrain = 'all' | 'day' | 'hour';
/** Grains of the analytics detail rollup: UTC days and 15-minute buckets. */
export type DetailGrain = 'day' | 'quarter';

/** A change to one row of the `call_counts` rollup (totals and stats of the call log). */
export interface CountRow {
  grain: CountGrain;
  bucket: number;
  status: string;
  direction: string;
  provider: string;
  language: string;
  calls: number;
  answered: number;
  durationSum: number;
  durationCount: number;
}

/** A change to one row of the `call_series` rollup (15-minute buckets). */
export interface SeriesRow {
  bucket: number;
  direction: string;
  provider: string;
  cell: SeriesCell;
}

/** A change to one row of the `call_details` rollup. */
export interface DetailRow {
  grain: DetailGrain;
  bucket: number;
  direction: string;
  provider: string;
  cell: DetailCell;
}

/** The changes one write makes to every rollup, merged by row. */
export interface RollupDelta {
  counts: Map<string, CountRow>;
  series: Map<string, SeriesRow>;
  details: Map<string, DetailRow>;
}

/** A delta with no changes. */
export function emptyRollupDelta(): RollupDelta {
  return { counts: new Map(), series: new Map(), details: new Map() };
}

/**
 * Adds (`sign` 1) or removes (`sign` -1) a call's contribution to every rollup row it counts in:
 * the count rollup at three grains, and the analytics rollups for its own direction and
 * provider, for its direction with any provider (`*`), and for any direction and provider, so an
 * analytics query filtered on direction only, or not at all, reads exactly one row per bucket.
 */
export function addToRollupDelta(delta: RollupDelta, facts: CallFacts, sign: number): void {
  const { startMs, status, direction, provider, language } = facts;
  const grains: Array<[CountGrain, number]> = [['all', 0], ['day', Math.floor(startMs / DAY_MS)], ['hour', Math.floor(startMs / HOUR_MS)]];
  for (const [grain, bucket] of grains) {
    const key = `${grain}|${bucket}|${status}|${direction}|${provider}|${language}`;
    let row = delta.counts.get(key);
    if (!row) {
      row = { grain, bucket, status, direction, provider, language, calls: 0, answered: 0, durationSum: 0, durationCount: 0 };
      delta.counts.set(key, row);
    }
    row.calls += sign;
    if (facts.answered) row.answered += sign;
    if (facts.answeredDurationSec !== undefined) {
      row.durationSum += sign * facts.answeredDurationSec;
      row.durationCount += sign;
    }
  }
  const quarter = Math.floor(startMs / QUARTER_MS);
  for (const [dir, prov] of [[direction, provider], [direction, ANY], [ANY, ANY]] as const) {
    const seriesKey = `${quarter}|${dir}|${prov}`;
    let series = delta.series.get(seriesKey);
    if (!series) {
      series = { bucket: quarter, direction: dir, provider: prov, cell: emptySeriesCell() };
      delta.series.set(seriesKey, series);
    }
    addFactsToSeries(series.cell, facts, sign);
    for (const [grain, bucket] of [['quarter', quarter], ['day', Math.floor(startMs / DAY_MS)]] as const) {
      const detailKey = `${grain}|${bucket}|${dir}|${prov}`;
      let detail = delta.details.get(detailKey);
      if (!detail) {
        detail = { grain, bucket, direction: dir, provider: prov, cell: emptyDetailCell() };
        delta.details.set(detailKey, detail);
      }
      addFactsToDetail(detail.cell, facts, sign);
    }
  }
}

/** Whether two calls count the same in every rollup (then a write can skip the rollups). */
export function sameRollupFacts(a: CallFacts, b: CallFacts): boolean {
  return (
    a.startMs === b.startMs &&
    a.status === b.status &&
    a.direction === b.direction &&
    a.provider === b.provider &&
    a.language === b.language &&
    a.hangupCause === b.hangupCause &&
    a.answered === b.answered &&
    a.finished === b.finished &&
    a.answeredDurationSec === b.answeredDurationSec
  );
}
