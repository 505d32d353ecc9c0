import { createAfricasTalking } from '@callboard/core/africastalking';
import { createSimulatedProvider } from '@callboard/core/simulated';
import { createTelnyx } from '@callboard/core/telnyx';
import { generateTelnyxTestKeyPair, signTelnyxRequest, signTwilioRequest, type TelnyxTestKeyPair } from '@callboard/core/testing';
import { createTwilio } from '@callboard/core/twilio';
import fc from 'fast-check';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuth } from '../auth/index.js';
import { ROUTES } from './route-table.js';
import type { RouteDefinition } from './route-context.js';
import { createTestApp, TEST_API_KEY, type TestApp } from './__tests__/create-test-app.js';

const RUNS = 5000;
const TWILIO_TOKEN = 'fuzz-twilio-token';
const AT_TOKEN = 'fuzz-at-callback-token-000';

// Field names the schemas know, so generated bodies and queries are often close to valid.
const FIELDS = [
  'callId', 'type', 'direction', 'caller', 'receiver', 'startTime', 'status', 'language', 'metadata', 'endTime', 'duration',
  'transcript', 'satisfaction', 'text', 'role', 'at', 'isFinal', 'segments', 'id', 'name', 'data', 'to', 'from', 'provider',
  'subject', 'scopes', 'ttlSec', 'rooms', 'roomId', '__proto__', 'constructor',
];
const QUERY = ['status', 'direction', 'provider', 'from', 'to', 'language', 'minDuration', 'maxDuration', 'q', 'sort', 'limit', 'cursor', 'events', 'tz', 'bucket', 'token'];
const WORDS = [
  'in-progress', 'success', 'completed', 'ringing', 'inbound', 'outbound', 'bot', 'user', 'en', 'read', 'admin', 'ingest', 'newest',
  'hour', 'day', 'minute', 'UTC', 'Africa/Nairobi', '2026-01-01T00:00:00Z', '+254700000001', 'simulated', 'CALL-1', '1', '0', '',
];

const word = fc.oneof(fc.constantFrom(...WORDS), fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 12 }));
const scalar = fc.oneof(word, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(1e308), fc.constant(-1));
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, fc.array(tie('value'), { maxLength: 4 }), tie('object')),
  object: fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 8 })), tie('value'), { maxKeys: 6 }),
})).value;
const body = fc.oneof(
  { weight: 6, arbitrary: fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 8 }).map((object) => JSON.stringify(object)) },
  { weight: 1, arbitrary: value.map((anything) => JSON.stringify(anything) ?? 'null') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 64 }) },
  { weight: 1, arbitrary: fc.constant('') },
);
/** A valid request body (or query) per route: the fuzzer mutates these, so it reaches each route's logic, not only its guards. */
const EXAMPLES: Record<string, { body?: Record<string, unknown>; query?: string }> = {
  'POST /api/calls': {
    body: { callId: 'CALL-2', type: 'inbound', caller: '+254700000001', receiver: '+254700000002', startTime: '2026-01-01T10:00:00Z', status: 'in-progress', language: 'en', metadata: { a: 1 } },
  },
  'PATCH /api/calls/:callId': { body: { status: 'success', endTime: '2026-01-01T10:05:00Z', duration: 300, transcript: 'User: hi\nBot: hello', satisfaction: 5, metadata: { b: 2 } } },
  'PATCH /api/calls/:callId/transcript': { body: { text: 'hello', role: 'user', at: '2026-01-01T10:01:00Z', isFinal: true } },
  'POST /api/calls/:callId/events': { body: { name: 'sentiment', data: { score: 1 } } },
  'POST /api/calls/initiate': { body: { to: '+254700000001', provider: 'simulated' } },
  'POST /api/calls/:id/terminate': { body: {} },
  'POST /api/tokens': { body: { subject: 'wall', scopes: ['read'], ttlSec: 60, rooms: ['r1'] } },
  'GET /api/calls': { query: 'status=completed,in-progress&direction=inbound&limit=10&sort=newest&q=CALL' },
  'GET /api/calls/stats': { query: 'status=completed&provider=bot&language=en' },
  'GET /api/calls/analytics': { query: 'from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&tz=Africa/Nairobi&bucket=hour' },
  'GET /api/calls/export.csv': { query: 'sort=oldest&minDuration=0&maxDuration=600' },
  'GET /api/calls/:id': { query: 'events=1' },
};

