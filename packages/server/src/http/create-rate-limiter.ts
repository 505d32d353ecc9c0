import { systemClock, type Clock } from '@callboard/core';

/** A token bucket: `ratePerSec` tokens refill every second, up to `burst`. */
export interface RateLimit {
  ratePerSec: number;
  burst: number;
}

/** Takes one token for a key; says how long to wait when there is none. */
export interface RateLimiter {
  /** Takes a token; returns 0 when allowed, else the seconds until a token is available. */
  take(key: string): number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** How many buckets to keep before full (idle) ones are dropped. */
const MAX_BUCKETS = 50_000;

/**
 * A per-key token-bucket limiter, in memory (one node). Idle buckets are refilled lazily on
 * use and swept once the table grows, so memory stays bounded by the number of active keys.
 *
 * @example
 * const limiter = createRateLimiter({ ratePerSec: 20, burst: 40 });
 * if (limiter.take(principal.subject) > 0) return tooManyRequests();
 */
export function createRateLimiter(limit: RateLimit, clock: Clock = systemClock): RateLimiter {
  const buckets = new Map<string, Bucket>();
  const perMs = limit.ratePerSec / 1000;

  function sweep(now: number): void {
    for (const [key, bucket] of buckets) {
      if (bucket.tokens + (now - bucket.at) * perMs >= limit.burst) buckets.delete(key);
    }
  }

  return {
    take(key) {
      const now = clock.now();
      let bucket = buckets.get(key);
      if (bucket === undefined) {
        if (buckets.size >= MAX_BUCKETS) sweep(now);
        bucket = { tokens: limit.burst, at: now };
        buckets.set(key, bucket);
      } else {
        bucket.tokens = Math.min(limit.burst, bucket.tokens + (now - bucket.at) * perMs);
        bucket.at = now;
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
    },
  };
}
