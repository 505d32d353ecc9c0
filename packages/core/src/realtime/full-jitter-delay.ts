/** Bounds of a full-jitter exponential backoff. */
export interface BackoffOptions {
  /** The smallest delay, in milliseconds (default 500). */
  minDelayMs?: number;
  /** The largest delay, in milliseconds (default 20 000). */
  maxDelayMs?: number;
  /** A number in [0, 1), injected for tests (default `Math.random`). */
  random?: () => number;
}

/** Default bounds, the ones centrifuge-js uses: 500 ms to 20 s. */
export const DEFAULT_BACKOFF = { minDelayMs: 500, maxDelayMs: 20_000 } as const;

/**
 * The delay before retry number `attempt` (0 for the first retry): full jitter over an
 * exponentially growing window, `min(max, min + random * min(max, min * 2^attempt))`.
 *
 * Full jitter spreads a crowd of clients that lost the server at the same moment over the
 * whole window, so they do not come back in lockstep.
 *
 * @example
 * fullJitterDelay(0, { random: () => 0.5 }); // 750
 * fullJitterDelay(10, { random: () => 0.5 }); // 20000 (capped)
 */
export function fullJitterDelay(attempt: number, options: BackoffOptions = {}): number {
  const min = options.minDelayMs ?? DEFAULT_BACKOFF.minDelayMs;
  const max = Math.max(min, options.maxDelayMs ?? DEFAULT_BACKOFF.maxDelayMs);
  const random = options.random ?? Math.random;
  // 2^31 already exceeds any sane maximum; clamping keeps the product finite.
  const window = Math.min(max, min * 2 ** Math.min(Math.max(0, attempt), 31));
  return Math.min(max, Math.round(min + random() * window));
}
