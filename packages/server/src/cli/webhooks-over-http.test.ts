import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  buildAfricasTalkingCallback,
  buildTelnyxEvent,
  buildTwilioStatusCallback,
  generateTelnyxTestKeyPair,
  signTelnyxRequest,
  signTwilioRequest,
  type TelnyxTestKeyPair,
} from '@callboard/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCallboard, type CallboardProcess } from './__tests__/spawn-callboard.js';

const KEY = 'webhook-test-key-0123456789';
const PUBLIC_URL = 'https://calls.example.test';
const TWILIO_TOKEN = 'twilio-auth-token-for-tests';
const AT_TOKEN = 'at-callback-token-0123456789';
const auth = { authorization: `Bearer ${KEY}` };
let dir: string;
let callboard: CallboardProcess;
let proxied: CallboardProcess;
let telnyxKeys: TelnyxTestKeyPair;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'callboard-webhooks-'));
  telnyxKeys = await generateTelnyxTestKeyPair({ seed: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60' });
  const providers = {
    CALLBOARD_API_KEY: KEY,
    CALLBOARD_SIMULATE: '0',
    TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`,
    TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
    TELNYX_API_KEY: 'KEY-telnyx-test',
    TELNYX_PUBLIC_KEY: telnyxKeys.publicKey,
    TELNYX_CONNECTION_ID: '1000000000000000001',
    AT_USERNAME: 'sandbox',
    AT_API_KEY: 'at-api-key',
    AT_CALLBACK_TOKEN: AT_TOKEN,
    AT_FROM_NUMBER: '+254730000000',
  };
  [callboard, proxied] = await Promise.all([
    spawnCallboard(['start', '--port', '0', '--db', path.join(dir, 'a.db')], { ...providers, CALLBOARD_PUBLIC_URL: PUBLIC_URL }),
    spawnCallboard(['start', '--port', '0', '--db', path.join(dir, 'b.db')], { ...providers, CALLBOARD_TRUST_PROXY: 'true' }),
  ]);
}, 60_000);

afterAll(async () => {
  for (const server of [callboard, proxied]) server?.child.kill('SIGTERM');
  await Promise.all([callboard?.exited, proxied?.exited]);
  rmSync(dir, { recursive: true, force: true });
});

async function getCall(server: CallboardProcess, id: string): Promise<{ status: number; call?: any; events?: any[] }> {
  const response = await fetch(`${server.url}/api/calls/${encodeURIComponent(id)}?events=1`, { headers: auth });
  return { status: response.status, ...((await response.json()) as object) };
}

async function eventCount(server: CallboardProcess): Promise<number> {
  const metrics = await (await fetch(`${server.url}/metrics`, { headers: auth })).text();
  return [...metrics.matchAll(/^callboard_events_stored_total\{[^}]*\} (\d+)$/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
}

async function postTwilio(server: CallboardProcess, params: URLSearchParams, signature: string | undefined, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/webhooks/twilio`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(signature === undefined ? {} : { 'x-twilio-signature': signature }),
      ...headers,
    },
    body: params.toString(),
  });
}

