import { describe, expect, it } from 'vitest';
import { splitRange } from './split-range.js';

const H = 3_600_000;

describe('splitRange', () => {
  it('splits into whole days, whole hours beside them and exact edges', () => {
    expect(splitRange(9.25 * H, 72.5 * H, H, 24)).toEqual({ coarse: [1, 3], fine: [[10, 24]], edges: [[9.25 * H, 10 * H], [72 * H, 72.5 * H]] });
  });

  it('keeps a range shorter than a fine bucket as one edge', () => {
    expect(splitRange(10.1 * H, 10.9 * H, H, 24)).toEqual({ fine: [], edges: [[10.1 * H, 10.9 * H]] });
  });

  it('uses only fine buckets when no coarse bucket fits', () => {
    expect(splitRange(10 * H, 20 * H, H, 24)).toEqual({ fine: [[10, 20]], edges: [] });
  });

  it('handles open ends', () => {
    expect(splitRange(-Infinity, 30.5 * H, H, 24)).toEqual({ coarse: [-Infinity, 1], fine: [[24, 30]], edges: [[30 * H, 30.5 * H]] });
    expect(splitRange(1.5 * H, Infinity, H, 24)).toEqual({ coarse: [1, Infinity], fine: [[2, 24]], edges: [[1.5 * H, 2 * H]] });
  });

  it('answers nothing for an empty range', () => {
    expect(splitRange(5 * H, 5 * H, H, 24)).toEqual({ fine: [], edges: [] });
  });
});
