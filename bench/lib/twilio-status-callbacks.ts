/**
 * The Twilio status callbacks the ingest and SQLite-writer benchmarks send or store: call number
 * `n` at one step of its lifecycle, with the fields and extras a real status callback carries.
 */
import { createHash } from 'node:crypto';
import { buildTwilioStatusCallback } from '../../packages/core/src/testing/twilio.js';

/** The account every benchmark callback belongs to. */
export const BENCH_ACCOUNT_SID = `AC${'5'.repeat(32)}`;

/** A call's status callbacks in the order Twilio sends them; the index is the `SequenceNumber`. */
export const LIFECYCLE = ['initiated', 'ringing', 'in-progress', 'completed'] as const;

/** The status callback of call `n` at `LIFECYCLE[sequenceNumber]`, as form parameters. */
export function benchStatusCallback(n: number, sequenceNumber: number): { callSid: string; status: (typeof LIFECYCLE)[number]; params: URLSearchParams } {
  const status = LIFECYCLE[sequenceNumber]!;
  // Twilio's CallSids are random: they land all over the index of provider call ids, not at its end.
  const callSid = `CA${createHash('md5').update(String(n)).digest('hex')}`;
  const params = buildTwilioStatusCallback({
    callSid,
    accountSid: BENCH_ACCOUNT_SID,
    status,
    sequenceNumber,
    timestamp: new Date(Date.UTC(2026, 0, 1) + n * 1000 + sequenceNumber * 4000),
    ...(status === 'completed' ? { callDuration: 30 + (n % 300) } : {}),
    from: `+1555${String(n % 10_000_000).padStart(7, '0')}`,
    to: '+15550100000',
    direction: 'outbound-api',
    extra: { FromCity: 'NAIROBI', FromCountry: 'KE', ToCountry: 'US', ToState: 'CA', CallerCountry: 'KE', CalledCountry: 'US', StirVerstat: 'TN-Validation-Passed-A' },
  });
  return { callSid, status, params };
}
