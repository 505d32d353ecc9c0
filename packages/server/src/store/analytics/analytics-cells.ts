import type { CallFacts } from '../calls/call-facts.js';
import { addToHistogram, mergeHistogram, type DurationHistogram } from './duration-histogram.js';

/** Per-bucket counts behind the volume series, hour-of-day and daily trend. */
export interface SeriesCell {
  calls: number;
  answered: number;
  /** Finished without being answered. */
  failed: number;
  /** Sum and count of answered durations, for exact means. */
  durationSum: number;
  durationCount: number;
}

/** Range-wide breakdowns: by status, hangup cause, language, and the duration histogram. */
export interface DetailCell {
  calls: number;
  answered: number;
  finished: number;
  durationSum: number;
  durationCount: number;
  statuses: Record<string, number>;
  causes: Record<string, number>;
  languages: Record<string, number>;
  histogram: DurationHistogram;
}

/** A series cell with nothing in it. */
export function emptySeriesCell(): SeriesCell {
  return { calls: 0, answered: 0, failed: 0, durationSum: 0, durationCount: 0 };
}

/** A detail cell with nothing in it. */
export function emptyDetailCell(): DetailCell {
  return { calls: 0, answered: 0, finished: 0, durationSum: 0, durationCount: 0, statuses: {}, causes: {}, languages: {}, histogram: {} };
}

/** Adds (`sign` 1) or removes (`sign` -1) one call's contribution to a series cell. */
export function addFactsToSeries(cell: SeriesCell, facts: CallFacts, sign: number): void {
  cell.calls += sign;
  if (facts.answered) cell.answered += sign;
  if (facts.finished && !facts.answered) cell.failed += sign;
  if (facts.answeredDurationSec !== undefined) {
    cell.durationSum += sign * facts.answeredDurationSec;
    cell.durationCount += sign;
  }
}

/** Adds every count of `other` (times `sign`) to a series cell. */
export function mergeSeriesCell(target: SeriesCell, other: SeriesCell, sign = 1): void {
  target.calls += sign * other.calls;
  target.answered += sign * other.answered;
  target.failed += sign * other.failed;
  target.durationSum += sign * other.durationSum;
  target.durationCount += sign * other.durationCount;
}

/** Adds (`sign` 1) or removes (`sign` -1) one call's contribution to a detail cell. */
export function addFactsToDetail(cell: DetailCell, facts: CallFacts, sign: number): void {
  cell.calls += sign;
  if (facts.answered) cell.answered += sign;
  if (facts.finished) cell.finished += sign;
  bump(cell.statuses, facts.status, sign);
  if (facts.hangupCause) bump(cell.causes, facts.hangupCause, sign);
  bump(cell.languages, facts.language, sign);
  if (facts.answeredDurationSec !== undefined) {
    cell.durationSum += sign * facts.answeredDurationSec;
    cell.durationCount += sign;
    addToHistogram(cell.histogram, facts.answeredDurationSec, sign);
  }
}

/** Adds every count of `other` (times `sign`) to a detail cell. */
export function mergeDetailCell(target: DetailCell, other: DetailCell, sign = 1): void {
  target.calls += sign * other.calls;
  target.answered += sign * other.answered;
  target.finished += sign * other.finished;
  target.durationSum += sign * other.durationSum;
  target.durationCount += sign * other.durationCount;
  for (const [key, count] of Object.entries(other.statuses)) bump(target.statuses, key, sign * count);
  for (const [key, count] of Object.entries(other.causes)) bump(target.causes, key, sign * count);
  for (const [key, count] of Object.entries(other.languages)) bump(target.languages, key, sign * count);
  mergeHistogram(target.histogram, other.histogram, sign);
}

/** Whether a sum of durations is zero, allowing for the rounding that adding and subtracting leaves. */
export function isZeroSum(sum: number): boolean {
  return Math.abs(sum) < 1e-6;
}

/** Whether every count of a cell is zero: as a delta it changes nothing, as a row it can be dropped. */
export function isZeroDetailCell(cell: DetailCell): boolean {
  return (
    cell.calls === 0 &&
    cell.answered === 0 &&
    cell.finished === 0 &&
    cell.durationCount === 0 &&
    isZeroSum(cell.durationSum) &&
    [cell.statuses, cell.causes, cell.languages, cell.histogram].every((counts) => Object.keys(counts).length === 0)
  );
}

function bump(counts: Record<string, number>, key: string, delta: number): void {
  const next = (counts[key] ?? 0) + delta;
  if (next === 0) delete counts[key];
  else counts[key] = next;
}
