import { describe, expect, it } from 'vitest';
import { mapTelnyxHangup, type TelnyxHangupInput, type TelnyxHangupOutcome } from './map-telnyx-hangup.js';

type Case = [string, TelnyxHangupInput, Pick<TelnyxHangupOutcome, 'status' | 'hangupCause'>];

describe('mapTelnyxHangup', () => {
  // reference/providers.md §6.2 and §6.3, row by row.
  it.each<Case>([
    ['normal_clearing after answer', { hangupCause: 'normal_clearing', hangupSource: 'callee', sipHangupCause: '200' }, { status: 'completed', hangupCause: 'normal' }],
    ['normal_clearing with no SIP code', { hangupCause: 'normal_clearing', hangupSource: 'caller', sipHangupCause: 'unspecified' }, { status: 'completed', hangupCause: 'normal' }],
    ['unanswered normal_clearing we hung up on our outbound leg', { hangupCause: 'normal_clearing', hangupSource: 'caller', sipHangupCause: '487', direction: 'outbound' }, { status: 'canceled', hangupCause: 'canceled' }],
    ['unanswered normal_clearing we hung up on an inbound leg', { hangupCause: 'normal_clearing', hangupSource: 'callee', sipHangupCause: '487', direction: 'inbound' }, { status: 'canceled', hangupCause: 'canceled' }],
    ['unanswered normal_clearing the other side ended', { hangupCause: 'normal_clearing', hangupSource: 'callee', sipHangupCause: '480', direction: 'outbound' }, { status: 'no-answer', hangupCause: 'no_answer' }],
    ['unanswered normal_clearing with a 5xx', { hangupCause: 'normal_clearing', hangupSource: 'unknown', sipHangupCause: '502', direction: 'outbound' }, { status: 'failed', hangupCause: 'network_error' }],
    ['unanswered normal_clearing, caller side, direction unknown', { hangupCause: 'normal_clearing', hangupSource: 'caller', sipHangupCause: '487' }, { status: 'no-answer', hangupCause: 'no_answer' }],
    ['user_busy', { hangupCause: 'user_busy', hangupSource: 'callee', sipHangupCause: '486' }, { status: 'busy', hangupCause: 'busy' }],
    ['call_rejected (603 Decline)', { hangupCause: 'call_rejected', hangupSource: 'callee', sipHangupCause: '603' }, { status: 'busy', hangupCause: 'rejected' }],
    ['timeout', { hangupCause: 'timeout', hangupSource: 'unknown', sipHangupCause: '487' }, { status: 'no-answer', hangupCause: 'no_answer' }],
    ['no_answer', { hangupCause: 'no_answer', hangupSource: 'callee', sipHangupCause: '480' }, { status: 'no-answer', hangupCause: 'no_answer' }],
    ['originator_cancel', { hangupCause: 'originator_cancel', hangupSource: 'caller', sipHangupCause: '487' }, { status: 'canceled', hangupCause: 'canceled' }],
    ['not_found', { hangupCause: 'not_found', hangupSource: 'callee', sipHangupCause: '404' }, { status: 'failed', hangupCause: 'invalid_number' }],
    ['time_limit', { hangupCause: 'time_limit', hangupSource: 'unknown', sipHangupCause: 'unspecified' }, { status: 'completed', hangupCause: 'time_limit' }],
    ['unspecified without a SIP code', { hangupCause: 'unspecified', hangupSource: 'unknown', sipHangupCause: 'unspecified' }, { status: 'failed', hangupCause: 'unknown' }],
    ['unspecified with 503', { hangupCause: 'unspecified', sipHangupCause: '503' }, { status: 'failed', hangupCause: 'network_error' }],
    ['unspecified with 404', { hangupCause: 'unspecified', sipHangupCause: '404' }, { status: 'failed', hangupCause: 'invalid_number' }],
    ['unspecified with 484', { hangupCause: 'unspecified', sipHangupCause: 484 }, { status: 'failed', hangupCause: 'invalid_number' }],
    ['unspecified with 480', { hangupCause: 'unspecified', sipHangupCause: '480' }, { status: 'failed', hangupCause: 'unreachable' }],
    ['unspecified with 486', { hangupCause: 'unspecified', sipHangupCause: '486' }, { status: 'busy', hangupCause: 'busy' }],
    ['unspecified with 603', { hangupCause: 'unspecified', sipHangupCause: '603' }, { status: 'busy', hangupCause: 'rejected' }],
    ['unspecified with 408', { hangupCause: 'unspecified', sipHangupCause: '408' }, { status: 'no-answer', hangupCause: 'no_answer' }],
    ['unspecified with 487', { hangupCause: 'unspecified', sipHangupCause: '487' }, { status: 'canceled', hangupCause: 'canceled' }],
    ['unspecified with 200 (answered)', { hangupCause: 'unspecified', sipHangupCause: '200' }, { status: 'completed', hangupCause: 'unknown' }],
    ['unspecified with 606', { hangupCause: 'unspecified', sipHangupCause: '606' }, { status: 'failed', hangupCause: 'unknown' }],
    ['a cause Telnyx adds later', { hangupCause: 'some_new_cause', sipHangupCause: '500' }, { status: 'failed', hangupCause: 'network_error' }],
    ['no cause at all', {}, { status: 'failed', hangupCause: 'unknown' }],
  ])('%s', (_, input, expected) => {
    expect(mapTelnyxHangup(input)).toMatchObject(expected);
  });

  it('keeps the raw cause, the SIP code and the hangup source', () => {
    expect(mapTelnyxHangup({ hangupCause: 'call_rejected', hangupSource: 'callee', sipHangupCause: '603' })).toEqual({
      status: 'busy',
      hangupCause: 'rejected',
      hangupCauseRaw: 'call_rejected',
      sipCode: 603,
      hangupSource: 'callee',
    });
  });

  it('leaves out a SIP code that is not one', () => {
    for (const sipHangupCause of ['unspecified', '6033', '99', '700', 'abc', 200.5, null]) {
      expect(mapTelnyxHangup({ hangupCause: 'user_busy', sipHangupCause })).not.toHaveProperty('sipCode');
    }
  });

  it('maps an unfamiliar hangup source to unknown and a missing one to nothing', () => {
    expect(mapTelnyxHangup({ hangupCause: 'user_busy', hangupSource: 'switch' }).hangupSource).toBe('unknown');
    expect(mapTelnyxHangup({ hangupCause: 'user_busy' })).not.toHaveProperty('hangupSource');
  });
});
