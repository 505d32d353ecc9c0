import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CallboardError } from '../../errors/callboard-error.js';
import { ProviderApiError } from '../../errors/provider-api-error.js';
import { safeParseCallEvent } from '../../model/call-event.js';
import { mockProviderApi } from '../../provider-kit/__tests__/mock-provider-api.js';
import { createFakeClock } from '../../testing/fake-clock.js';
import { hangupAfricasTalkingCall, placeAfricasTalkingCall, type AfricasTalkingApiConfig } from './africastalking-actions.js';
import { AFRICASTALKING_BASE_URL, AFRICASTALKING_SANDBOX_BASE_URL } from './africastalking-provider.js';

const api = mockProviderApi({
  baseUrls: [AFRICASTALKING_BASE_URL, AFRICASTALKING_SANDBOX_BASE_URL],
  // A test must say what the API answers.
  unmatched: { status: 500, text: 'no answer configured for this test' },
});
const clock = createFakeClock(Date.parse('2025-03-04T10:02:30.000Z'));
const config: AfricasTalkingApiConfig = {
  username: 'acme',
  apiKey: 'atsk_test_0123456789abcdef',
  fromNumber: '+254730112233',
  baseUrl: 'https://voice.africastalking.com',
  fetch: (input, init) => globalThis.fetch(input, init),
  clock,
};

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}.json`, import.meta.url), 'utf8'));
}

async function failure(promise: Promise<unknown>): Promise<ProviderApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProviderApiError) return error;
    throw error;
  }
  throw new Error('expected a ProviderApiError');
}

describe('placeAfricasTalkingCall', () => {
  it('posts the documented form with the apiKey header', async () => {
    api.reply('POST', '/call', { status: 201, json: fixture('make-call-queued') });
    await placeAfricasTalkingCall({ callId: 'call_42', to: '+254722345678' }, config);
    expect(api.requests).toHaveLength(1);
    const [request] = api.requests;
    expect(request!.url).toBe('https://voice.africastalking.com/call');
    expect(request!.headers.get('apikey')).toBe('atsk_test_0123456789abcdef');
    expect(request!.headers.get('accept')).toBe('application/json');
    expect(request!.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(request!.form)).toEqual({
      username: 'acme',
      from: '+254730112233',
      to: '+254722345678',
      clientRequestId: 'call_42',
    });
  });

  it('uses the caller id given for the call instead of the default number', async () => {
    api.reply('POST', '/call', { status: 201, json: fixture('make-call-queued') });
    await placeAfricasTalkingCall({ callId: 'call_42', to: '+254722345678', from: '+254730999000' }, config);
    expect(api.requests[0]!.form.get('from')).toBe('+254730999000');
  });

  it('resolves a Queued entry with the sessionId and a queued event on the clock', async () => {
    api.reply('POST', '/call', { status: 201, json: fixture('make-call-queued') });
    const placed = await placeAfricasTalkingCall({ callId: 'call_42', to: '+254722345678' }, config);
    expect(placed.providerCallId).toBe('ATVId_b31e7f09c4d2a85e6f1029d3c7b4a650');
    expect(placed.events).toHaveLength(1);
    expect(placed.events[0]).toMatchObject({
      type: 'call.status',
      status: 'queued',
      provider: 'africastalking',
      providerCallId: 'ATVId_b31e7f09c4d2a85e6f1029d3c7b4a650',
      callId: 'call_42',
      direction: 'outbound',
      from: '+254730112233',
      to: '+254722345678',
      occurredAt: '2025-03-04T10:02:30.000Z',
      receivedAt: '2025-03-04T10:02:30.000Z',
      key: 'africastalking:ATVId_b31e7f09c4d2a85e6f1029d3c7b4a650:queued',
    });
    expect(safeParseCallEvent(placed.events[0]).success).toBe(true);
  });

  it('strips a trailing slash from the base URL (sandbox)', async () => {
    api.reply('POST', '/call', { status: 201, json: fixture('make-call-queued') });
    await placeAfricasTalkingCall(
      { callId: 'call_1', to: '+254722345678' },
      { ...config, username: 'sandbox', baseUrl: 'https://voice.sandbox.africastalking.com/' },
    );
    expect(api.requests[0]!.url).toBe('https://voice.sandbox.africastalking.com/call');
  });

  it.each([
    ['make-call-invalid-phone-number', 'InvalidPhoneNumber'],
    ['make-call-destination-not-supported', 'DestinationNotSupported'],
    ['make-call-insufficient-credit', 'InsufficientCredit'],
  ])('rejects %s as a non-retryable ProviderApiError with providerCode %s', async (name, status) => {
    api.reply('POST', '/call', { status: 201, json: fixture(name) });
    const error = await failure(placeAfricasTalkingCall({ callId: 'call_1', to: '+254722345678' }, config));
    expect(error.code).toBe('PROVIDER_API_ERROR');
    expect(error.providerCode).toBe(status);
    expect(error.isRetryable).toBe(false);
    expect(error.statusCode).toBe(201);
  });

  it('rejects an errorMessage other than "None" as a non-retryable error', async () => {
    api.reply('POST', '/call', { status: 201, json: fixture('make-call-error-message') });
    const error = await failure(placeAfricasTalkingCall({ callId: 'call_1', to: '+254722345678' }, config));
    expect(error.code).toBe('PROVIDER_API_ERROR');
    expect(error.isRetryable).toBe(false);
    expect(error.message).toContain('Invalid callerId');
  });

  it('rejects an unknown entry status, passing it through as providerCode', async () => {
    api.reply('POST', '/call', { status: 201, json: { entries: [{ phoneNumber: '+254722345678', status: 'Throttled', sessionId: 'None' }], errorMessage: 'None' } });
    const error = await failure(placeAfricasTalkingCall({ callId: 'call_1', to: '+254722345678' }, config));
    expect(error.providerCode).toBe('Throttled');
  });

  it.each([
    ['no entries', { entries: [], errorMessage: 'None' }],
    ['a Queued entry with sessionId None', { entries: [{ status: 'Queued', sessionId: 'None' }], errorMessage: 'None' }],
    ['entries that are not a list', { entries: 'Queued', errorMessage: 'None' }],
  ])('rejects an answer with %s', async (_, json) => {
    api.reply('POST', '/call', { status: 201, json });
    const error = await failure(placeAfricasTalkingCall({ callId: 'call_1', to: '+254722345678' }, config));
    expect(error.code).toBe('PROVIDER_API_ERROR');
    expect(error.isRetryable).toBe(false);
  });

  it('rejects a 2xx answer that is not JSON', async () => {
    api.reply('POST', '/call', { status: 200, text: '<html>maintenance</html>' });
    const error = await failure(placeAfricasTalkingCall({ callId: 'call_1', to: '+254722345678' }, config));
    expect(error).toMatchObject({ code: 'PROVIDER_API_ERROR', statusCode: 200, isRetryable: false });
  });

  it('rejects a 401 (bad API key) as not retryable, with the plain-text body as message', async () => {
    api.reply('POST', '/call', { status: 401, text: 'The supplied authentication is invalid' });
    const error = await failure(placeAfricasTalkingCall({ callId: 'call_1', to: '+254722345678' }, config));
    expect(error).toMatchObject({ code: 'PROVIDER_API_ERROR', statusCode: 401, isRetryable: false });
    expect(error.message).toContain('The supplied authentication is invalid');
  });

  it.each([429, 500, 503])('rejects HTTP %s as retryable', async (status) => {
    api.reply('POST', '/call', { status, text: 'try later' });
    const error = await failure(placeAfricasTalkingCall({ callId: 'call_1', to: '+254722345678' }, config));
    expect(error).toMatchObject({ code: 'PROVIDER_API_ERROR', statusCode: status, isRetryable: true });
  });

  it('rejects an unreachable API as a retryable NETWORK_ERROR', async () => {
    api.reply('POST', '/call', { networkError: true });
    const error = await failure(placeAfricasTalkingCall({ callId: 'call_1', to: '+254722345678' }, config));
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', isRetryable: true, statusCode: undefined });
  });

  it('reports an aborted request as a NETWORK_ERROR that is not retryable, like the other adapters', async () => {
    api.reply('POST', '/call', { status: 201, json: fixture('make-call-queued') });
    const controller = new AbortController();
    controller.abort();
    const error = await failure(placeAfricasTalkingCall({ callId: 'call_1', to: '+254722345678', signal: controller.signal }, config));
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', isRetryable: false, statusCode: undefined });
  });

  it('never puts the API key in the error', async () => {
    api.reply('POST', '/call', { status: 401, text: 'The supplied authentication is invalid' });
    const error = await failure(placeAfricasTalkingCall({ callId: 'call_1', to: '+254722345678' }, config));
    expect(JSON.stringify({ message: error.message, details: error.details, url: error.url })).not.toContain(config.apiKey);
  });

  it.each(['', '  ', '+254722345678,+254722345679'])('refuses to call %j (INVALID_ARGUMENT) without a request', async (to) => {
    let caught: unknown;
    try {
      await placeAfricasTalkingCall({ callId: 'call_1', to }, config);
    } catch (error) {
      caught = error;
    }
    expect(CallboardError.isInstance(caught) && caught.code).toBe('INVALID_ARGUMENT');
    expect(api.requests).toHaveLength(0);
  });
});

describe('hangupAfricasTalkingCall', () => {
  it('rejects with UNSUPPORTED, not retryable, and sends nothing', async () => {
    let caught: unknown;
    try {
      await hangupAfricasTalkingCall({ providerCallId: 'ATVId_1' });
    } catch (error) {
      caught = error;
    }
    expect(CallboardError.isInstance(caught)).toBe(true);
    expect((caught as CallboardError).code).toBe('UNSUPPORTED');
    expect((caught as CallboardError).isRetryable).toBe(false);
    expect(api.requests).toHaveLength(0);
  });
});
