import { describe, expect, it } from 'vitest';
import { ProviderApiError } from '../../errors/provider-api-error.js';
import { safeParseCallEvent } from '../../model/call-event.js';
import { rejectionOf } from '../../provider-kit/__tests__/callboard-error-of.js';
import { mockProviderApi } from '../../provider-kit/__tests__/mock-provider-api.js';
import { createTwilio, TWILIO_DEFAULT_CALL_TWIML, type TwilioProviderSettings } from './twilio-provider.js';

// The default base URL, so the tests also prove a provider without `baseUrl` calls Twilio itself.
const api = mockProviderApi({
  baseUrls: ['https://api.twilio.com'],
  // Twilio's own answer for a call (or any resource) that does not exist.
  unmatched: { status: 404, json: { code: 20404, message: 'The requested resource was not found', status: 404 } },
});

const ACCOUNT_SID = 'AC9f3c1e7a2b4d6f8091a3c5e7b9d1f2a4';
const AUTH_TOKEN = 'auth-token-that-must-stay-secret';
const CALL_SID = 'CA5d0f2c9e8b7a6f5e4d3c2b1a0f9e8d7c';
const CALLS_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}/Calls.json`;
const NOW = Date.parse('2023-11-14T22:13:00.500Z');

function twilio(overrides: Partial<TwilioProviderSettings> = {}) {
  return createTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, fromNumber: '+14155550100', clock: { now: () => NOW }, ...overrides });
}

const createdCall = {
  sid: CALL_SID,
  account_sid: ACCOUNT_SID,
  status: 'queued',
  direction: 'outbound-api',
  to: '+14155550199',
  from: '+14155550100',
  date_created: 'Tue, 14 Nov 2023 22:13:00 +0000',
  start_time: null,
  end_time: null,
  duration: null,
  price: null,
  uri: `/2010-04-01/Accounts/${ACCOUNT_SID}/Calls/${CALL_SID}.json`,
};

describe('placeCall', () => {
  it('posts the call with Basic auth and a form body, and returns a queued event', async () => {
    api.reply('POST', CALLS_PATH, { status: 201, json: createdCall });
    const placed = await twilio().placeCall({ callId: 'call_1', to: '+14155550199', statusCallbackUrl: 'https://calls.example.com/webhooks/twilio' });

    expect(api.requests).toHaveLength(1);
    const request = api.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe(CALLS_PATH);
    expect(request.headers.get('authorization')).toBe(`Basic ${btoa(`${ACCOUNT_SID}:${AUTH_TOKEN}`)}`);
    expect(request.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(request.headers.get('accept')).toBe('application/json');
    expect([...request.form]).toEqual([
      ['To', '+14155550199'],
      ['From', '+14155550100'],
      ['Twiml', TWILIO_DEFAULT_CALL_TWIML],
      ['StatusCallback', 'https://calls.example.com/webhooks/twilio'],
      ['StatusCallbackEvent', 'initiated'],
      ['StatusCallbackEvent', 'ringing'],
      ['StatusCallbackEvent', 'answered'],
      ['StatusCallbackEvent', 'completed'],
      ['StatusCallbackMethod', 'POST'],
    ]);

    expect(placed.providerCallId).toBe(CALL_SID);
    expect(placed.events).toHaveLength(1);
    const event = placed.events[0]!;
    expect(safeParseCallEvent(event).error).toBeUndefined();
    expect(event).toMatchObject({
      type: 'call.status',
      status: 'queued',
      key: `twilio:${CALL_SID}:create:queued`,
      provider: 'twilio',
      providerCallId: CALL_SID,
      callId: 'call_1',
      direction: 'outbound',
      from: '+14155550100',
      to: '+14155550199',
      occurredAt: '2023-11-14T22:13:00.000Z',
      receivedAt: '2023-11-14T22:13:00.500Z',
    });
  });

  it('uses the caller id given over the default one', async () => {
    api.reply('POST', CALLS_PATH, { status: 201, json: createdCall });
    await twilio().placeCall({ callId: 'call_1', to: '+14155550199', from: '+14155550111' });
    expect(api.requests[0]!.form.get('From')).toBe('+14155550111');
  });

  it('sends Url instead of Twiml when a voice URL is configured', async () => {
    api.reply('POST', CALLS_PATH, { status: 201, json: createdCall });
    await twilio({ voiceUrl: 'https://calls.example.com/twiml/outbound' }).placeCall({ callId: 'call_1', to: '+14155550199' });
    expect(api.requests[0]!.form.get('Url')).toBe('https://calls.example.com/twiml/outbound');
    expect(api.requests[0]!.form.has('Twiml')).toBe(false);
  });

  it('asks for no status callbacks when there is no callback URL', async () => {
    api.reply('POST', CALLS_PATH, { status: 201, json: createdCall });
    await twilio().placeCall({ callId: 'call_1', to: '+14155550199' });
    expect([...api.requests[0]!.form.keys()].filter((name) => name.startsWith('StatusCallback'))).toEqual([]);
  });

  it('refuses to call without a caller id, before any request', async () => {
    const error = await rejectionOf(twilio({ fromNumber: undefined }).placeCall({ callId: 'call_1', to: '+14155550199' }));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(api.requests).toHaveLength(0);
  });

  it('turns a Twilio error body into a ProviderApiError with its code', async () => {
    api.reply('POST', CALLS_PATH, {
      status: 400,
      json: { code: 21211, message: "The 'To' number +1415 is not a valid phone number.", more_info: 'https://www.twilio.com/docs/errors/21211', status: 400 },
    });
    const error = (await rejectionOf(twilio().placeCall({ callId: 'call_1', to: '+1415' }))) as ProviderApiError;
    expect(error).toBeInstanceOf(ProviderApiError);
    expect(error).toMatchObject({ code: 'PROVIDER_API_ERROR', statusCode: 400, providerCode: '21211', isRetryable: false });
  });

  it.each([
    [408, true],
    [409, true],
    [429, true],
    [500, true],
    [503, true],
    [401, false],
    [404, false],
  ])('marks HTTP %i as retryable: %s', async (status, retryable) => {
    api.reply('POST', CALLS_PATH, { status, text: '<html>upstream said no</html>' });
    const error = (await rejectionOf(twilio().placeCall({ callId: 'call_1', to: '+14155550199' }))) as ProviderApiError;
    expect(error).toMatchObject({ code: 'PROVIDER_API_ERROR', statusCode: status, providerCode: undefined, isRetryable: retryable });
  });

  it('reports a network failure as a retryable NETWORK_ERROR', async () => {
    api.reply('POST', CALLS_PATH, { networkError: true });
    const error = await rejectionOf(twilio().placeCall({ callId: 'call_1', to: '+14155550199' }));
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', isRetryable: true });
  });

  it('reports an aborted request as not retryable', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await rejectionOf(twilio().placeCall({ callId: 'call_1', to: '+14155550199', signal: controller.signal }));
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', isRetryable: false });
  });

  it('does not retry a success answer without a call sid (the call may exist)', async () => {
    api.reply('POST', CALLS_PATH, { status: 201, json: { status: 'queued' } });
    const error = await rejectionOf(twilio().placeCall({ callId: 'call_1', to: '+14155550199' }));
    expect(error).toMatchObject({ code: 'PROVIDER_API_ERROR', isRetryable: false });
  });

  it('never puts the auth token in an error', async () => {
    api.reply('POST', CALLS_PATH, { status: 401, json: { code: 20003, message: 'Authenticate', status: 401 } });
    const error = await rejectionOf(twilio().placeCall({ callId: 'call_1', to: '+14155550199' }));
    const text = JSON.stringify({ message: error.message, details: error.details, url: (error as ProviderApiError).url, stack: error.stack });
    expect(text).not.toContain(AUTH_TOKEN);
    expect(text).not.toContain(btoa(`${ACCOUNT_SID}:${AUTH_TOKEN}`));
  });
});

describe('hangup', () => {
  it('posts Status=completed to the call', async () => {
    api.reply('POST', `/2010-04-01/Accounts/${ACCOUNT_SID}/Calls/${CALL_SID}.json`, { status: 200, json: { ...createdCall, status: 'completed' } });
    await twilio().hangup({ providerCallId: CALL_SID });
    expect(api.requests.map((request) => [request.path, [...request.form]])).toEqual([
      [`/2010-04-01/Accounts/${ACCOUNT_SID}/Calls/${CALL_SID}.json`, [['Status', 'completed']]],
    ]);
  });

  it('reports an unknown call as a non-retryable 404', async () => {
    const error = (await rejectionOf(twilio().hangup({ providerCallId: 'CA00000000000000000000000000000000' }))) as ProviderApiError;
    expect(error).toMatchObject({ code: 'PROVIDER_API_ERROR', statusCode: 404, providerCode: '20404', isRetryable: false });
  });
});

describe('injected fetch and base URL', () => {
  it('sends every request through the injected fetch, to the configured base URL', async () => {
    const seen: string[] = [];
    const fetch: typeof globalThis.fetch = async (input) => {
      seen.push(String(input));
      return new Response(JSON.stringify(createdCall), { status: 201, headers: { 'content-type': 'application/json' } });
    };
    const placed = await twilio({ fetch, baseUrl: 'https://twilio-proxy.example.com/' }).placeCall({ callId: 'call_1', to: '+14155550199' });
    expect(placed.providerCallId).toBe(CALL_SID);
    expect(seen).toEqual([`https://twilio-proxy.example.com${CALLS_PATH}`]);
    expect(api.requests).toHaveLength(0);
  });
});
