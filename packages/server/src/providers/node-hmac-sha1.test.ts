import { createTwilio } from '@callboard/core/twilio';
import { signTwilioRequest } from '@callboard/core/testing';
import { describe, expect, it } from 'vitest';
import { nodeHmacSha1 } from './node-hmac-sha1.js';

describe('nodeHmacSha1', () => {
  it("gives twilio-node's known answer (reference/providers.md §7.1)", () => {
    const message =
      'https://mycompany.com/myapp.php?foo=1&bar=2CallSidCA1234567890ABCDECaller+14158675309Digits1234From+14158675309To+18005551212';
    expect(nodeHmacSha1('12345', message)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
  });

  it('signs non-ASCII text as UTF-8, as Web Crypto does', async () => {
    const message = 'https://calls.example.com/webhooks/twilioCallerNameJosé Ñúñez 📞';
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode('tökén'), { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
    const webCrypto = Buffer.from(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(message))).toString('base64');
    expect(nodeHmacSha1('tökén', message)).toBe(webCrypto);
  });

  it('verifies what the test signer signs, through the Twilio adapter', async () => {
    const url = 'https://calls.example.com/webhooks/twilio';
    const params = new URLSearchParams({ CallSid: 'CA0001', CallStatus: 'ringing', From: '+15550001111', To: '+15550002222' });
    const twilio = createTwilio({ accountSid: `AC${'1'.repeat(32)}`, authToken: 'secret', hmacSha1: nodeHmacSha1 });
    const signature = await signTwilioRequest({ url, params, authToken: 'secret' });
    const request = { method: 'POST', url, rawBody: params.toString(), headers: new Headers({ 'x-twilio-signature': signature }) };
    await expect(twilio.verifyWebhook(request)).resolves.toBeUndefined();
    await expect(twilio.verifyWebhook({ ...request, rawBody: `${request.rawBody}&Digits=1` })).rejects.toMatchObject({ code: 'BAD_SIGNATURE' });
  });
});