/** An example with some fields dropped, some replaced by arbitrary values, and maybe an extra one. */
function mutated(example: Record<string, unknown>): fc.Arbitrary<string> {
  const keys = Object.keys(example);
  return fc
    .tuple(
      fc.array(fc.constantFrom('keep', 'keep', 'keep', 'keep', 'drop', 'replace'), { minLength: keys.length, maxLength: keys.length }),
      fc.array(value, { minLength: keys.length, maxLength: keys.length }),
      fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...FIELDS, 'extra'), value) }),
    )
    .map(([actions, replacements, extra]) => {
      const result: Record<string, unknown> = {};
      keys.forEach((key, i) => {
        if (actions[i] === 'keep') result[key] = example[key];
        else if (actions[i] === 'replace') result[key] = replacements[i];
      });
      if (extra) result[extra[0]] = extra[1];
      return JSON.stringify(result);
    });
}

const query = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY), fc.string({ maxLength: 6 })), fc.oneof(word, fc.string({ unit: 'binary', maxLength: 10 }))), { maxLength: 5 })
  .map((pairs) => new URLSearchParams(pairs).toString());
const segment = fc.oneof(fc.constantFrom('CALL-1', 'missing', 'active', '%', '%E0%A4%A', '..', 'a b'), fc.string({ maxLength: 12 }).map(encodeURIComponent));
const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/vnd.x+json', undefined);
const credential = fc.constantFrom('key', 'key', 'key', 'read', 'ingest', 'none', 'garbage');

let tokens: Record<string, string>;
let telnyxKeys: TelnyxTestKeyPair;

