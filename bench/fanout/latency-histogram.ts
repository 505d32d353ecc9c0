/**
 * A log-linear latency histogram in the HDR style: values in microseconds, exact below 1 024 µs,
 * then 1 024 sub-buckets per power of two (relative error under 0.1 %, three significant digits),
 * from 1 µs to about 68 s. Recording is O(1) and allocation-free, so the load generator can record
 * every delivery.
 */

const SUB_BITS = 10;
const SUB_COUNT = 1 << SUB_BITS;
const MAX_EXPONENT = 26; // 2^26 µs ≈ 67 s
const BUCKETS = (MAX_EXPONENT - SUB_BITS + 2) * SUB_COUNT;

/** Percentiles of one histogram, in milliseconds. */
export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

/** Records latencies and answers percentiles. */
export interface LatencyHistogram {
  /** Records one latency given in milliseconds (negative values count as 0). */
  record(ms: number): void;
  readonly count: number;
  /** The value at a percentile (0-100), in milliseconds: the upper edge of its bucket. */
  percentile(p: number): number;
  summary(): LatencySummary;
  reset(): void;
}

function bucketOf(micros: number): number {
  if (micros < SUB_COUNT) return micros;
  const exponent = 31 - Math.clz32(micros);
  if (exponent > MAX_EXPONENT) return BUCKETS - 1;
  const shift = exponent - SUB_BITS;
  return (shift + 1) * SUB_COUNT + ((micros >>> shift) & (SUB_COUNT - 1));
}

function upperEdgeOf(bucket: number): number {
  if (bucket < SUB_COUNT) return bucket;
  const shift = Math.floor(bucket / SUB_COUNT) - 1;
  const sub = bucket % SUB_COUNT;
  return ((SUB_COUNT + sub + 1) << shift) - 1;
}

/** Creates an empty histogram. */
export function createLatencyHistogram(): LatencyHistogram {
  const counts = new Uint32Array(BUCKETS);
  let count = 0;
  let sumMs = 0;
  let maxMs = 0;

  function percentile(p: number): number {
    if (count === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * count));
    let seen = 0;
    for (let bucket = 0; bucket < BUCKETS; bucket++) {
      seen += counts[bucket]!;
      if (seen >= rank) return Math.min(upperEdgeOf(bucket) / 1000, maxMs);
    }
    return maxMs;
  }

  return {
    record(ms) {
      const value = ms > 0 ? ms : 0;
      counts[bucketOf(Math.min(Math.round(value * 1000), 2 ** 30))]! += 1;
      count += 1;
      sumMs += value;
      if (value > maxMs) maxMs = value;
    },
    get count() {
      return count;
    },
    percentile,
    summary() {
      return {
        count,
        p50: percentile(50),
        p90: percentile(90),
        p95: percentile(95),
        p99: percentile(99),
        p999: percentile(99.9),
        max: maxMs,
        mean: count === 0 ? 0 : sumMs / count,
      };
    },
    reset() {
      counts.fill(0);
      count = 0;
      sumMs = 0;
      maxMs = 0;
    },
  };
}
