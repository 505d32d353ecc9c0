// @vitest-environment edge-runtime
import { describe, expect, it } from 'vitest';
import { buildTwilioStatusCallback, signTwilioRequest } from '../../testing/twilio.js';
import { twilioFixtures } from './__fixtures__/twilio-fixtures.js';
import { createTwilio } from './twilio-provider.js';

// The adapter promises Web APIs only (Web Crypto, TextEncoder, URL, fetch): run it in the edge runtime.
describe('the Twilio adapter in an edge runtime', () => {
  it('verifies the known-answer vectors and parses a signed webhook', async () => {
    expect(typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime).toBe('string');
    const twilio = createTwilio({ accountSid: `AC${'0'.repeat(32)}`, authToken: '12345' });
    const form = 'CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212';
    const vector = (url: string, rawBody: string, signature: string) => ({ method: 'POST', url, rawBody, headers: new Headers({ 'x-twilio-signature': signature }) });
    await expect(twilio.verifyWebhook(vector('https://mycompany.com/myapp.php?foo=1&bar=2', form, 'RSOYDt4T1cUTdK1PDd93/VVr8B8='))).resolves.toBeUndefined();
    await expect(twilio.verifyWebhook(vector("https://mycompany.com/myapp.php?foo=1&bar=2&Body=It's+amazing", form, 'TfZzewPq8wqrGlMfyAud8+/IvJ0='))).resolves.toBeUndefined();
    const json = vector(
      'https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
      '{}',
      'Ldidvp12m26NI7eqEvxnEpkd9Hc=',
    );
    await expect(twilio.verifyWebhook(json)).resolves.toBeUndefined();
    await expect(twilio.verifyWebhook({ ...json, rawBody: '{ }' })).rejects.toMatchObject({ code: 'BAD_SIGNATURE' });

    const url = 'https://calls.example.com/webhooks/twilio';
    const rawBody = twilioFixtures['status-busy-603'];
    const signature = await signTwilioRequest({ url, params: new URLSearchParams(rawBody), authToken: '12345' });
    const request = { method: 'POST', url, rawBody, headers: new Headers({ 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }) };
    await expect(twilio.verifyWebhook(request)).resolves.toBeUndefined();
    expect(twilio.parseWebhook(request, { receivedAt: new Date('2023-11-14T22:30:00Z') })).toMatchObject([
      { type: 'call.status', status: 'busy', hangupCause: 'rejected', sipCode: 603 },
    ]);
    expect(buildTwilioStatusCallback({ callSid: 'CA1', status: 'ringing' }).get('CallStatus')).toBe('ringing');
  });

  it('places a call through the injected fetch', async () => {
    const fetch: typeof globalThis.fetch = async () => new Response(JSON.stringify({ sid: 'CA1', date_created: 'Tue, 14 Nov 2023 22:13:00 +0000' }), { status: 201 });
    const twilio = createTwilio({ accountSid: `AC${'0'.repeat(32)}`, authToken: 'token', fromNumber: '+14155550100', fetch, clock: { now: () => 0 } });
    const placed = await twilio.placeCall({ callId: 'call_1', to: '+14155550199' });
    expect(placed).toMatchObject({ providerCallId: 'CA1', events: [{ status: 'queued', occurredAt: '2023-11-14T22:13:00.000Z' }] });
  });
});
