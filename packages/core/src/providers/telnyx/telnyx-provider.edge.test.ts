// @vitest-environment edge-runtime
import { describe, expect, it } from 'vitest';
import { generateTelnyxTestKeyPair, signTelnyxRequest } from '../../testing/telnyx.js';
import hangupBusy from './__fixtures__/call-hangup-busy.json';
import { createTelnyx } from './telnyx-provider.js';

// The adapter promises Web APIs only (Web Crypto, TextEncoder, fetch): run it in the edge runtime.
describe('the Telnyx adapter in an edge runtime', () => {
  it('verifies and parses a signed webhook', async () => {
    expect(typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime).toBe('string');
    const keys = await generateTelnyxTestKeyPair({ seed: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60' });
    const now = Date.parse('2026-06-02T14:05:00.000Z');
    const telnyx = createTelnyx({ apiKey: 'KEY_test', publicKey: keys.publicKey, connectionId: '1', clock: { now: () => now } });
    const rawBody = JSON.stringify(hangupBusy);
    const headers = new Headers(await signTelnyxRequest({ rawBody, privateKey: keys.privateKey, timestamp: now / 1000 }));
    const request = { method: 'POST', url: 'https://calls.example.com/webhooks/telnyx', headers, rawBody };
    await expect(telnyx.verifyWebhook(request)).resolves.toBeUndefined();
    await expect(telnyx.verifyWebhook({ ...request, rawBody: rawBody.replace('user_busy', 'no_answer') })).rejects.toMatchObject({ code: 'BAD_SIGNATURE' });
    expect(telnyx.parseWebhook(request, { receivedAt: new Date(now) })).toMatchObject([{ type: 'call.status', status: 'busy', sipCode: 486 }]);
  });
});
