import { describe, expect, it } from 'vitest';
import { createSeededRandom } from './create-seeded-random.js';

describe('createSeededRandom', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const a = createSeededRandom(7);
    const b = createSeededRandom(7);
    const c = createSeededRandom(8);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(first);
  });

  it('stays in [0, 1) and spreads evenly over ten buckets', () => {
    const random = createSeededRandom(123);
    const buckets = new Array<number>(10).fill(0);
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const value = random();
      if (value >= 0 && value < 1) buckets[Math.floor(value * 10)]!++;
      else outside++;
    }
    expect(outside).toBe(0);
    for (const count of buckets) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });
});