describe('Twilio status callbacks over HTTP', () => {
  const url = `${PUBLIC_URL}/webhooks/twilio`;

  it('stores a signed callback and answers with empty TwiML', async () => {
    const params = buildTwilioStatusCallback({ callSid: 'CA00000000000000000000000000000001', status: 'ringing', sequenceNumber: 1 });
    const response = await postTwilio(callboard, params, await signTwilioRequest({ url, params, authToken: TWILIO_TOKEN }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('xml');
    expect(await response.text()).toContain('<Response/>');
    const { call } = await getCall(callboard, 'CA00000000000000000000000000000001');
    expect(call).toMatchObject({ provider: 'twilio', status: 'ringing' });
  });

  it('rejects a bad or missing signature and stores nothing', async () => {
    const before = await eventCount(callboard);
    const params = buildTwilioStatusCallback({ callSid: 'CA00000000000000000000000000000002', status: 'ringing', sequenceNumber: 1 });
    const forged = await postTwilio(callboard, params, await signTwilioRequest({ url, params, authToken: 'not-the-token' }));
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as any).error.code).toBe('BAD_SIGNATURE');
    const missing = await postTwilio(callboard, params, undefined);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as any).error.code).toBe('MISSING_SIGNATURE');
    const signedForLocalUrl = await postTwilio(
      callboard,
      params,
      await signTwilioRequest({ url: `${callboard.url}/webhooks/twilio`, params, authToken: TWILIO_TOKEN }),
    );
    expect(signedForLocalUrl.status).toBe(403);
    expect((await getCall(callboard, 'CA00000000000000000000000000000002')).status).toBe(404);
    expect(await eventCount(callboard)).toBe(before);
  });

  it('stores a duplicate delivery once', async () => {
    const params = buildTwilioStatusCallback({ callSid: 'CA00000000000000000000000000000003', status: 'in-progress', sequenceNumber: 2 });
    const signature = await signTwilioRequest({ url, params, authToken: TWILIO_TOKEN });
    const answers = await Promise.all([postTwilio(callboard, params, signature), postTwilio(callboard, params, signature), postTwilio(callboard, params, signature)]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    const { events } = await getCall(callboard, 'CA00000000000000000000000000000003');
    expect(events).toHaveLength(1);
  });

  it('keeps a call completed when ringing arrives after completed', async () => {
    const callSid = 'CA00000000000000000000000000000004';
    const completed = buildTwilioStatusCallback({ callSid, status: 'completed', sequenceNumber: 3, callDuration: 42 });
    const ringing = buildTwilioStatusCallback({ callSid, status: 'ringing', sequenceNumber: 1 });
    for (const params of [completed, ringing]) {
      expect((await postTwilio(callboard, params, await signTwilioRequest({ url, params, authToken: TWILIO_TOKEN }))).status).toBe(200);
    }
    const { call, events } = await getCall(callboard, callSid);
    expect(call).toMatchObject({ status: 'completed', durationSec: 42 });
    expect(events).toHaveLength(2);
  });

  it('behind a trusted proxy, verifies against the forwarded scheme and host', async () => {
    const publicUrl = 'https://public.example.org/webhooks/twilio';
    const params = buildTwilioStatusCallback({ callSid: 'CA00000000000000000000000000000005', status: 'initiated', sequenceNumber: 0 });
    const signature = await signTwilioRequest({ url: publicUrl, params, authToken: TWILIO_TOKEN });
    const direct = await postTwilio(proxied, params, signature);
    expect(direct.status).toBe(403);
    const forwarded = await postTwilio(proxied, params, signature, { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'public.example.org' });
    expect(forwarded.status).toBe(200);
    expect((await getCall(proxied, 'CA00000000000000000000000000000005')).call).toMatchObject({ status: 'initiated' });
  });

  it('ignores forwarded headers when the proxy is not trusted', async () => {
    const params = buildTwilioStatusCallback({ callSid: 'CA00000000000000000000000000000006', status: 'ringing', sequenceNumber: 1 });
    const signature = await signTwilioRequest({ url: 'https://evil.example/webhooks/twilio', params, authToken: TWILIO_TOKEN });
    const response = await postTwilio(callboard, params, signature, { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' });
    expect(response.status).toBe(403);
  });
});

describe('Telnyx webhooks over HTTP', () => {
  async function postTelnyx(body: unknown, sign: 'valid' | 'tampered' | 'none' = 'valid') {
    const rawBody = JSON.stringify(body);
    const headers = await signTelnyxRequest({ rawBody, privateKey: telnyxKeys.privateKey, timestamp: Math.floor(Date.now() / 1000) });
    return fetch(`${callboard.url}/webhooks/telnyx`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(sign === 'none' ? {} : headers) },
      body: sign === 'tampered' ? rawBody.replace('incoming', 'outgoing') : rawBody,
    });
  }

  it('stores signed events, once per delivery id, and rejects forged ones', async () => {
    const initiated = buildTelnyxEvent('call.initiated', { call_control_id: 'v3:telnyx-1', direction: 'incoming', state: 'parked' }, { id: 'evt-1' });
    expect((await postTelnyx(initiated)).status).toBe(200);
    expect((await postTelnyx(initiated)).status).toBe(200);
    const { call, events } = await getCall(callboard, 'v3:telnyx-1');
    expect(call).toMatchObject({ provider: 'telnyx', status: 'ringing', direction: 'inbound' });
    expect(events).toHaveLength(1);

    const before = await eventCount(callboard);
    const other = buildTelnyxEvent('call.initiated', { call_control_id: 'v3:telnyx-2', direction: 'incoming', state: 'parked' });
    const tampered = await postTelnyx(other, 'tampered');
    expect(tampered.status).toBe(403);
    const unsigned = await postTelnyx(other, 'none');
    expect(unsigned.status).toBe(401);
    expect((await getCall(callboard, 'v3:telnyx-2')).status).toBe(404);
    expect(await eventCount(callboard)).toBe(before);
  });

  it('keeps a call completed when answered arrives after the hangup', async () => {
    const id = 'v3:telnyx-3';
    const at = Date.now();
    const hangup = buildTelnyxEvent(
      'call.hangup',
      { call_control_id: id, direction: 'incoming', hangup_cause: 'normal_clearing', hangup_source: 'caller', start_time: new Date(at - 60_000).toISOString() },
      { occurredAt: new Date(at) },
    );
    const answered = buildTelnyxEvent('call.answered', { call_control_id: id, direction: 'incoming' }, { occurredAt: new Date(at - 50_000) });
    expect((await postTelnyx(hangup)).status).toBe(200);
    expect((await postTelnyx(answered)).status).toBe(200);
    expect((await getCall(callboard, id)).call).toMatchObject({ status: 'completed' });
  });
});

