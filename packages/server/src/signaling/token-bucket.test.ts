import { describe, expect, it } from 'vitest';
import { createManualClock } from '../realtime/__tests__/manual-clock.js';
import { createTokenBucket } from './token-bucket.js';

describe('createTokenBucket', () => {
  it('allows a burst, then refills at the sustained rate up to the burst', () => {
    const clock = createManualClock();
    const bucket = createTokenBucket({ burst: 3, perSecond: 2, clock });
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    clock.advance(499);
    expect(bucket.take()).toBe(false);
    clock.advance(1);
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    clock.advance(60_000);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  });
});
