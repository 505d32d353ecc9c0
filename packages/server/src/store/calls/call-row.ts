import type { Call } from '@callboard/core';
import { callFacts } from './call-facts.js';

/** The column values of a call's row in the SQL stores (`body` is the call as JSON). */
export interface CallRow {
  id: string;
  provider: string;
  provider_call_id: string;
  direction: string;
  status: string;
  language: string;
  hangup_cause: string;
  from_number: string;
  to_number: string;
  start_ms: number;
  duration_key: number;
  answered_duration: number | null;
  active: number;
  answered: number;
  finished: number;
  version: number;
  body: string;
}

/** The columns of {@link CallRow}, in table order. */
export const CALL_COLUMNS = [
  'id',
  'provider',
  'provider_call_id',
  'direction',
  'status',
  'language',
  'hangup_cause',
  'from_number',
  'to_number',
  'start_ms',
  'duration_key',
  'answered_duration',
  'active',
  'answered',
  'finished',
  'version',
  'body',
] as const satisfies ReadonlyArray<keyof CallRow>;

/** Flattens a call into its row. */
export function callRow(call: Call): CallRow {
  const facts = callFacts(call);
  return {
    id: call.id,
    provider: call.provider,
    provider_call_id: call.providerCallId,
    direction: call.direction,
    status: call.status,
    language: facts.language,
    hangup_cause: facts.hangupCause,
    from_number: call.from,
    to_number: call.to,
    start_ms: facts.startMs,
    duration_key: facts.durationKey,
    answered_duration: facts.answeredDurationSec ?? null,
    active: facts.active ? 1 : 0,
    answered: facts.answered ? 1 : 0,
    finished: facts.finished ? 1 : 0,
    version: call.version,
    body: JSON.stringify(call),
  };
}
