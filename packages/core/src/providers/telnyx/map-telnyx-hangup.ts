import type { Direction } from '../../model/call.js';
import type { TerminalStatus } from '../../model/call-status.js';
import type { HangupCause, HangupSource } from '../../model/hangup.js';

/** What a Telnyx `call.hangup` means in the canonical model. */
export interface TelnyxHangupOutcome {
  status: TerminalStatus;
  hangupCause: HangupCause;
  hangupCauseRaw?: string;
  sipCode?: number;
  hangupSource?: HangupSource;
}

/** The `call.hangup` payload fields the mapping reads. */
export interface TelnyxHangupInput {
  hangupCause?: string | null;
  hangupSource?: string | null;
  sipHangupCause?: string | number | null;
  /** Our direction for the leg, when the webhook or its `client_state` tells it. */
  direction?: Direction;
}

type Outcome = Pick<TelnyxHangupOutcome, 'status' | 'hangupCause'>;

/**
 * Maps a Telnyx hangup to a terminal status and normalized cause (reference/providers.md §6.2,
 * §6.3). A `call.hangup` has no "was answered" field (its `start_time` is when the call began,
 * answered or not), so answer evidence comes from the SIP code: a final code of 300 or more
 * means the INVITE never succeeded. Telnyx reports pre-answer endings with their own causes
 * (`originator_cancel`, `timeout`, `user_busy`, ...), so a `normal_clearing` without a failure
 * code is an answered call that ended normally.
 */
export function mapTelnyxHangup(input: TelnyxHangupInput): TelnyxHangupOutcome {
  const sipCode = parseSipCode(input.sipHangupCause);
  const hangupSource = mapHangupSource(input.hangupSource);
  const outcome = mapCause(input.hangupCause ?? undefined, sipCode, weHungUp(hangupSource, input.direction));
  return Object.assign(
    {},
    outcome,
    input.hangupCause && input.hangupCause.length <= 256 ? { hangupCauseRaw: input.hangupCause } : {},
    sipCode === undefined ? {} : { sipCode },
    hangupSource === undefined ? {} : { hangupSource },
  );
}

function mapCause(cause: string | undefined, sipCode: number | undefined, ourHangup: boolean): Outcome {
  switch (cause) {
    case 'normal_clearing':
      if (sipCode === undefined || sipCode < 300) return { status: 'completed', hangupCause: 'normal' };
      if (ourHangup) return { status: 'canceled', hangupCause: 'canceled' };
      return sipCode >= 500 ? { status: 'failed', hangupCause: 'network_error' } : { status: 'no-answer', hangupCause: 'no_answer' };
    case 'time_limit':
      return { status: 'completed', hangupCause: 'time_limit' };
    case 'user_busy':
      return { status: 'busy', hangupCause: 'busy' };
    case 'call_rejected':
      // SIP 603 Decline: the callee would not take the call. Reported as busy (providers.md §6.2).
      return { status: 'busy', hangupCause: 'rejected' };
    case 'timeout':
    case 'no_answer':
      return { status: 'no-answer', hangupCause: 'no_answer' };
    case 'originator_cancel':
      return { status: 'canceled', hangupCause: 'canceled' };
    case 'not_found':
      return { status: 'failed', hangupCause: 'invalid_number' };
    default:
      // `unspecified`, a missing cause, or one Telnyx adds later: the SIP code is the best evidence left.
      return mapSipCode(sipCode);
  }
}

function mapSipCode(sipCode: number | undefined): Outcome {
  switch (sipCode) {
    case undefined:
      return { status: 'failed', hangupCause: 'unknown' };
    case 404:
    case 410:
    case 484:
    case 604:
      return { status: 'failed', hangupCause: 'invalid_number' };
    case 480:
      return { status: 'failed', hangupCause: 'unreachable' };
    case 486:
    case 600:
      return { status: 'busy', hangupCause: 'busy' };
    case 603:
      return { status: 'busy', hangupCause: 'rejected' };
    case 408:
      return { status: 'no-answer', hangupCause: 'no_answer' };
    case 487:
      return { status: 'canceled', hangupCause: 'canceled' };
  }
  if (sipCode < 300) return { status: 'completed', hangupCause: 'unknown' };
  if (sipCode >= 500 && sipCode < 600) return { status: 'failed', hangupCause: 'network_error' };
  return { status: 'failed', hangupCause: 'unknown' };
}

/** Telnyx sends the SIP code as a string (`"603"`), or `unspecified` when there is none. */
function parseSipCode(value: string | number | null | undefined): number | undefined {
  const code = typeof value === 'number' ? value : typeof value === 'string' && /^\d{3}$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(code) && code >= 100 && code <= 699 ? code : undefined;
}

function mapHangupSource(value: string | null | undefined): HangupSource | undefined {
  if (value === undefined || value === null) return undefined;
  return value === 'caller' || value === 'callee' ? value : 'unknown';
}

/** `hangup_source` names the party of the leg: on our outbound leg we are the caller, on an inbound one the callee. */
function weHungUp(source: HangupSource | undefined, direction: Direction | undefined): boolean {
  return (direction === 'outbound' && source === 'caller') || (direction === 'inbound' && source === 'callee');
}
