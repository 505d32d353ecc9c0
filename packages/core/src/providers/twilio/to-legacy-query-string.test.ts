import { describe, expect, it } from 'vitest';
import { toLegacyQueryString } from './to-legacy-query-string.js';

describe('toLegacyQueryString', () => {
  // Expected values were produced by Node's querystring.stringify(querystring.parse(input)).
  it.each([
    ['foo=1&bar=2', 'foo=1&bar=2'],
    ["Body=It's+amazing", "Body=It's%20amazing"],
    ['b=2&a=1&b=3', 'b=2&b=3&a=1'],
    ['2=x&b=1&1=y&01=z&4294967294=p&4294967295=q', '1=y&2=x&4294967294=p&b=1&01=z&4294967295=q'],
    ['a=%E9&c=%zz&d=%2', 'a=%EF%BF%BD&c=%25zz&d=%252'],
    ['x=a%2Fb%3Ac%40d&y=%20%2B', 'x=a%2Fb%3Ac%40d&y=%20%2B'],
    ['&&a&=v&', 'a=&=v'],
    ['k=%F0%9F%98%80+%E2%82%AC', 'k=%F0%9F%98%80%20%E2%82%AC'],
    ['__proto__=1&constructor=2', '__proto__=1&constructor=2'],
    ['a=1=2', 'a=1%3D2'],
    ['name=%EF%BB%BFbom', 'name=%EF%BB%BFbom'],
    ['q=!*()~-._', 'q=!*()~-._'],
  ])('re-serializes %j as %j', (input, expected) => {
    expect(toLegacyQueryString(input)).toBe(expected);
  });

  it('stops after 1000 segments, counting empty ones', () => {
    const pairs = Array.from({ length: 1002 }, (_, i) => `k${i}=1`);
    expect(toLegacyQueryString(pairs.join('&')).split('&')).toHaveLength(1000);
    expect(toLegacyQueryString(`&&&&${pairs.join('&')}`).split('&')).toHaveLength(996);
  });
});
