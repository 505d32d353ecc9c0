import { generateTelnyxTestKeyPair, signTelnyxRequest, signTwilioRequest } from '@callboard/core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { createProviders } from './create-providers.js';

const config = (env: Record<string, string>) => parseConfig({ argv: [], env, cwd: process.cwd() });

describe('createProviders', () => {
  afterEach(() => vi.restoreAllMocks());

  it("checks Twilio signatures with Node's own HMAC, not Web Crypto", async () => {
    const { providers } = createProviders(config({ TWILIO_ACCOUNT_SID: `AC${'2'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'token-from-env' }));
    const url = 'https://calls.example.com/webhooks/twilio';
    const params = new URLSearchParams({ CallSid: 'CA0002', CallStatus: 'completed', CallDuration: '42' });
    const signature = await signTwilioRequest({ url, params, authToken: 'token-from-env' });
    const sign = vi.spyOn(crypto.subtle, 'sign');
    const request = { method: 'POST', url, rawBody: params.toString(), headers: new Headers({ 'x-twilio-signature': signature }) };
    await expect(providers.twilio!.verifyWebhook(request)).resolves.toBeUndefined();
    await expect(providers.twilio!.verifyWebhook({ ...request, rawBody: 'CallSid=CA0002&CallStatus=busy' })).rejects.toMatchObject({ code: 'BAD_SIGNATURE' });
    expect(sign).not.toHaveBeenCalled();
  });

  it("checks Telnyx signatures with Node's own Ed25519, not Web Crypto", async () => {
    const keys = await generateTelnyxTestKeyPair();
    const { providers } = createProviders(config({ TELNYX_API_KEY: 'KEY0123', TELNYX_PUBLIC_KEY: keys.publicKey, TELNYX_CONNECTION_ID: 'conn-1' }));
    const rawBody = '{"data":{"event_type":"call.hangup","id":"e-1","payload":{"call_control_id":"v3:abc"}}}';
    const headers = await signTelnyxRequest({ rawBody, privateKey: keys.privateKey, timestamp: Math.floor(Date.now() / 1000) });
    const verify = vi.spyOn(crypto.subtle, 'verify');
    const request = { method: 'POST', url: 'https://calls.example.com/webhooks/telnyx', rawBody, headers: new Headers(headers) };
    await expect(providers.telnyx!.verifyWebhook(request)).resolves.toBeUndefined();
    await expect(providers.telnyx!.verifyWebhook({ ...request, rawBody: rawBody.replace('e-1', 'e-2') })).rejects.toMatchObject({ code: 'BAD_SIGNATURE' });
    expect(verify).not.toHaveBeenCalled();
  });

  it('falls back to the simulator when no provider is configured', () => {
    const { providers, defaultProvider } = createProviders(config({}));
    expect(Object.keys(providers)).toEqual(['simulated']);
    expect(defaultProvider).toBe('simulated');
  });
});
