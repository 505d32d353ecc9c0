import type { CallSpec } from './contract-events.js';

/**
 * Eight calls over 5-7 January 2026 (UTC) with known outcomes; the analytics and call-log
 * contracts assert numbers worked out by hand from this table.
 *
 * | call | start (UTC) | status | dir | provider | lang | duration |
 * | CA1 | 01-05 09:10 | completed | in | twilio | en | 30 |
 * | CA2 | 01-05 09:20 | completed | out | telnyx | en | 90 |
 * | CA3 | 01-05 14:00 | no-answer | out | twilio | fr | - |
 * | CA4 | 01-06 00:30 | busy | in | twilio | - | - |
 * | CA5 | 01-06 23:59 | completed | in | telnyx | fr | 300 |
 * | CA6 | 01-07 10:00 | failed | out | twilio | en | - |
 * | CA7 | 01-07 10:05 | in-progress | in | twilio | en | - |
 * | CA8 | 01-07 12:00 | completed | out | twilio | en | 10 |
 */
export const DATASET: CallSpec[] = [
  { providerCallId: 'CA1', start: '2026-01-05T09:10:00.000Z', status: 'completed', direction: 'inbound', provider: 'twilio', language: 'en', durationSec: 30, cause: 'normal' },
  { providerCallId: 'CA2', start: '2026-01-05T09:20:00.000Z', status: 'completed', direction: 'outbound', provider: 'telnyx', language: 'en', durationSec: 90, cause: 'normal' },
  { providerCallId: 'CA3', start: '2026-01-05T14:00:00.000Z', status: 'no-answer', direction: 'outbound', provider: 'twilio', language: 'fr', cause: 'no_answer', transcript: 'Nobody picked up the phone' },
  { providerCallId: 'CA4', start: '2026-01-06T00:30:00.000Z', status: 'busy', direction: 'inbound', provider: 'twilio', cause: 'busy' },
  { providerCallId: 'CA5', start: '2026-01-06T23:59:00.000Z', status: 'completed', direction: 'inbound', provider: 'telnyx', language: 'fr', durationSec: 300, cause: 'normal', transcript: 'I would like a REFUND for my order' },
  { providerCallId: 'CA6', start: '2026-01-07T10:00:00.000Z', status: 'failed', direction: 'outbound', provider: 'twilio', language: 'en', cause: 'unreachable' },
  { providerCallId: 'CA7', start: '2026-01-07T10:05:00.000Z', status: 'in-progress', direction: 'inbound', provider: 'twilio', language: 'en' },
  { providerCallId: 'CA8', start: '2026-01-07T12:00:00.000Z', status: 'completed', direction: 'outbound', provider: 'twilio', language: 'en', durationSec: 10, cause: 'normal' },
].map((spec, index) => ({
  ...spec,
  from: `+1555000000${index + 1}`,
  to: `+4420700000${index + 1}`,
})) as CallSpec[];

/** Provider call ids of the dataset, newest start first. */
export const NEWEST_FIRST = ['CA8', 'CA7', 'CA6', 'CA5', 'CA4', 'CA3', 'CA2', 'CA1'];
