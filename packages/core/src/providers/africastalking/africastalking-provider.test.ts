import { describe, expect, it } from 'vitest';
import { CallboardError } from '../../errors/callboard-error.js';
import type { Call } from '../../model/call.js';
import { reduceCall } from '../../model/reduce-call.js';
import { mockProviderApi } from '../../provider-kit/__tests__/mock-provider-api.js';
import { buildAfricasTalkingCallback } from '../../testing/africastalking.js';
import { createFakeClock } from '../../testing/fake-clock.js';
import {
  AFRICASTALKING_BASE_URL,
  AFRICASTALKING_SANDBOX_BASE_URL,
  createAfricasTalking,
  type AfricasTalkingProviderSettings,
} from './africastalking-provider.js';

const api = mockProviderApi({
  baseUrls: [AFRICASTALKING_BASE_URL, AFRICASTALKING_SANDBOX_BASE_URL],
  // A test must say what the API answers.
  unmatched: { status: 500, text: 'no answer configured for this test' },
});
const TOKEN = 'cb_7d2e9a41f06c4b58a3e1d9f2c7b04a6e';
const settings: AfricasTalkingProviderSettings = {
  username: 'acme',
  apiKey: 'atsk_live_0123456789',
  callbackToken: TOKEN,
  fromNumber: '+254730112233',
};

function settingsError(value: unknown): CallboardError | undefined {
  try {
    createAfricasTalking(value as AfricasTalkingProviderSettings);
  } catch (error) {
    if (CallboardError.isInstance(error)) return error;
    throw error;
  }
  return undefined;
}

describe('createAfricasTalking', () => {
  it('is a v1 provider with id africastalking', () => {
    const provider = createAfricasTalking(settings);
    expect(provider.specificationVersion).toBe('v1');
    expect(provider.id).toBe('africastalking');
    expect(provider.attach).toBeUndefined();
  });

  it('answers every callback with an empty, valid XML Response', () => {
    expect(createAfricasTalking(settings).webhookReply()).toEqual({
      status: 200,
      contentType: 'text/xml',
      body: '<?xml version="1.0" encoding="UTF-8"?><Response/>',
    });
  });

  it.each([
    ['a missing apiKey', { ...settings, apiKey: undefined }, 'apiKey'],
    ['an empty username', { ...settings, username: ' ' }, 'username'],
    ['a short callback token', { ...settings, callbackToken: 'secret' }, 'callbackToken'],
    ['an empty rotation list', { ...settings, callbackToken: [] }, 'callbackToken'],
    ['a misspelt key', { ...settings, apikey: 'x' }, 'apikey'],
    ['a non-http base URL', { ...settings, baseUrl: 'ftp://voice.africastalking.com' }, 'baseUrl'],
    ['a fetch that is not a function', { ...settings, fetch: 'fetch' }, 'fetch'],
  ])('refuses %s with INVALID_ARGUMENT', (_, value, field) => {
    const error = settingsError(value);
    expect(error?.code).toBe('INVALID_ARGUMENT');
    expect(error?.details?.fields).toContain(field);
  });

  it('never echoes the API key in a settings error', () => {
    const error = settingsError({ ...settings, callbackToken: 'short', apiKey: 'atsk_secret_value' });
    expect(JSON.stringify({ message: error?.message, details: error?.details })).not.toContain('atsk_secret_value');
  });

  it('uses the injected fetch and clock and the configured base URL', async () => {
    const seen: string[] = [];
    const provider = createAfricasTalking({
      ...settings,
      baseUrl: 'https://voice.sandbox.africastalking.com',
      clock: createFakeClock(Date.parse('2025-06-01T12:00:00.000Z')),
      fetch: async (input) => {
        seen.push(String(input));
        return Response.json({ entries: [{ status: 'Queued', sessionId: 'ATVId_injected', phoneNumber: '+254722000000' }], errorMessage: 'None' });
      },
    });
    const placed = await provider.placeCall({ callId: 'call_1', to: '+254722000000' });
    expect(seen).toEqual(['https://voice.sandbox.africastalking.com/call']);
    expect(placed.events[0]!.occurredAt).toBe('2025-06-01T12:00:00.000Z');
    expect(api.requests).toHaveLength(0);
  });

  it('hangup rejects with UNSUPPORTED', async () => {
    await expect(createAfricasTalking(settings).hangup({ providerCallId: 'ATVId_1' })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });

  it('places an outbound call and follows it through its callbacks to a completed call', async () => {
    const sessions = new Set<string>();
    const provider = createAfricasTalking({ ...settings, isKnownSession: (sessionId) => sessions.has(sessionId) });
    api.reply('POST', '/call', {
      status: 201,
      json: { entries: [{ phoneNumber: '+254722345678', status: 'Queued', sessionId: 'ATVId_e2e' }], errorMessage: 'None' },
    });
    const placed = await provider.placeCall({ callId: 'call_e2e', to: '+254722345678' });
    sessions.add(placed.providerCallId);

    let call: Call | undefined;
    for (const event of placed.events) call = reduceCall(call, event);
    const common = {
      sessionId: 'ATVId_e2e',
      direction: 'Outbound',
      callerNumber: '+254722345678',
      destinationNumber: '+254730112233',
      callStartTime: '2025-03-04 10:02:41',
    };
    const callbacks = [
      { ...common, isActive: 1, callSessionState: 'Ringing' },
      { ...common, isActive: 1, dtmfDigits: '2' },
      { ...common, isActive: 0, callSessionState: 'Completed', durationInSeconds: 95, amount: '3.1667', currencyCode: 'KES', hangupCause: 'NORMAL_CLEARING', status: 'Success' },
    ];
    let second = 0;
    for (const fields of callbacks) {
      const callback = buildAfricasTalkingCallback(fields, { token: TOKEN });
      await provider.verifyWebhook(callback);
      const receivedAt = new Date(Date.parse('2025-03-04T10:03:00.000Z') + 1000 * second++);
      for (const event of provider.parseWebhook(callback, { receivedAt })) call = reduceCall(call, event);
    }
    expect(call).toMatchObject({
      id: 'call_e2e',
      direction: 'outbound',
      from: '+254730112233',
      to: '+254722345678',
      status: 'completed',
      hangupCause: 'normal',
      durationSec: 95,
      cost: { amount: 3.1667, currency: 'KES' },
      startedAt: '2025-03-04T10:02:41.000Z',
      answeredAt: '2025-03-04T10:03:00.000Z',
      metadata: { dtmfDigits: '2' },
    });
  });

  it('rejects a forged callback for a session it did not place', async () => {
    const provider = createAfricasTalking({ ...settings, isKnownSession: () => false });
    const callback = buildAfricasTalkingCallback({ isActive: 0, sessionId: 'ATVId_forged', direction: 'Outbound' }, { token: TOKEN });
    await expect(provider.verifyWebhook(callback)).rejects.toMatchObject({ code: 'UNKNOWN_SESSION' });
  });

  it('rejects a callback with a wrong token', async () => {
    const provider = createAfricasTalking(settings);
    const callback = buildAfricasTalkingCallback({ isActive: 1, sessionId: 'ATVId_1', direction: 'Inbound' }, { token: 'cb_wrong_wrong_wrong_wrong' });
    await expect(provider.verifyWebhook(callback)).rejects.toMatchObject({ code: 'BAD_TOKEN' });
  });
});
