/**
 * Duration histograms with fine bins, from which the stores estimate the median and p90 of call
 * durations without reading the calls.
 *
 * Bins: one per whole second below {@link LINEAR_LIMIT_SEC} (100 s), then log-spaced bins
 * growing by {@link GROWTH} (1%). The estimate of a quantile is the representative of the bin
 * that holds the nearest-rank value, so the error bound is:
 * - durations under 100 s: exact for whole seconds, at most 1 s low for fractional ones;
 * - durations of 100 s and more: within 0.5% of the true value (the bin's geometric middle).
 */
export const LINEAR_LIMIT_SEC = 100;
/** Growth factor of the log-spaced bins. */
export const GROWTH = 1.01;

const LOG_GROWTH = Math.log(GROWTH);

/** Sparse counts per bin index. */
export type DurationHistogram = Record<string, number>;

/** The bin a duration falls in. */
export function durationBin(durationSec: number): number {
  if (durationSec < LINEAR_LIMIT_SEC) return Math.max(0, Math.floor(durationSec));
  return LINEAR_LIMIT_SEC + Math.floor(Math.log(durationSec / LINEAR_LIMIT_SEC) / LOG_GROWTH);
}

/** The value that stands for a bin: its lower bound below 100 s, its geometric middle above. */
export function durationBinValue(bin: number): number {
  if (bin < LINEAR_LIMIT_SEC) return bin;
  const low = LINEAR_LIMIT_SEC * GROWTH ** (bin - LINEAR_LIMIT_SEC);
  return Math.round(low * Math.sqrt(GROWTH) * 100) / 100;
}

/** Adds `sign` (1 or -1) calls of a duration to a histogram; empty bins are removed. */
export function addToHistogram(histogram: DurationHistogram, durationSec: number, sign: number): void {
  const bin = String(durationBin(durationSec));
  const next = (histogram[bin] ?? 0) + sign;
  if (next === 0) delete histogram[bin];
  else histogram[bin] = next;
}

/** Adds every bin of `other` (times `sign`) into `target`. */
export function mergeHistogram(target: DurationHistogram, other: DurationHistogram, sign = 1): void {
  for (const [bin, count] of Object.entries(other)) {
    const next = (target[bin] ?? 0) + sign * count;
    if (next === 0) delete target[bin];
    else target[bin] = next;
  }
}

/**
 * The nearest-rank quantile `q` (0 < q <= 1) of a histogram: the value of rank `ceil(q * n)`,
 * estimated as described above. Null for an empty histogram.
 */
export function histogramQuantile(histogram: DurationHistogram, q: number): number | null {
  const bins = Object.entries(histogram)
    .map(([bin, count]) => [Number(bin), count] as const)
    .filter(([, count]) => count > 0)
    .sort((a, b) => a[0] - b[0]);
  const total = bins.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const [bin, count] of bins) {
    seen += count;
    if (seen >= rank) return durationBinValue(bin);
  }
  return durationBinValue(bins[bins.length - 1]![0]);
}
