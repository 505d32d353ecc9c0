import type { CallStatus, HangupCause } from '@callboard/core';

/**
 * The status words existing bot integrations send, and the canonical status each becomes.
 * Matching ignores case, surrounding spaces, and `_` / space versus `-`.
 */
export const BOT_STATUS_MAP: Readonly<Record<string, CallStatus>> = {
  queued: 'queued',
  initiated: 'initiated',
  dialing: 'initiated',
  ringing: 'ringing',
  'in-progress': 'in-progress',
  inprogress: 'in-progress',
  active: 'in-progress',
  answered: 'in-progress',
  ongoing: 'in-progress',
  connected: 'in-progress',
  success: 'completed',
  successful: 'completed',
  completed: 'completed',
  complete: 'completed',
  ended: 'completed',
  finished: 'completed',
  failed: 'failed',
  failure: 'failed',
  error: 'failed',
  busy: 'busy',
  'no-answer': 'no-answer',
  noanswer: 'no-answer',
  unanswered: 'no-answer',
  missed: 'no-answer',
  canceled: 'canceled',
  cancelled: 'canceled',
};

/** The hangup cause recorded beside a terminal status a bot reported. */
export const BOT_HANGUP_CAUSE: Readonly<Partial<Record<CallStatus, HangupCause>>> = {
  completed: 'normal',
  busy: 'busy',
  'no-answer': 'no_answer',
  canceled: 'canceled',
  failed: 'unknown',
};

/** The canonical status for a bot's status word, or undefined when the word is unknown. */
export function mapBotStatus(value: string): CallStatus | undefined {
  const word = value.trim().toLowerCase().replace(/[_\s]+/g, '-');
  return Object.hasOwn(BOT_STATUS_MAP, word) ? BOT_STATUS_MAP[word] : undefined;
}
