import { describe, expect, it } from 'vitest';
import { addToHistogram, durationBin, durationBinValue, histogramQuantile, type DurationHistogram } from './duration-histogram.js';

function histogramOf(values: number[]): DurationHistogram {
  const histogram: DurationHistogram = {};
  for (const value of values) addToHistogram(histogram, value, 1);
  return histogram;
}

function nearestRank(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

describe('duration histogram', () => {
  it('is exact for whole seconds under 100 s', () => {
    const values = [3, 7, 7, 12, 45, 60, 61, 99];
    expect(histogramQuantile(histogramOf(values), 0.5)).toBe(nearestRank(values, 0.5));
    expect(histogramQuantile(histogramOf(values), 0.9)).toBe(nearestRank(values, 0.9));
  });

  it('stays within 0.5% of the true quantile for long calls', () => {
    const values = Array.from({ length: 2000 }, (_, i) => 100 + ((i * 7919) % 50_000) / 3);
    for (const q of [0.5, 0.9]) {
      const exact = nearestRank(values, q);
      const estimate = histogramQuantile(histogramOf(values), q)!;
      expect(Math.abs(estimate - exact) / exact).toBeLessThanOrEqual(0.005);
    }
  });

  it('puts each value in a bin whose representative is close to it', () => {
    for (const value of [100, 101.5, 250, 999, 3600, 86_400]) {
      const estimate = durationBinValue(durationBin(value));
      expect(Math.abs(estimate - value) / value).toBeLessThanOrEqual(0.005);
    }
  });

  it('removes a value that is subtracted again and answers null when empty', () => {
    const histogram = histogramOf([30, 40]);
    addToHistogram(histogram, 30, -1);
    addToHistogram(histogram, 40, -1);
    expect(histogram).toEqual({});
    expect(histogramQuantile(histogram, 0.5)).toBeNull();
  });
});
