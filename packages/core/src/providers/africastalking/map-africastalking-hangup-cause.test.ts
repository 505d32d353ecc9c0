import { describe, expect, it } from 'vitest';
import { mapAfricasTalkingHangupCause } from './map-africastalking-hangup-cause.js';

describe('mapAfricasTalkingHangupCause', () => {
  it('ends every answered call completed, keeping why it ended as the cause', () => {
    expect(mapAfricasTalkingHangupCause('NORMAL_CLEARING', true)).toEqual({ status: 'completed', hangupCause: 'normal' });
    expect(mapAfricasTalkingHangupCause('UNSPECIFIED', true)).toEqual({ status: 'completed', hangupCause: 'unknown' });
    expect(mapAfricasTalkingHangupCause('NORMAL_TEMPORARY_FAILURE', true)).toEqual({
      status: 'completed',
      hangupCause: 'network_error',
    });
    expect(mapAfricasTalkingHangupCause(undefined, true)).toEqual({ status: 'completed', hangupCause: 'unknown' });
  });

  it('matches cause names in any letter case and with stray spaces', () => {
    expect(mapAfricasTalkingHangupCause(' user_busy ', false)).toEqual({ status: 'busy', hangupCause: 'busy' });
    expect(mapAfricasTalkingHangupCause('Call_Rejected', false)).toEqual({ status: 'busy', hangupCause: 'rejected' });
  });

  it('counts a missing or unknown cause on an unanswered call as failed/unknown', () => {
    expect(mapAfricasTalkingHangupCause(undefined, false)).toEqual({ status: 'failed', hangupCause: 'unknown' });
    expect(mapAfricasTalkingHangupCause('BEARERCAPABILITY_NOTAVAIL', false)).toEqual({ status: 'failed', hangupCause: 'unknown' });
  });
});
