/**
 * Events the server ingests at webhook rates keep one hidden class per kind once warm, so that
 * building them makes no maps (which V8 makes in the old generation, where they are garbage that
 * only a full collection frees) and the code reading them stays monomorphic.
 */
import { parseAfricasTalkingWebhook } from '@callboard/core/africastalking';
import { parseTelnyxWebhook } from '@callboard/core/telnyx';
import { parseTwilioWebhook } from '@callboard/core/twilio';
import { describe, expect, it } from 'vitest';
import { keepsOneFastShape } from './v8-shape.js';

const receivedAt = new Date('2026-11-21T10:00:00.000Z');

function telnyx(eventType: string, n: number, payload: Record<string, unknown> = {}): string {
  return JSON.stringify({
    data: {
      event_type: eventType,
      id: `0b1c2d3e-0000-4000-8000-${String(n).padStart(12, '0')}`,
      occurred_at: '2026-11-21T09:59:59.000Z',
      payload: { call_control_id: `v3:call-${n}`, from: '+15122548727', to: '+15129342627', direction: 'outgoing', ...payload },
      record_type: 'event',
    },
  });
}

function africasTalking(n: number, fields: string): string {
  return `sessionId=ATVId_${n}&direction=Inbound&callerNumber=%2B254711823456&destinationNumber=%2B254730112233&${fields}`;
}

function formRequest(rawBody: string) {
  return { method: 'POST', url: 'https://callboard.example/webhooks', headers: new Headers({ 'content-type': 'application/x-www-form-urlencoded' }), rawBody };
}

function twilio(n: number, status: string): string {
  const sid = `CA${String(n).padStart(32, '0')}`;
  return `CallSid=${sid}&AccountSid=AC${'0'.repeat(32)}&CallStatus=${status}&Direction=outbound-api&From=%2B14155550123&To=%2B442071838750&SequenceNumber=1&Timestamp=Sat%2C+21+Nov+2026+10%3A00%3A00+%2B0000`;
}

describe('provider events keep one fast shape per kind', () => {
  it.each([
    ['Twilio ringing', (n: number) => parseTwilioWebhook(formRequest(twilio(n, 'ringing')), { receivedAt })[0]!],
    ['Twilio completed', (n: number) => parseTwilioWebhook(formRequest(`${twilio(n, 'completed')}&CallDuration=42`), { receivedAt })[0]!],
    ['Telnyx call.initiated', (n: number) => parseTelnyxWebhook({ rawBody: telnyx('call.initiated', n) }, { receivedAt })[0]!],
    ['Telnyx call.answered', (n: number) => parseTelnyxWebhook({ rawBody: telnyx('call.answered', n) }, { receivedAt })[0]!],
    [
      'Telnyx call.hangup',
      (n: number) =>
        parseTelnyxWebhook({ rawBody: telnyx('call.hangup', n, { hangup_cause: 'normal_clearing', hangup_source: 'callee', sip_hangup_cause: '200' }) }, { receivedAt })[0]!,
    ],
    [
      "Africa's Talking ringing",
      (n: number) => parseAfricasTalkingWebhook(formRequest(africasTalking(n, 'isActive=1&callSessionState=Ringing')), { receivedAt })[0]!,
    ],
    [
      "Africa's Talking completed",
      (n: number) =>
        parseAfricasTalkingWebhook(
          formRequest(africasTalking(n, 'isActive=0&callSessionState=Completed&durationInSeconds=74&currencyCode=KES&amount=2.4667&hangupCause=NORMAL_CLEARING')),
          { receivedAt },
        )[0]!,
    ],
  ])('%s', (_name, make) => {
    expect(make(1)).toMatchObject({ type: 'call.status' });
    expect(keepsOneFastShape(make)).toBe(true);
  });
});