beforeAll(async () => {
  const auth = createAuth({ apiKeys: [TEST_API_KEY] });
  tokens = {
    key: TEST_API_KEY,
    read: auth.mintToken({ subject: 'r', scopes: ['read'], ttlSec: 3600 }).token,
    ingest: auth.mintToken({ subject: 'i', scopes: ['ingest'], ttlSec: 3600 }).token,
    garbage: 'cb1.garbage.garbage',
  };
  telnyxKeys = await generateTelnyxTestKeyPair({ seed: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60' });
});

beforeEach(() => {
  seen = new Map();
  method = 'POST';
});

afterEach((context) => {
  if (process.env.FUZZ_REPORT) console.log(context.task.name, JSON.stringify(Object.fromEntries(seen)));
  // Every route must have been reached by valid input as well as refused for invalid input.
  const successes = [...seen].filter(([status]) => status < 300).reduce((sum, [, count]) => sum + count, 0);
  const refusals = [...seen].filter(([status]) => status >= 400).reduce((sum, [, count]) => sum + count, 0);
  expect(successes, 'no generated request succeeded').toBeGreaterThan(0);
  if (!context.task.name.startsWith('GET /health') && !context.task.name.startsWith('GET /openapi.json')) {
    expect(refusals, 'no generated request was refused').toBeGreaterThan(0);
  }
});

function newApp(): TestApp {
  const simulated = createSimulatedProvider();
  return createTestApp({
    providers: {
      simulated,
      twilio: createTwilio({ accountSid: `AC${'0'.repeat(32)}`, authToken: TWILIO_TOKEN }),
      telnyx: createTelnyx({ apiKey: 'KEY', publicKey: telnyxKeys.publicKey, connectionId: '1' }),
      africastalking: createAfricasTalking({ username: 'sandbox', apiKey: 'k', callbackToken: AT_TOKEN, fromNumber: '+254700000000' }),
    },
  });
}

/** Statuses seen per test, so each test can show it reached the route's logic, not only its guards. */
let seen: Map<number, number>;
/** The method of the route under test: successes are counted for it only. */
let method: string;

/** Checks one answer: never a 5xx; errors are the JSON error shape; a refused request stored nothing. */
async function check(app: TestApp, request: Request, label: string): Promise<void> {
  const before = await app.store.lastSeq();
  const response = await app.handler(request, { remoteAddress: '127.0.0.1' });
  if (request.method === method) seen.set(response.status, (seen.get(response.status) ?? 0) + 1);
  const text = await response.text();
  if (response.status >= 500) throw new Error(`${label} answered ${response.status}: ${text}`);
  if (response.status >= 400) {
    if (request.method === 'HEAD') expect(text, label).toBe('');
    else {
        const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
      expect(typeof parsed.error?.code, label).toBe('string');
      expect(typeof parsed.error?.message, label).toBe('string');
    }
    expect(await app.store.lastSeq(), `${label} stored something although it was refused`).toBe(before);
  }
}

function pathOf(route: RouteDefinition, params: string[]): string {
  let i = 0;
  return route.path.replace(/:([A-Za-z]+)/g, () => params[i++] ?? 'x');
}

const apiRoutes = ROUTES.filter((route) => route.access !== 'webhook');

describe('fuzzed requests on every route', () => {
  for (const route of apiRoutes) {
    const id = `${route.method} ${route.path}`;
    it(`${id}: only 4xx JSON errors or successes, nothing stored when refused`, async () => {
      const app = newApp();
      method = route.method;
      await app.request('POST', '/api/calls', { json: { callId: 'CALL-1', type: 'inbound' } });
      // A call a provider can hang up, for the terminate route (bot calls cannot be).
      const placed = (await (await app.request('POST', '/api/calls/initiate', { json: { to: '+254700000009', provider: 'simulated' } })).json()) as { callId: string };
      const known = route.path.endsWith('/terminate') ? placed.callId : 'CALL-1';
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            method: fc.oneof({ weight: 9, arbitrary: fc.constant(route.method) }, { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'HEAD', 'OPTIONS') }),
            params: fc.array(fc.oneof({ weight: 2, arbitrary: fc.constant(known) }, { weight: 1, arbitrary: segment }), { minLength: 2, maxLength: 2 }),
            query: fc.oneof(query, fc.constant(EXAMPLES[id]?.query ?? '')),
            body: EXAMPLES[id]?.body ? fc.oneof({ weight: 3, arbitrary: mutated(EXAMPLES[id]!.body!) }, { weight: 1, arbitrary: body }) : body,
            contentType: fc.oneof({ weight: 4, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: contentType }),
            credential,
            idempotencyKey: fc.oneof(
              { weight: 5, arbitrary: fc.constant(undefined) },
              { weight: 3, arbitrary: fc.uuid() },
              { weight: 1, arbitrary: fc.constantFrom('k1', 'k2') },
              { weight: 1, arbitrary: fc.string({ maxLength: 300 }) },
            ),
            origin: fc.option(fc.constantFrom('https://wall.example.com', 'null'), { nil: undefined }),
          }),
          async (input) => {
            const headers = new Headers();
            if (input.contentType) headers.set('content-type', input.contentType);
            if (input.credential !== 'none') headers.set('authorization', `Bearer ${tokens[input.credential]}`);
            if (input.idempotencyKey !== undefined) {
              try {
                headers.set('idempotency-key', input.idempotencyKey);
              } catch {
                // Not a valid header value: a client could not send it either.
              }
            }
            if (input.origin) headers.set('origin', input.origin);
            const hasBody = input.method !== 'GET' && input.method !== 'HEAD';
            const url = `http://127.0.0.1:3000${pathOf(route, input.params)}${input.query ? `?${input.query}` : ''}`;
            const request = new Request(url, { method: input.method, headers, ...(hasBody ? { body: input.body } : {}) });
            await check(app, request, `${input.method} ${url}`);
          },
        ),
        {
          numRuns: RUNS,
          // The route's valid example goes first, so every run exercises the success path
          // whatever the random cases turn out to be.
          examples: [
            [
              {
                method: route.method,
                params: [known, known],
                query: EXAMPLES[id]?.query ?? '',
                body: JSON.stringify(EXAMPLES[id]?.body ?? {}),
                contentType: 'application/json',
                credential: 'key',
                idempotencyKey: undefined,
                origin: undefined,
              },
            ],
          ],
        },
      );
    });
  }

  it('POST /webhooks/twilio: signed garbage params are refused or parsed, never a fault', async () => {
    const app = newApp();
    const params = fc.array(fc.tuple(fc.oneof(fc.constantFrom('CallSid', 'CallStatus', 'SequenceNumber', 'Timestamp', 'CallDuration', 'Direction', 'From', 'To', 'AnsweredBy', 'SipResponseCode', 'RecordingUrl', 'TranscriptionText', 'TranscriptionData'), fc.string({ maxLength: 8 })), fc.oneof(word, fc.constantFrom('CA1', 'completed', 'ringing', 'outbound-api', '-1', 'Tue, 14 Nov 2023 22:13:20 +0000'))), { maxLength: 10 });
    await fc.assert(
      fc.asyncProperty(params, fc.boolean(), fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'text/plain'), async (pairs, sign, type) => {
        const form = new URLSearchParams(pairs);
        const url = 'http://127.0.0.1:3000/webhooks/twilio';
        const headers: Record<string, string> = { 'content-type': type };
        if (sign) headers['x-twilio-signature'] = await signTwilioRequest({ url, params: form, authToken: TWILIO_TOKEN });
        await check(app, new Request(url, { method: 'POST', headers, body: form.toString() }), `twilio ${form}`);
      }),
      { numRuns: RUNS },
    );
  });

  it('POST /webhooks/telnyx: signed garbage bodies are refused or parsed, never a fault', async () => {
    const app = newApp();
    const envelope = fc.record({
      data: fc.record({
        event_type: fc.oneof(fc.constantFrom('call.initiated', 'call.answered', 'call.hangup', 'call.recording.saved', 'call.transcription', 'call.bridged'), word),
        id: word,
        occurred_at: fc.oneof(word, fc.constant('2026-01-01T00:00:00Z')),
        payload: fc.dictionary(fc.constantFrom('call_control_id', 'direction', 'hangup_cause', 'hangup_source', 'sip_hangup_cause', 'start_time', 'client_state', 'transcription_data', 'recording_urls', 'result', 'from', 'to'), value, { maxKeys: 6 }),
      }, { requiredKeys: [] }),
    }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 4, arbitrary: envelope.map((e) => JSON.stringify(e)) }, { weight: 1, arbitrary: body }), fc.boolean(), async (rawBody, sign) => {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (sign) Object.assign(headers, await signTelnyxRequest({ rawBody, privateKey: telnyxKeys.privateKey, timestamp: Math.floor(Date.now() / 1000) }));
        await check(app, new Request('http://127.0.0.1:3000/webhooks/telnyx', { method: 'POST', headers, body: rawBody }), `telnyx ${rawBody}`);
      }),
      { numRuns: RUNS },
    );
  });

  it('POST /webhooks/africastalking: garbage callbacks with or without the token are refused or parsed, never a fault', async () => {
    const app = newApp();
    const valid = fc
      .record({ isActive: fc.constantFrom('0', '1'), sessionId: fc.constantFrom('ATVId_1', 'ATVId_2'), direction: fc.constantFrom('Inbound', 'outbound'), callerNumber: word, destinationNumber: word, hangupCause: fc.constantFrom('NORMAL_CLEARING', 'USER_BUSY', 'NO_ANSWER', 'junk'), durationInSeconds: fc.oneof(word, fc.constant('30')), callSessionState: fc.constantFrom('Ringing', 'Completed', 'Active') }, { requiredKeys: ['sessionId', 'isActive'] })
      .map((record) => Object.entries(record) as Array<[string, string]>);
    const garbage = fc.array(fc.tuple(fc.oneof(fc.constantFrom('isActive', 'sessionId', 'direction', 'callerNumber', 'destinationNumber', 'callStartTime', 'durationInSeconds', 'amount', 'currencyCode', 'hangupCause', 'recordingUrl', 'dtmfDigits', 'callSessionState', 'status'), fc.string({ maxLength: 8 })), fc.oneof(word, fc.constantFrom('0', '1', 'ATVId_1', 'NORMAL_CLEARING', 'Inbound', '2026-01-01 10:00:00'))), { maxLength: 10 });
    await fc.assert(
      fc.asyncProperty(fc.oneof(valid, garbage), fc.constantFrom(AT_TOKEN, '', 'wrong-token-000000000'), fc.string({ maxLength: 10 }), async (pairs, token, extra) => {
        const form = new URLSearchParams(pairs);
        const url = `http://127.0.0.1:3000/webhooks/africastalking?token=${encodeURIComponent(token)}&x=${encodeURIComponent(extra)}`;
        await check(app, new Request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() }), `at ${form}`);
      }),
      { numRuns: RUNS },
    );
  });
});
