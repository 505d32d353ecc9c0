import { describe, expect, it } from 'vitest';
import { parseTwilioTimestamp } from './parse-twilio-timestamp.js';

describe('parseTwilioTimestamp', () => {
  it.each([
    ['Tue, 14 Nov 2023 22:13:20 +0000', '2023-11-14T22:13:20.000Z'],
    ['14 Nov 2023 22:13:20 +0000', '2023-11-14T22:13:20.000Z'],
    ['Tue, 14 Nov 2023 23:13:20 +0100', '2023-11-14T22:13:20.000Z'],
    ['Tue, 14 Nov 2023 17:13:20 -0500', '2023-11-14T22:13:20.000Z'],
    ['Tue, 14 Nov 2023 22:13:20 GMT', '2023-11-14T22:13:20.000Z'],
    ['Wed, 1 Jan 2025 00:00 +0000', '2025-01-01T00:00:00.000Z'],
    ['2023-11-14T22:13:12.064807Z', '2023-11-14T22:13:12.064Z'],
    ['2023-11-14T22:13:12Z', '2023-11-14T22:13:12.000Z'],
    ['2023-11-14T23:13:12.5+01:00', '2023-11-14T22:13:12.500Z'],
  ])('reads %j as %s', (text, iso) => {
    expect(parseTwilioTimestamp(text)).toBe(iso);
  });

  it.each([
    undefined,
    '',
    'yesterday',
    '1699999999',
    'Tue, 31 Feb 2023 22:13:20 +0000',
    'Tue, 14 Nov 2023 24:00:00 +0000',
    'Tue, 14 Nov 2023 22:60:00 +0000',
    'Tue, 14 Foo 2023 22:13:20 +0000',
    'Tue, 14 Nov 2023 22:13:20 +2500',
    'Tue, 14 Nov 1969 22:13:20 +0000',
    '2023-13-14T22:13:12Z',
    '2023-11-14 22:13:12',
  ])('gives undefined for %j', (text) => {
    expect(parseTwilioTimestamp(text)).toBeUndefined();
  });
});
