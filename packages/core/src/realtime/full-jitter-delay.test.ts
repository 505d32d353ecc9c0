import { describe, expect, it } from 'vitest';
import { fullJitterDelay } from './full-jitter-delay.js';

describe('fullJitterDelay', () => {
  it('starts between min and twice min with the default bounds', () => {
    expect(fullJitterDelay(0, { random: () => 0 })).toBe(500);
    expect(fullJitterDelay(0, { random: () => 0.999_999 })).toBe(1000);
  });

  it('doubles the jitter window with each attempt', () => {
    const top = (attempt: number) => fullJitterDelay(attempt, { minDelayMs: 100, maxDelayMs: 1e9, random: () => 1 });
    expect([0, 1, 2, 3].map(top)).toEqual([200, 300, 500, 900]);
  });

  it('never exceeds the maximum, even for huge attempt numbers', () => {
    expect(fullJitterDelay(5, { random: () => 0.999 })).toBe(16_484);
    expect(fullJitterDelay(6, { random: () => 0.999 })).toBe(20_000);
    expect(fullJitterDelay(10_000, { minDelayMs: 10, maxDelayMs: 50, random: () => 0.9 })).toBe(50);
  });

  it('spreads delays over the whole window', () => {
    const delays = [0, 0.25, 0.5, 0.75].map((r) => fullJitterDelay(2, { minDelayMs: 100, maxDelayMs: 10_000, random: () => r }));
    expect(delays).toEqual([100, 200, 300, 400]);
  });
});
