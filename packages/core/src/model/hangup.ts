import { z } from 'zod';

/**
 * Why a call ended, normalized across providers (shared/reference/providers.md §6.3).
 * The provider's own value is kept beside it on the call as `hangupCauseRaw`.
 */
export const HANGUP_CAUSES = [
  'normal',
  'busy',
  'rejected',
  'no_answer',
  'canceled',
  'lost_race',
  'time_limit',
  'invalid_number',
  'unreachable',
  'network_error',
  'unknown',
] as const;

/** A normalized hangup cause. */
export type HangupCause = (typeof HANGUP_CAUSES)[number];

/** Who ended the call, where the provider says so. */
export const HANGUP_SOURCES = ['caller', 'callee', 'system', 'unknown'] as const;

/** A normalized hangup source. */
export type HangupSource = (typeof HANGUP_SOURCES)[number];

/** Answering-machine detection result. It never changes the call's status. */
export const ANSWERED_BY = ['human', 'machine', 'fax', 'unknown'] as const;

/** A normalized answering-machine detection result. */
export type AnsweredBy = (typeof ANSWERED_BY)[number];

/** @internal */
export const hangupCauseSchema = z.enum(HANGUP_CAUSES);
/** @internal */
export const hangupSourceSchema = z.enum(HANGUP_SOURCES);
/** @internal */
export const answeredBySchema = z.enum(ANSWERED_BY);
