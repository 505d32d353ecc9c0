import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { constantTimeEqual } from './constant-time-equal.js';

describe('constantTimeEqual', () => {
  it('says equal for the same text and unequal for any difference', () => {
    expect(constantTimeEqual('RSOYDt4T1cUTdK1PDd93/VVr8B8=', 'RSOYDt4T1cUTdK1PDd93/VVr8B8=')).toBe(true);
    expect(constantTimeEqual('RSOYDt4T1cUTdK1PDd93/VVr8B8=', 'RSOYDt4T1cUTdK1PDd93/VVr8B9=')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
    expect(constantTimeEqual('', 'a')).toBe(false);
  });

  it('agrees with === on any two strings, lone surrogates included', () => {
    const text = fc.string({ unit: 'binary', maxLength: 40 });
    fc.assert(fc.property(text, text, (a, b) => constantTimeEqual(a, b) === (a === b)), { numRuns: 1_000 });
    fc.assert(fc.property(text, (a) => constantTimeEqual(a, a)), { numRuns: 300 });
  });

  it('notices a change of any single code unit', () => {
    const unit = fc.integer({ min: 0, max: 0xffff });
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }), fc.nat(), unit, (a, position, code) => {
        const i = position % a.length;
        const b = a.slice(0, i) + String.fromCharCode(code) + a.slice(i + 1);
        return constantTimeEqual(a, b) === (a === b);
      }),
      { numRuns: 1_000 },
    );
  });

  it('tells apart strings that differ only in a lone surrogate', () => {
    expect(constantTimeEqual('token\uD800', 'token\uDBFF')).toBe(false);
  });
});
