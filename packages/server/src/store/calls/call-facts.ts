import { isTerminalStatus, type Call, type CallStatus, type Direction } from '@callboard/core';

/**
 * What the call log's totals and the analytics need to know about a call, in flat columns.
 * The SQL stores keep these as columns of the calls table and in rollups; the memory store
 * computes them on the fly.
 */
export interface CallFacts {
  /** The call's start: `startedAt`, else `createdAt`, in ms since the epoch. */
  startMs: number;
  status: CallStatus;
  direction: Direction;
  provider: string;
  /** `''` when the call has no language. */
  language: string;
  /** `''` when the call has no hangup cause. */
  hangupCause: string;
  /** The call is not terminal. */
  active: boolean;
  /** The call reached a terminal status. */
  finished: boolean;
  /** The call finished after being answered (`completed`, or a known `answeredAt`). */
  answered: boolean;
  /** Duration of an answered call, when known; the only durations the duration statistics use. */
  answeredDurationSec: number | undefined;
  /** Sort key for `longest`/`shortest`: the duration, or -1 when unknown. */
  durationKey: number;
}

/** The start of a call for filters, sorting and buckets: `startedAt`, else `createdAt`. */
export function callStartMs(call: Call): number {
  return Date.parse(call.startedAt ?? call.createdAt);
}

/** Flattens a call into {@link CallFacts}. */
export function callFacts(call: Call): CallFacts {
  const finished = isTerminalStatus(call.status);
  const answered = finished && (call.status === 'completed' || call.answeredAt !== undefined);
  return {
    startMs: callStartMs(call),
    status: call.status,
    direction: call.direction,
    provider: call.provider,
    language: call.language ?? '',
    hangupCause: call.hangupCause ?? '',
    active: !finished,
    finished,
    answered,
    answeredDurationSec: answered ? call.durationSec : undefined,
    durationKey: call.durationSec ?? -1,
  };
}
