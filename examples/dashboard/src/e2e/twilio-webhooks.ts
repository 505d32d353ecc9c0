import { signTwilioRequest } from '@callboard/core/testing';

/** The auth token the e2e servers are started with. */
export const E2E_TWILIO_TOKEN = 'e2e-twilio-auth-token-0123456789';

let sequence = 0;

/** Posts a signed Twilio status callback to a running server; resolves once it answered 200. */
export async function postTwilioStatus(base: string, call: { sid: string; from: string; to: string; direction?: string }, status: string, extra: Record<string, string> = {}): Promise<void> {
  const url = `${base}/webhooks/twilio`;
  const params: Record<string, string> = {
    AccountSid: 'AC00000000000000000000000000000e2e',
    ApiVersion: '2010-04-01',
    CallSid: call.sid,
    CallStatus: status,
    Direction: call.direction ?? 'outbound-api',
    From: call.from,
    To: call.to,
    SequenceNumber: String(sequence++),
    Timestamp: new Date().toUTCString().replace('GMT', '+0000'),
    CallbackSource: 'call-progress-events',
    ...extra,
  };
  const signature = await signTwilioRequest({ url, params, authToken: E2E_TWILIO_TOKEN });
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(params).toString(),
  });
  if (response.status !== 200) throw new Error(`webhook ${status} for ${call.sid} answered ${response.status}: ${await response.text()}`);
}
