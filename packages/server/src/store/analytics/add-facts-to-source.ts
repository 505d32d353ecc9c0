import type { CallFacts } from '../calls/call-facts.js';
import { addFactsToDetail, addFactsToSeries, emptyDetailCell, emptySeriesCell, type SeriesCell } from './analytics-cells.js';
import type { AnalyticsSource } from './assemble-analytics.js';
import type { NormalizedAnalyticsQuery } from './normalize-analytics-query.js';
import { QUARTER_MS } from './zone-clock.js';

/** An analytics source with nothing in it (minutes included when the query asks for them). */
export function emptyAnalyticsSource(query: NormalizedAnalyticsQuery): AnalyticsSource {
  return query.bucket === 'minute'
    ? { series: new Map(), detail: emptyDetailCell(), minutes: new Map() }
    : { series: new Map(), detail: emptyDetailCell() };
}

/** Whether a call belongs in an analytics query: starts in the range, matches direction and provider. */
export function factsMatchAnalytics(facts: CallFacts, query: NormalizedAnalyticsQuery): boolean {
  return (
    facts.startMs >= query.fromMs &&
    facts.startMs < query.toMs &&
    (query.direction === undefined || facts.direction === query.direction) &&
    (query.provider === undefined || query.provider.includes(facts.provider))
  );
}

/**
 * Adds one call to the series and detail of an analytics source, read straight from the call
 * (the memory store for every call, the SQL stores for the sub-bucket edges of a range).
 */
export function addFactsToSource(source: AnalyticsSource, facts: CallFacts): void {
  addFactsToSeries(cellAt(source.series, Math.floor(facts.startMs / QUARTER_MS)), facts, 1);
  addFactsToDetail(source.detail, facts, 1);
}

/** Adds one call to the minute series of a source that has one. */
export function addFactsToMinutes(source: AnalyticsSource, facts: CallFacts): void {
  if (source.minutes) addFactsToSeries(cellAt(source.minutes, Math.floor(facts.startMs / 60_000)), facts, 1);
}

function cellAt(cells: Map<number, SeriesCell>, index: number): SeriesCell {
  let cell = cells.get(index);
  if (!cell) {
    cell = emptySeriesCell();
    cells.set(index, cell);
  }
  return cell;
}
