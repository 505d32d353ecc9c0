import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTwilioFormPairs } from './twilio-form-params.js';

describe('parseTwilioFormPairs', () => {
  it('decodes + as a space and percent escapes as UTF-8', () => {
    expect(parseTwilioFormPairs('Timestamp=Tue%2C+14+Nov&From=%2B1415&Name=Ren%C3%A9e')).toEqual([
      ['Timestamp', 'Tue, 14 Nov'],
      ['From', '+1415'],
      ['Name', 'Renée'],
    ]);
  });

  it('keeps order and repeats, skips empty segments, reads a bare name as an empty value', () => {
    expect(parseTwilioFormPairs('&a=1&&a=2&b&=c&')).toEqual([
      ['a', '1'],
      ['a', '2'],
      ['b', ''],
      ['', 'c'],
    ]);
  });

  it('splits at the first = only', () => {
    expect(parseTwilioFormPairs('a=b=c')).toEqual([['a', 'b=c']]);
  });

  it('keeps a bad escape literal and turns invalid UTF-8 into U+FFFD, never throwing', () => {
    expect(parseTwilioFormPairs('a=%zz&b=%E9&c=100%&d=%ED%A0%80')).toEqual([
      ['a', '%zz'],
      ['b', '\uFFFD'],
      ['c', '100%'],
      ['d', '\uFFFD\uFFFD\uFFFD'],
    ]);
  });

  it('keeps a leading byte-order mark', () => {
    expect(parseTwilioFormPairs('a=%EF%BB%BFx')).toEqual([['a', '\uFEFFx']]);
  });

  it('follows the WHATWG decoder where raw non-ASCII meets a bad escape (Node 20 URLSearchParams does not)', () => {
    // UTF-8 of é is C3 A9; %aa adds AA, which is not UTF-8, so only that byte becomes U+FFFD.
    expect(parseTwilioFormPairs('é%aa')).toEqual([['é\uFFFD', '']]);
  });

  it('agrees with URLSearchParams on any ASCII input (Twilio bodies are ASCII)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '=', '&', '+', '%', '2', 'B', 'E', '9', 'f', ' ', 'C', '8', 'A', '3') }), (body) => {
        expect(parseTwilioFormPairs(body)).toEqual([...new URLSearchParams(body)]);
      }),
      { numRuns: 2_000 },
    );
  });
});
