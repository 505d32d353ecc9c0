import twilioNode from 'twilio';
import { describe, expect, it } from 'vitest';
import { CallboardError } from '../errors/callboard-error.js';
import { createTwilio } from '../providers/twilio/twilio-provider.js';
import { buildTwilioStatusCallback, signTwilioRequest } from './twilio.js';

const TOKEN = '12345';
const BASE_URL = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const DEFAULT_PARAMS = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' };

describe('signTwilioRequest', () => {
  it('signs form params like Twilio (known answer V1)', async () => {
    expect(await signTwilioRequest({ url: BASE_URL, params: DEFAULT_PARAMS, authToken: TOKEN })).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
  });

  it('signs repeated params once per distinct value, sorted (known answer V10)', async () => {
    const params = { Sid: 'CA123', SidAccount: 'AC123', Digits: ['5678', '1234', '1234'] };
    expect(await signTwilioRequest({ url: BASE_URL, params, authToken: TOKEN })).toBe('IK+Dwps556ElfBT0I3Rgjkr1wJU=');
  });

  it('takes URLSearchParams as well as a record', async () => {
    expect(await signTwilioRequest({ url: BASE_URL, params: new URLSearchParams(DEFAULT_PARAMS), authToken: TOKEN })).toBe(
      'RSOYDt4T1cUTdK1PDd93/VVr8B8=',
    );
  });

  it('signs a JSON body through bodySHA256 in the URL (known answers)', async () => {
    const rawBody = '{"property": "value", "boolean": true}';
    const hash = '0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620';
    expect(await signTwilioRequest({ url: BASE_URL, rawBody, authToken: TOKEN })).toEqual({
      url: `${BASE_URL}&bodySHA256=${hash}`,
      signature: 'a9nBmqA0ju/hNViExpshrM61xv4=',
    });
    expect(await signTwilioRequest({ url: 'https://mycompany.com/myapp.php', rawBody, authToken: TOKEN })).toEqual({
      url: `https://mycompany.com/myapp.php?bodySHA256=${hash}`,
      signature: 'y77kIzt2vzLz71DgmJGsen2scGs=',
    });
  });

  it('agrees with twilio-node on a built status callback', async () => {
    const params = buildTwilioStatusCallback({ callSid: 'CA1', status: 'completed', sequenceNumber: 3, callDuration: 42, timestamp: new Date(0) });
    const url = 'https://calls.example.com/webhooks/twilio?tenant=acme';
    expect(await signTwilioRequest({ url, params, authToken: 'secret' })).toBe(
      twilioNode.getExpectedTwilioSignature('secret', url, Object.fromEntries(params)),
    );
  });

  it('refuses an empty token', async () => {
    const error = await signTwilioRequest({ url: BASE_URL, params: DEFAULT_PARAMS, authToken: '' }).catch((caught: unknown) => caught);
    expect(CallboardError.isInstance(error) && error.code).toBe('INVALID_ARGUMENT');
  });
});

describe('buildTwilioStatusCallback', () => {
  it('writes the fields a status callback carries, Timestamp in RFC 2822', () => {
    const params = buildTwilioStatusCallback({
      callSid: 'CA5d0f2c9e8b7a6f5e4d3c2b1a0f9e8d7c',
      status: 'busy',
      sequenceNumber: 2,
      timestamp: new Date('2023-11-14T22:13:05Z'),
      sipResponseCode: 603,
      extra: { StirStatus: 'A' },
    });
    expect(Object.fromEntries(params)).toEqual({
      AccountSid: `AC${'0'.repeat(32)}`,
      ApiVersion: '2010-04-01',
      CallSid: 'CA5d0f2c9e8b7a6f5e4d3c2b1a0f9e8d7c',
      CallStatus: 'busy',
      CallbackSource: 'call-progress-events',
      Called: '+15005550001',
      Caller: '+15005550006',
      Direction: 'outbound-api',
      From: '+15005550006',
      To: '+15005550001',
      SequenceNumber: '2',
      Timestamp: 'Tue, 14 Nov 2023 22:13:05 +0000',
      SipResponseCode: '603',
      StirStatus: 'A',
    });
  });

  it('round-trips through the adapter: signed, verified, parsed', async () => {
    const twilio = createTwilio({ accountSid: `AC${'0'.repeat(32)}`, authToken: 'secret' });
    const url = 'https://calls.example.com/webhooks/twilio';
    const params = buildTwilioStatusCallback({ callSid: 'CA1', status: 'busy', sequenceNumber: 2, timestamp: new Date('2023-11-14T22:13:05Z'), sipResponseCode: 603 });
    const signature = await signTwilioRequest({ url, params, authToken: 'secret' });
    const request = {
      method: 'POST',
      url,
      headers: new Headers({ 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }),
      rawBody: params.toString(),
    };
    await expect(twilio.verifyWebhook(request)).resolves.toBeUndefined();
    expect(twilio.parseWebhook(request, { receivedAt: new Date('2023-11-14T22:13:06Z') })).toMatchObject([
      { type: 'call.status', key: 'twilio:CA1:2:busy', status: 'busy', hangupCause: 'rejected', sipCode: 603, occurredAt: '2023-11-14T22:13:05.000Z' },
    ]);
  });
});
