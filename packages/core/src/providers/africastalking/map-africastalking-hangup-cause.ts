import type { TerminalStatus } from '../../model/call-status.js';
import type { HangupCause } from '../../model/hangup.js';

/** The canonical end of an Africa's Talking call. */
export interface AfricasTalkingCallEnd {
  status: TerminalStatus;
  hangupCause: HangupCause;
}

// Unanswered outcomes by Q.850 name (shared/reference/providers.md §6.2-6.3). CALL_REJECTED is
// `busy` with cause `rejected`: from the caller's side, the callee would not take the call.
const UNANSWERED: Record<string, AfricasTalkingCallEnd> = {
  NORMAL_CLEARING: { status: 'no-answer', hangupCause: 'no_answer' },
  USER_BUSY: { status: 'busy', hangupCause: 'busy' },
  CALL_REJECTED: { status: 'busy', hangupCause: 'rejected' },
  NO_ANSWER: { status: 'no-answer', hangupCause: 'no_answer' },
  NO_USER_RESPONSE: { status: 'no-answer', hangupCause: 'no_answer' },
  ORIGINATOR_CANCEL: { status: 'canceled', hangupCause: 'canceled' },
  LOSE_RACE: { status: 'canceled', hangupCause: 'lost_race' },
  UNALLOCATED_NUMBER: { status: 'failed', hangupCause: 'invalid_number' },
  SUBSCRIBER_ABSENT: { status: 'failed', hangupCause: 'unreachable' },
  USER_NOT_REGISTERED: { status: 'failed', hangupCause: 'unreachable' },
  NORMAL_TEMPORARY_FAILURE: { status: 'failed', hangupCause: 'network_error' },
  SERVICE_UNAVAILABLE: { status: 'failed', hangupCause: 'network_error' },
  RECOVERY_ON_TIMER_EXPIRE: { status: 'failed', hangupCause: 'network_error' },
  UNSPECIFIED: { status: 'failed', hangupCause: 'unknown' },
};

const UNKNOWN_END: AfricasTalkingCallEnd = { status: 'failed', hangupCause: 'unknown' };

/**
 * Maps the `hangupCause` of a final (`isActive=0`) callback to a terminal status and a
 * normalized cause.
 *
 * An answered call always ends `completed`, whatever the cause: the cause then says why it
 * ended (`normal` for `NORMAL_CLEARING`, `network_error` for a dropped line, `unknown` for
 * `UNSPECIFIED`). An unanswered call maps by cause; a missing or unrecognised cause counts as
 * `UNSPECIFIED`. Names are matched in any letter case.
 *
 * @example
 * mapAfricasTalkingHangupCause('NORMAL_CLEARING', true);  // { status: 'completed', hangupCause: 'normal' }
 * mapAfricasTalkingHangupCause('NORMAL_CLEARING', false); // { status: 'no-answer', hangupCause: 'no_answer' }
 */
export function mapAfricasTalkingHangupCause(cause: string | undefined, answered: boolean): AfricasTalkingCallEnd {
  const name = cause?.trim().toUpperCase() ?? 'UNSPECIFIED';
  const unanswered = Object.hasOwn(UNANSWERED, name) ? UNANSWERED[name]! : UNKNOWN_END;
  if (!answered) return unanswered;
  if (name === 'NORMAL_CLEARING') return { status: 'completed', hangupCause: 'normal' };
  return { status: 'completed', hangupCause: unanswered.hangupCause };
}
