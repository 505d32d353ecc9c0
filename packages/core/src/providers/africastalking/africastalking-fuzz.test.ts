import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verificationRejection } from '../../provider-kit/__tests__/verification-rejection.js';
import { webhookParseOutcome } from '../../provider-kit/__tests__/webhook-parse-outcome.js';
import type { WebhookRequest } from '../../provider/call-provider.js';
import { parseAfricasTalkingWebhook } from './africastalking-parse-webhook.js';
import { verifyAfricasTalkingRequest } from './africastalking-verify-signature.js';

const RUNS = 10_000;
const TOKEN = 'fuzz_token_8c1f0e3a5b7d49e2';
const FIELDS = [
  'isActive', 'sessionId', 'direction', 'callerNumber', 'destinationNumber', 'callStartTime', 'callSessionState',
  'durationInSeconds', 'amount', 'currencyCode', 'hangupCause', 'recordingUrl', 'dtmfDigits', 'status',
  'token', '__proto__', 'constructor', '',
];
const VALUES = [
  '0', '1', '2', '', ' ', 'Inbound', 'OUTBOUND', 'outbound', 'Ringing', 'Completed', 'NORMAL_CLEARING', 'USER_BUSY',
  'UNSPECIFIED', '2025-03-04 09:15:02', '2025-13-40 99:99:99', '-1', '1e309', 'NaN', '0.5', 'KES', TOKEN,
  'ATVId_1', '+254711000000', 'https://example.com/r.mp3', '%', '\u0000', '😀',
];

const value = fc.oneof(fc.constantFrom(...VALUES), fc.string(), fc.string({ unit: 'binary', maxLength: 300 }));
const formBody = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...FIELDS), fc.string()), value), { maxLength: 20 })
  .map((pairs) => new URLSearchParams(pairs).toString());
// Close to a real callback: each field present or not, usually plausible, sometimes garbage.
const plausible = (...choices: string[]) => fc.oneof(fc.constantFrom(...choices), value);
const nearCallback = fc
  .record(
    {
      isActive: plausible('0', '1'),
      sessionId: plausible('ATVId_1', 'ATVId_2'),
      direction: plausible('Inbound', 'OUTBOUND', 'outbound'),
      callerNumber: value,
      destinationNumber: value,
      callStartTime: plausible('2025-03-04 09:15:02', '2025-03-04+09:15:02'),
      callSessionState: plausible('Ringing', 'Completed'),
      durationInSeconds: plausible('0', '42', '12.5'),
      amount: plausible('0', '1.25'),
      currencyCode: plausible('KES', 'USD'),
      hangupCause: plausible('NORMAL_CLEARING', 'USER_BUSY', 'LOSE_RACE'),
      recordingUrl: value,
      dtmfDigits: value,
    },
    { requiredKeys: [] },
  )
  .map((fields) => new URLSearchParams(fields as Record<string, string>).toString());
const body = fc.oneof(
  { arbitrary: nearCallback, weight: 3 },
  { arbitrary: formBody, weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 2_000 }), weight: 1 },
  { arbitrary: fc.json(), weight: 1 },
);
const url = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.string(),
  fc.constantFrom(`https://calls.example.com/webhooks/africastalking?token=${TOKEN}`, 'https://calls.example.com/x?token=', '/relative?token=x'),
  value.map((token) => `https://calls.example.com/webhooks/africastalking?token=${encodeURIComponent(token)}`),
);
const request = fc.record({ method: fc.constantFrom('POST', 'GET', 'PUT', ''), url, rawBody: body }).map(
  (fields): WebhookRequest => ({ ...fields, headers: new Headers({ 'content-type': 'application/x-www-form-urlencoded' }) }),
);

describe('Africa\'s Talking adapter under garbage', () => {
  it(`parses ${RUNS} garbage requests into valid events or BAD_PAYLOAD, never anything else`, () => {
    let events = 0;
    let rejected = 0;
    fc.assert(
      fc.property(request, fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), (req, at) => {
        const outcome = webhookParseOutcome(() => parseAfricasTalkingWebhook(req, { receivedAt: at }), req.rawBody);
        if (outcome.kind === 'badPayload') rejected++;
        events += outcome.events.length;
      }),
      { numRuns: RUNS },
    );
    // The generators reach both outcomes, so the property is not passing vacuously.
    expect(events).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(100);
  });

  it(`verifies ${RUNS} garbage requests into acceptance, BAD_TOKEN or UNKNOWN_SESSION, never anything else`, async () => {
    const outcomes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(request, fc.boolean(), async (req, known) => {
        const verify = () => verifyAfricasTalkingRequest(req, { callbackToken: TOKEN, isKnownSession: () => known });
        const outcome = (await verificationRejection(verify, ['BAD_TOKEN', 'UNKNOWN_SESSION'])) ?? 'accepted';
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }),
      { numRuns: RUNS },
    );
    expect(outcomes.get('accepted')).toBeGreaterThan(10);
    expect(outcomes.get('BAD_TOKEN')).toBeGreaterThan(100);
    expect(outcomes.get('UNKNOWN_SESSION')).toBeGreaterThan(0);
  });
});
