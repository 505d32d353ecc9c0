import type { AnsweredBy } from '../../model/hangup.js';

/**
 * The normalized answering-machine detection result of a Twilio `AnsweredBy`: `human`, the
 * four `machine_*` values as `machine`, `fax`, and anything else (including `unknown`) as
 * `unknown`. It never says anything about the call's status.
 *
 * @example
 * mapTwilioAnsweredBy('machine_end_beep'); // 'machine'
 */
export function mapTwilioAnsweredBy(value: string): AnsweredBy {
  if (value === 'human' || value === 'fax') return value;
  if (value.startsWith('machine_')) return 'machine';
  return 'unknown';
}
