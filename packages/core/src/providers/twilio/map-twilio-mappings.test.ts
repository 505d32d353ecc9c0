import { describe, expect, it } from 'vitest';
import { mapTwilioAnsweredBy } from './map-twilio-answered-by.js';
import { mapTwilioDirection } from './map-twilio-direction.js';
import { mapTwilioHangupCause } from './map-twilio-hangup-cause.js';

describe('mapTwilioHangupCause (providers.md §6.3)', () => {
  it.each([
    ['completed', undefined, 'normal'],
    ['busy', 486, 'busy'],
    ['busy', 603, 'rejected'],
    ['no-answer', 487, 'no_answer'],
    ['canceled', 487, 'canceled'],
    ['failed', undefined, 'unknown'],
    ['failed', 404, 'invalid_number'],
    ['failed', 484, 'invalid_number'],
    ['failed', 480, 'unreachable'],
    ['failed', 500, 'network_error'],
    ['failed', 503, 'network_error'],
    ['failed', 599, 'network_error'],
    ['failed', 603, 'rejected'],
    ['failed', 488, 'unknown'],
  ] as const)('%s with SIP %s is %s', (status, sip, cause) => {
    expect(mapTwilioHangupCause(status, sip)).toBe(cause);
  });
});

describe('mapTwilioAnsweredBy', () => {
  it.each([
    ['human', 'human'],
    ['machine_start', 'machine'],
    ['machine_end_beep', 'machine'],
    ['machine_end_silence', 'machine'],
    ['machine_end_other', 'machine'],
    ['fax', 'fax'],
    ['unknown', 'unknown'],
    ['something-new', 'unknown'],
  ])('%s is %s', (value, answeredBy) => {
    expect(mapTwilioAnsweredBy(value)).toBe(answeredBy);
  });
});

describe('mapTwilioDirection', () => {
  it.each([
    ['inbound', 'inbound'],
    ['outbound-api', 'outbound'],
    ['outbound-dial', 'outbound'],
    ['trunking-terminating', 'outbound'],
    ['trunking-originating', 'inbound'],
    ['sideways', undefined],
    [undefined, undefined],
  ])('%s is %s', (value, direction) => {
    expect(mapTwilioDirection(value)).toBe(direction);
  });
});
