import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { thrownCode } from '../../provider-kit/__tests__/callboard-error-of.js';
import type { WebhookRequest } from '../../provider/call-provider.js';
import { createFakeClock } from '../../testing/fake-clock.js';
import { buildTelnyxEvent, generateTelnyxTestKeyPair, signTelnyxRequest } from '../../testing/telnyx.js';
import { createTelnyx, type TelnyxProviderSettings } from './telnyx-provider.js';

const keys = await generateTelnyxTestKeyPair({ seed: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60' });
const START_MS = Date.parse('2026-06-02T14:05:00.000Z');

function settings(overrides: Partial<TelnyxProviderSettings> = {}): TelnyxProviderSettings {
  return { apiKey: 'KEY0123_test', publicKey: keys.publicKey, connectionId: '2963572552552678752', ...overrides };
}

async function signedRequest(rawBody: string, timestamp: number): Promise<WebhookRequest> {
  const headers = new Headers({ 'content-type': 'application/json', ...(await signTelnyxRequest({ rawBody, privateKey: keys.privateKey, timestamp })) });
  return { method: 'POST', url: 'https://calls.example.com/webhooks/telnyx', headers, rawBody };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('createTelnyx', () => {
  it('is a v1 provider with the id telnyx', () => {
    const telnyx = createTelnyx(settings());
    expect(telnyx.id).toBe('telnyx');
    expect(telnyx.specificationVersion).toBe('v1');
  });

  it.each([
    ['a hex public key (the telnyx-node 4.0.0 mistake)', { publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a' }],
    ['a public key of 31 bytes', { publicKey: btoa('k'.repeat(31)) }],
    ['a public key of 33 bytes', { publicKey: btoa('k'.repeat(33)) }],
    ['an empty public key', { publicKey: '' }],
    ['an empty API key', { apiKey: '' }],
    ['an empty list of public keys', { publicKey: [] }],
    ['a list with one bad public key', { publicKey: [keys.publicKey, 'abcd'] }],
    ['no connection id', { connectionId: undefined as unknown as string }],
    ['a base URL that is not http(s)', { baseUrl: 'ftp://api.telnyx.com/v2' }],
    ['a zero tolerance', { toleranceSec: 0 }],
    ['a clock without now()', { clock: {} as never }],
    ['a misspelled setting', { publickey: 'x' } as Partial<TelnyxProviderSettings>],
  ])('refuses %s at creation with INVALID_ARGUMENT', (_, overrides) => {
    expect(thrownCode(() => createTelnyx(settings(overrides)))).toBe('INVALID_ARGUMENT');
  });

  it('answers webhooks with an empty 200', () => {
    expect(createTelnyx(settings()).webhookReply()).toEqual({ status: 200, contentType: 'text/plain; charset=utf-8', body: '' });
  });
});

describe('a signed webhook end to end', () => {
  const rawBody = readFileSync(new URL('./__fixtures__/call-hangup-busy.json', import.meta.url), 'utf8');

  it('verifies, then parses into events', async () => {
    const clock = createFakeClock(START_MS);
    const telnyx = createTelnyx(settings({ clock }));
    const request = await signedRequest(rawBody, START_MS / 1000 - 2);
    await expect(telnyx.verifyWebhook(request)).resolves.toBeUndefined();
    const events = telnyx.parseWebhook(request, { receivedAt: new Date(clock.now()) });
    expect(events).toMatchObject([{ type: 'call.status', status: 'busy', receivedAt: '2026-06-02T14:05:00.000Z' }]);
  });

  it('rejects the same request once the clock has moved past the window', async () => {
    const clock = createFakeClock(START_MS);
    const telnyx = createTelnyx(settings({ clock }));
    const request = await signedRequest(rawBody, START_MS / 1000);
    await telnyx.verifyWebhook(request);
    clock.advance(301_000);
    await expect(telnyx.verifyWebhook(request)).rejects.toMatchObject({ code: 'STALE_TIMESTAMP' });
  });

  it('uses the configured tolerance', async () => {
    const clock = createFakeClock(START_MS);
    const telnyx = createTelnyx(settings({ clock, toleranceSec: 30 }));
    await expect(telnyx.verifyWebhook(await signedRequest(rawBody, START_MS / 1000 - 31))).rejects.toMatchObject({ code: 'STALE_TIMESTAMP' });
  });

  it('rejects a body signed by someone else', async () => {
    const clock = createFakeClock(START_MS);
    const stranger = await generateTelnyxTestKeyPair();
    const telnyx = createTelnyx(settings({ clock, publicKey: stranger.publicKey }));
    await expect(telnyx.verifyWebhook(await signedRequest(rawBody, START_MS / 1000))).rejects.toMatchObject({ code: 'BAD_SIGNATURE' });
  });

  it('accepts webhooks signed with either key during a key rotation', async () => {
    const clock = createFakeClock(START_MS);
    const next = await generateTelnyxTestKeyPair();
    const telnyx = createTelnyx(settings({ clock, publicKey: [next.publicKey, keys.publicKey] }));
    await expect(telnyx.verifyWebhook(await signedRequest(rawBody, START_MS / 1000))).resolves.toBeUndefined();
  });

  it('imports the public key once, however many webhooks it verifies', async () => {
    const importKey = vi.spyOn(crypto.subtle, 'importKey');
    const clock = createFakeClock(START_MS);
    const telnyx = createTelnyx(settings({ clock }));
    const request = await signedRequest(rawBody, START_MS / 1000);
    importKey.mockClear();
    await Promise.all([telnyx.verifyWebhook(request), telnyx.verifyWebhook(request)]);
    await telnyx.verifyWebhook(request);
    expect(importKey).toHaveBeenCalledTimes(1);
    expect(importKey.mock.calls[0]![0]).toBe('raw');
  });

  it('retries a key import that failed instead of caching the failure', async () => {
    const importKey = vi.spyOn(crypto.subtle, 'importKey').mockRejectedValueOnce(new DOMException('no Ed25519', 'NotSupportedError'));
    const clock = createFakeClock(START_MS);
    const telnyx = createTelnyx(settings({ clock }));
    const request = await signedRequest(rawBody, START_MS / 1000);
    await expect(telnyx.verifyWebhook(request)).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    await expect(telnyx.verifyWebhook(request)).resolves.toBeUndefined();
    expect(importKey).toHaveBeenCalledTimes(2);
  });

  it('parses what buildTelnyxEvent builds, with the call id of a call we placed', async () => {
    const telnyx = createTelnyx(settings());
    const body = buildTelnyxEvent('call.answered', { state: 'answered' }, { id: 'evt-1', occurredAt: '2026-06-02T14:00:09Z', callId: 'call_42' });
    const events = telnyx.parseWebhook(await signedRequest(JSON.stringify(body), START_MS / 1000), { receivedAt: new Date(START_MS) });
    expect(events).toMatchObject([{ key: 'telnyx:evt-1', callId: 'call_42', status: 'in-progress', direction: 'outbound' }]);
  });
});
