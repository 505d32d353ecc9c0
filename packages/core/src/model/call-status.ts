import { z } from 'zod';

/**
 * Every status a call can be in, in rank order. The four terminal statuses share the top rank.
 */
export const CALL_STATUSES = [
  'queued',
  'initiated',
  'ringing',
  'in-progress',
  'completed',
  'busy',
  'no-answer',
  'failed',
  'canceled',
] as const;

/** The canonical status of a call. See {@link statusRank} and {@link isTerminalStatus}. */
export type CallStatus = (typeof CALL_STATUSES)[number];

/** The statuses after which a call never changes status again. */
export const TERMINAL_STATUSES = ['completed', 'busy', 'no-answer', 'failed', 'canceled'] as const;

/** A status a call ends in. */
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];

/** @internal */
export const callStatusSchema = z.enum(CALL_STATUSES);

const RANKS: Record<CallStatus, number> = {
  queued: 0,
  initiated: 1,
  ringing: 2,
  'in-progress': 3,
  completed: 4,
  busy: 4,
  'no-answer': 4,
  failed: 4,
  canceled: 4,
};

/**
 * The rank of a status: an update applies only when it raises the rank.
 *
 * @example
 * statusRank('ringing') < statusRank('in-progress'); // true
 */
export function statusRank(status: CallStatus): number {
  return RANKS[status];
}

/**
 * Whether a status is terminal (sticky: a later event may enrich the call but never change it).
 *
 * @example
 * isTerminalStatus('busy'); // true
 */
export function isTerminalStatus(status: CallStatus): status is TerminalStatus {
  return RANKS[status] === 4;
}

/** Whether a string is one of the canonical statuses. */
export function isCallStatus(value: unknown): value is CallStatus {
  return typeof value === 'string' && value in RANKS;
}
