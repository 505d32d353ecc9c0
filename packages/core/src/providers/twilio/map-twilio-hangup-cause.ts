import type { TerminalStatus } from '../../model/call-status.js';
import type { HangupCause } from '../../model/hangup.js';

/**
 * The normalized hangup cause of a terminal Twilio `CallStatus` (reference/providers.md §6.3).
 * Twilio has no cause field in status callbacks; `SipResponseCode`, when present, refines it:
 * 603 Decline is `rejected` (on `busy` or `failed`), and a `failed` call is `invalid_number`
 * for 404/484, `unreachable` for 480, `network_error` for 5xx, otherwise `unknown`.
 *
 * @example
 * mapTwilioHangupCause('busy', 603); // 'rejected'
 * mapTwilioHangupCause('failed', 404); // 'invalid_number'
 */
export function mapTwilioHangupCause(status: TerminalStatus, sipCode: number | undefined): HangupCause {
  switch (status) {
    case 'completed':
      return 'normal';
    case 'busy':
      return sipCode === 603 ? 'rejected' : 'busy';
    case 'no-answer':
      return 'no_answer';
    case 'canceled':
      return 'canceled';
    case 'failed':
      return failedCause(sipCode);
  }
}

function failedCause(sipCode: number | undefined): HangupCause {
  if (sipCode === 603) return 'rejected';
  if (sipCode === 404 || sipCode === 484) return 'invalid_number';
  if (sipCode === 480) return 'unreachable';
  if (sipCode !== undefined && sipCode >= 500 && sipCode <= 599) return 'network_error';
  return 'unknown';
}
