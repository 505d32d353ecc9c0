import type { Direction } from '../../model/call.js';

/**
 * Which way a call goes, from a Twilio `Direction`. `inbound` and the SIP-trunking
 * `trunking-originating` (PSTN into your infrastructure) are inbound; `outbound-api` (REST),
 * `outbound-dial` (a `<Dial>` leg) and `trunking-terminating` (your infrastructure out to the
 * PSTN) are outbound. Unknown values give undefined, so the call keeps what it had.
 *
 * @example
 * mapTwilioDirection('outbound-dial'); // 'outbound'
 */
export function mapTwilioDirection(value: string | undefined): Direction | undefined {
  if (value === 'inbound' || value === 'trunking-originating') return 'inbound';
  if (value === 'outbound-api' || value === 'outbound-dial' || value === 'trunking-terminating') return 'outbound';
  return undefined;
}
