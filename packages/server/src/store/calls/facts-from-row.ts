import type { CallStatus, Direction } from '@callboard/core';
import type { CallFacts } from './call-facts.js';

/** The columns of a call row that make up its {@link CallFacts}. */
export const FACT_COLUMNS = 'start_ms, status, direction, provider, language, hangup_cause, active, answered, finished, answered_duration, duration_key';

/** Reads {@link CallFacts} back from the fact columns of a row (numbers may come back as strings from pg). */
export function factsFromRow(row: Record<string, unknown>): CallFacts {
  const answeredDuration = row.answered_duration;
  return {
    startMs: Number(row.start_ms),
    status: row.status as CallStatus,
    direction: row.direction as Direction,
    provider: String(row.provider),
    language: String(row.language),
    hangupCause: String(row.hangup_cause),
    active: Number(row.active) === 1 || row.active === true,
    answered: Number(row.answered) === 1 || row.answered === true,
    finished: Number(row.finished) === 1 || row.finished === true,
    answeredDurationSec: answeredDuration === null || answeredDuration === undefined ? undefined : Number(answeredDuration),
    durationKey: Number(row.duration_key),
  };
}