describe("Africa's Talking callbacks over HTTP", () => {
  function post(callback: ReturnType<typeof buildAfricasTalkingCallback>) {
    const target = new URL(callback.url);
    return fetch(`${callboard.url}${target.pathname}${target.search}`, { method: 'POST', headers: callback.headers, body: callback.rawBody });
  }
  const fields = {
    isActive: 1,
    sessionId: 'ATVId_http_1',
    direction: 'Inbound',
    callerNumber: '+254711000001',
    destinationNumber: '+254730000000',
    callSessionState: 'Ringing',
  };

  it('stores a callback with the right token and answers with valid XML', async () => {
    const response = await post(buildAfricasTalkingCallback(fields, { token: AT_TOKEN, url: `${PUBLIC_URL}/webhooks/africastalking` }));
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\s*<Response\s*\/>/);
    expect((await getCall(callboard, 'ATVId_http_1')).call).toMatchObject({ provider: 'africastalking', direction: 'inbound' });
  });

  it('rejects a wrong or missing token and stores nothing', async () => {
    const before = await eventCount(callboard);
    const other = { ...fields, sessionId: 'ATVId_http_2' };
    const wrong = await post(buildAfricasTalkingCallback(other, { token: 'wrong-token-0123456789', url: `${PUBLIC_URL}/webhooks/africastalking` }));
    expect(wrong.status).toBe(403);
    const missing = await post(buildAfricasTalkingCallback(other, { url: `${PUBLIC_URL}/webhooks/africastalking` }));
    expect([401, 403]).toContain(missing.status);
    expect((await getCall(callboard, 'ATVId_http_2')).status).toBe(404);
    expect(await eventCount(callboard)).toBe(before);
  });

  it('stores a duplicate final callback once and keeps the call ended', async () => {
    const end = { ...fields, sessionId: 'ATVId_http_3', isActive: 0, callSessionState: 'Completed', durationInSeconds: 30, hangupCause: 'NORMAL_CLEARING', amount: '0.5', currencyCode: 'KES', status: 'Success' };
    const callback = buildAfricasTalkingCallback(end, { token: AT_TOKEN, url: `${PUBLIC_URL}/webhooks/africastalking` });
    expect((await post(callback)).status).toBe(200);
    expect((await post(callback)).status).toBe(200);
    const ringing = buildAfricasTalkingCallback({ ...fields, sessionId: 'ATVId_http_3' }, { token: AT_TOKEN, url: `${PUBLIC_URL}/webhooks/africastalking` });
    expect((await post(ringing)).status).toBe(200);
    const { call, events } = await getCall(callboard, 'ATVId_http_3');
    expect(call.status).toBe('completed');
    expect(events).toHaveLength(2);
  });
});
