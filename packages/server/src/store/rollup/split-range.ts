/** A half-open range `[start, end)` of bucket indexes or of ms; either end may be infinite. */
export type Span = [start: number, end: number];

/** How a time range splits into coarse buckets, fine buckets and exact edges. */
export interface RangeSplit {
  /** Coarse bucket indexes covered entirely. */
  coarse?: Span;
  /** Fine bucket indexes covered entirely (outside `coarse`). */
  fine: Span[];
  /** Millisecond ranges shorter than a fine bucket, read from the calls index. */
  edges: Span[];
}

/**
 * Splits `[fromMs, toMs)` (either end may be infinite) for reading rollups: whole coarse buckets
 * in the middle, whole fine buckets beside them, and the sub-bucket edges, which are counted
 * exactly from the calls table by index. `coarsePerFine` fine buckets make one coarse bucket.
 *
 * @example
 * // hours and days: 09:15 on day 0 to 00:30 on day 3
 * splitRange(33_300_000, 261_000_000, 3_600_000, 24);
 * // { coarse: [1, 3], fine: [[10, 24]], edges: [[33_300_000, 36_000_000], [259_200_000, 261_000_000]] }
 */
export function splitRange(fromMs: number, toMs: number, fineMs: number, coarsePerFine: number): RangeSplit {
  if (!(fromMs < toMs)) return { fine: [], edges: [] };
  const fineFrom = Math.ceil(fromMs / fineMs);
  const fineTo = Math.floor(toMs / fineMs);
  if (!(fineFrom < fineTo)) return { fine: [], edges: [[fromMs, toMs]] };
  const edges: Span[] = [];
  if (Number.isFinite(fromMs) && fromMs < fineFrom * fineMs) edges.push([fromMs, fineFrom * fineMs]);
  if (Number.isFinite(toMs) && fineTo * fineMs < toMs) edges.push([fineTo * fineMs, toMs]);
  const coarseFrom = Math.ceil(fineFrom / coarsePerFine);
  const coarseTo = Math.floor(fineTo / coarsePerFine);
  if (!(coarseFrom < coarseTo)) return { fine: [[fineFrom, fineTo]], edges };
  const fine: Span[] = [];
  if (fineFrom < coarseFrom * coarsePerFine) fine.push([fineFrom, coarseFrom * coarsePerFine]);
  if (coarseTo * coarsePerFine < fineTo) fine.push([coarseTo * coarsePerFine, fineTo]);
  return { coarse: [coarseFrom, coarseTo], fine, edges };
}
