import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ProviderApiError } from '../../errors/provider-api-error.js';
import { safeParseCallEvent } from '../../model/call-event.js';
import { rejectionOf } from '../../provider-kit/__tests__/callboard-error-of.js';
import { createFakeClock } from '../../testing/fake-clock.js';
import { mockProviderApi } from '../../provider-kit/__tests__/mock-provider-api.js';
import { generateTelnyxTestKeyPair } from '../../testing/telnyx.js';
import { decodeTelnyxClientState } from './telnyx-client-state.js';
import { createTelnyx, type TelnyxProviderSettings } from './telnyx-provider.js';

const api = mockProviderApi({
  baseUrls: ['https://api.telnyx.test/v2'],
  unmatched: { status: 404, json: { errors: [{ code: '404', title: 'Not set up in the test' }] } },
});
const { publicKey } = await generateTelnyxTestKeyPair({ seed: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60' });
const CCID = 'v3:Jm6x0M8zH1wqk5S1v6iJcTkGQ1i2aQm3mX3GZf8u0sVq1bC9yD0eQw';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}.json`, import.meta.url), 'utf8'));
}

function telnyx(overrides: Partial<TelnyxProviderSettings> = {}) {
  return createTelnyx({
    apiKey: 'KEY0123_test',
    publicKey,
    connectionId: '2963572552552678752',
    fromNumber: '+15122548727',
    baseUrl: api.baseUrl,
    clock: createFakeClock(Date.parse('2026-06-02T14:00:00.000Z')),
    ...overrides,
  });
}

describe('placeCall', () => {
  it('dials through POST /calls with bearer auth and our call id in client_state', async () => {
    api.reply('POST', '/calls', { status: 200, json: fixture('api-dial-response') });
    await telnyx().placeCall({ callId: 'call_1', to: '+15129342627', statusCallbackUrl: 'https://calls.example.com/webhooks/telnyx' });
    expect(api.requests).toHaveLength(1);
    const request = api.requests[0]!;
    expect(request.headers.get('authorization')).toBe('Bearer KEY0123_test');
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(request.body).toEqual({
      connection_id: '2963572552552678752',
      to: '+15129342627',
      from: '+15122548727',
      client_state: expect.any(String),
      command_id: 'call_1',
      webhook_url: 'https://calls.example.com/webhooks/telnyx',
    });
    expect(decodeTelnyxClientState((request.body as { client_state: string }).client_state)).toBe('call_1');
  });

  it('returns the call_control_id and a queued event stamped by the clock', async () => {
    api.reply('POST', '/calls', { status: 200, json: fixture('api-dial-response') });
    const placed = await telnyx().placeCall({ callId: 'call_1', to: '+15129342627' });
    expect(placed.providerCallId).toBe(CCID);
    expect(placed.events).toEqual([
      {
        v: 1,
        type: 'call.status',
        key: `telnyx:queued:${CCID}`,
        provider: 'telnyx',
        providerCallId: CCID,
        callId: 'call_1',
        occurredAt: '2026-06-02T14:00:00.000Z',
        receivedAt: '2026-06-02T14:00:00.000Z',
        status: 'queued',
        direction: 'outbound',
        from: '+15122548727',
        to: '+15129342627',
        raw: { call_control_id: CCID, call_leg_id: '6a1e3f10-9b0c-11f0-8a4f-02420aef1a2b', call_session_id: '6a1e33a4-9b0c-11f0-b7d5-02420aef1a2b' },
      },
    ]);
    expect(safeParseCallEvent(placed.events[0]).success).toBe(true);
  });

  it('sends no webhook_url when none is given, and a from passed per call wins over the default', async () => {
    api.reply('POST', '/calls', { status: 200, json: fixture('api-dial-response') });
    await telnyx().placeCall({ callId: 'call_2', to: '+15129342627', from: '+15550009999' });
    expect(api.requests[0]!.body).not.toHaveProperty('webhook_url');
    expect(api.requests[0]!.body).toMatchObject({ from: '+15550009999' });
  });

  it('refuses to dial without any caller id, before sending anything', async () => {
    const error = await rejectionOf(telnyx({ fromNumber: undefined }).placeCall({ callId: 'call_3', to: '+15129342627' }));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(api.requests).toHaveLength(0);
  });

  it('tolerates a base URL with a trailing slash', async () => {
    api.reply('POST', '/calls', { status: 200, json: fixture('api-dial-response') });
    await telnyx({ baseUrl: `${api.baseUrl}/` }).placeCall({ callId: 'call_4', to: '+15129342627' });
    expect(api.requests.map((request) => request.path)).toEqual(['/calls']);
  });

  it.each([
    ['a 422 validation error', 422, 'api-error-422', '10002', false],
    ['a 401 for a bad key', 401, 'api-error-401', '10009', false],
    ['a 503', 503, 'api-error-503', '10011', true],
  ])('turns %s into a ProviderApiError with Telnyx\'s code', async (_, status, body, providerCode, isRetryable) => {
    api.reply('POST', '/calls', { status, json: fixture(body) });
    const error = await rejectionOf(telnyx().placeCall({ callId: 'call_5', to: '+1555' }));
    expect(error).toBeInstanceOf(ProviderApiError);
    expect(error).toMatchObject({ code: 'PROVIDER_API_ERROR', statusCode: status, providerCode, isRetryable, url: `${api.baseUrl}/calls` });
  });

  it('reports a 429 from a proxy with a text body as retryable, without a provider code', async () => {
    api.reply('POST', '/calls', { status: 429, text: 'Too Many Requests' });
    const error = await rejectionOf(telnyx().placeCall({ callId: 'call_6', to: '+15129342627' }));
    expect(error).toMatchObject({ code: 'PROVIDER_API_ERROR', statusCode: 429, providerCode: undefined, isRetryable: true });
  });

  it('reports a request that got no answer as a retryable NETWORK_ERROR', async () => {
    api.reply('POST', '/calls', { networkError: true });
    const error = await rejectionOf(telnyx().placeCall({ callId: 'call_7', to: '+15129342627' }));
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', statusCode: undefined, isRetryable: true });
  });

  it('reports an aborted request as not retryable', async () => {
    api.reply('POST', '/calls', { status: 200, json: fixture('api-dial-response') });
    const controller = new AbortController();
    controller.abort();
    const error = await rejectionOf(telnyx().placeCall({ callId: 'call_8', to: '+15129342627', signal: controller.signal }));
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', isRetryable: false });
  });

  it('refuses a 200 without a call_control_id, and does not call it retryable', async () => {
    api.reply('POST', '/calls', { status: 200, json: { data: { record_type: 'call' } } });
    const error = await rejectionOf(telnyx().placeCall({ callId: 'call_9', to: '+15129342627' }));
    expect(error).toMatchObject({ code: 'PROVIDER_API_ERROR', statusCode: 200, isRetryable: false });
  });

  it('uses the injected fetch when one is given', async () => {
    const seen: string[] = [];
    const fetch: typeof globalThis.fetch = async (input) => {
      seen.push(String(input));
      return new Response(JSON.stringify(fixture('api-dial-response')), { status: 200 });
    };
    await telnyx({ fetch, baseUrl: 'https://elsewhere.test/v2' }).placeCall({ callId: 'call_10', to: '+15129342627' });
    expect(seen).toEqual(['https://elsewhere.test/v2/calls']);
    expect(api.requests).toHaveLength(0);
  });
});

describe('hangup', () => {
  it('posts to /calls/{call_control_id}/actions/hangup with bearer auth', async () => {
    api.reply('POST', `/calls/${CCID}/actions/hangup`, { status: 200, json: fixture('api-hangup-response') });
    await telnyx().hangup({ providerCallId: CCID });
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0]).toMatchObject({ method: 'POST', path: `/calls/${CCID}/actions/hangup` });
    expect(api.requests[0]!.headers.get('authorization')).toBe('Bearer KEY0123_test');
  });

  it('escapes the call id so it stays one path segment', async () => {
    api.reply('POST', '/calls/a/b?c/actions/hangup', { status: 200, json: fixture('api-hangup-response') });
    await telnyx().hangup({ providerCallId: 'a/b?c' });
    expect(api.requests[0]!.path).toBe('/calls/a/b?c/actions/hangup');
  });

  it('rejects with a ProviderApiError when Telnyx refuses', async () => {
    api.reply('POST', `/calls/${CCID}/actions/hangup`, { status: 422, json: { errors: [{ code: '90018', title: 'Call has already ended' }] } });
    const error = await rejectionOf(telnyx().hangup({ providerCallId: CCID }));
    expect(error).toMatchObject({ code: 'PROVIDER_API_ERROR', statusCode: 422, providerCode: '90018', isRetryable: false });
  });

  it('refuses an empty call id', async () => {
    expect((await rejectionOf(telnyx().hangup({ providerCallId: '' }))).code).toBe('INVALID_ARGUMENT');
    expect(api.requests).toHaveLength(0);
  });
});
