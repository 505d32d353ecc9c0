import type { Clock } from '@callboard/core';

/** A per-connection rate limit: `burst` frames at once, refilled at `perSecond`. */
export interface TokenBucket {
  /** Takes one token; false when the bucket is empty (the frame is refused). */
  take(): boolean;
}

/** @internal Creates a full bucket. */
export function createTokenBucket(options: { burst: number; perSecond: number; clock: Clock }): TokenBucket {
  const { burst, perSecond, clock } = options;
  let tokens = burst;
  let last = clock.now();
  return {
    take() {
      const now = clock.now();
      tokens = Math.min(burst, tokens + ((now - last) / 1000) * perSecond);
      last = now;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
