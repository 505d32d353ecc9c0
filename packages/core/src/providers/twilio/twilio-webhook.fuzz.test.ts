import fc from 'fast-check';
import twilioNode from 'twilio';
import { afterAll, describe, expect, it } from 'vitest';
import { verificationRejection } from '../../provider-kit/__tests__/verification-rejection.js';
import { webhookParseOutcome } from '../../provider-kit/__tests__/webhook-parse-outcome.js';
import type { WebhookRequest } from '../../provider/call-provider.js';
import { twilioFixtures } from './__fixtures__/twilio-fixtures.js';
import { parseTwilioWebhook } from './twilio-parse-webhook.js';
import { verifyTwilioSignature } from './twilio-verify-signature.js';

// Garbage into the parser and the verifier. The only acceptable outcomes: events the canonical
// schema accepts (or none), or a CallboardError with the documented code. Anything else thrown
// fails the property.

const WEBHOOK_URL = 'https://calls.example.com/webhooks/twilio';
const RECEIVED_AT = new Date('2023-11-14T22:30:00.000Z');
const TOKEN = 'fuzz-token';
const fixtures = Object.values(twilioFixtures);
const outcomes = { events: 0, empty: 0, badPayload: 0, verified: 0, rejected: 0 };

function request(rawBody: string, contentType: string | null = 'application/x-www-form-urlencoded', method = 'POST', url = WEBHOOK_URL): WebhookRequest {
  const headers = new Headers();
  if (contentType !== null) headers.set('content-type', contentType);
  return { method, url, headers, rawBody };
}

function parseOutcome(webhook: WebhookRequest): void {
  outcomes[webhookParseOutcome(() => parseTwilioWebhook(webhook, { receivedAt: RECEIVED_AT }), webhook.rawBody).kind]++;
}

const PARAM_NAMES = [
  'CallSid', 'AccountSid', 'CallStatus', 'Direction', 'From', 'To', 'SequenceNumber', 'Timestamp', 'CallDuration', 'AnsweredBy',
  'SipResponseCode', 'RecordingSid', 'RecordingUrl', 'RecordingStatus', 'RecordingDuration', 'TranscriptionSid', 'TranscriptionStatus',
  'TranscriptionText', 'TranscriptionEvent', 'TranscriptionData', 'Track', 'Final', 'SequenceId', 'ParentCallSid', '__proto__', 'constructor',
];
const hugeString = fc.integer({ min: 300, max: 70_000 }).chain((length) => fc.constantFrom('x', '9', 'é', '%', '+', '&').map((unit) => unit.repeat(length)));
const paramValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  hugeString,
  fc.constantFrom(
    '', 'CA5d0f2c9e8b7a6f5e4d3c2b1a0f9e8d7c', 'completed', 'busy', 'in-progress', 'failed', 'answered', 'transcription-content',
    'transcription-started', 'completed', 'in-progress', 'absent', 'true', 'false', 'inbound_track', 'outbound_track', '603', '99999',
    '-1', '1e3', 'NaN', 'Tue, 31 Feb 2023 22:13:20 +0000', 'Tue, 14 Nov 2023 25:13:20 +0000', '9999-12-31T23:59:59.999999Z',
    '0000-01-01T00:00:00Z', '{"transcript":"hi"}', '{"transcript":5}', '{', 'null', 'machine_start', 'outbound-dial',
  ),
  fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value) ?? ''),
);
const randomParams = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...PARAM_NAMES), fc.string({ maxLength: 20 })), paramValue), { maxLength: 25 })
  .map((pairs) => new URLSearchParams(pairs).toString());

const mutatedFixture = fc
  .tuple(fc.constantFrom(...fixtures), fc.array(fc.tuple(fc.nat(), fc.oneof(paramValue, fc.constant(null))), { minLength: 1, maxLength: 4 }))
  .map(([body, edits]) => {
    const pairs = [...new URLSearchParams(body)];
    for (const [pick, value] of edits) {
      const index = pick % Math.max(1, pairs.length);
      if (value === null) pairs.splice(index, 1);
      else if (pairs[index]) pairs[index] = [pairs[index]![0], value];
    }
    return new URLSearchParams(pairs).toString();
  });

const contentType = fc.oneof(
  fc.constantFrom(
    null, 'application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=UTF-8', 'APPLICATION/X-WWW-FORM-URLENCODED',
    'application/json', 'text/plain', 'multipart/form-data; boundary=x', 'text/xml', '', ';', 'application/x-www-form-urlencoded-evil',
  ),
  fc.string({ maxLength: 30 }),
);

describe('parseTwilioWebhook under garbage (fast-check)', () => {
  afterAll(() => {
    // The properties must have reached every outcome, or the generators are too narrow to mean much.
    expect(outcomes.events).toBeGreaterThan(100);
    expect(outcomes.empty).toBeGreaterThan(100);
    expect(outcomes.badPayload).toBeGreaterThan(100);
  });

  it('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 4_096 }), (bytes) => parseOutcome(request(new TextDecoder().decode(bytes)))), { numRuns: 2_000 });
  });

  it('random strings, lone surrogates included', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 500 }), (text) => parseOutcome(request(text))), { numRuns: 1_500 });
  });

  it('fixtures truncated anywhere', () => {
    fc.assert(
      fc.property(fc.constantFrom(...fixtures), fc.nat(), (body, cut) => parseOutcome(request(body.slice(0, cut % (body.length + 1))))),
      { numRuns: 1_500 },
    );
  });

  it('fixtures with fields removed, replaced, huge or nonsensical', () => {
    fc.assert(fc.property(mutatedFixture, (body) => parseOutcome(request(body))), { numRuns: 2_000 });
  });

  it('random form params', () => {
    fc.assert(fc.property(randomParams, (body) => parseOutcome(request(body))), { numRuns: 2_000 });
  });

  it('any content type, any method', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...fixtures), randomParams), contentType, fc.constantFrom('POST', 'GET', 'post', 'PUT', 'HEAD'), (body, type, method) =>
        parseOutcome(request(body, type, method, method.toUpperCase() === 'POST' || method === 'PUT' ? WEBHOOK_URL : `${WEBHOOK_URL}?${body}`)),
      ),
      { numRuns: 1_000 },
    );
  });

  it('GET callbacks with random URLs', () => {
    fc.assert(fc.property(fc.oneof(fc.webUrl({ withQueryParameters: true }), fc.string({ maxLength: 200 })), (url) => parseOutcome(request('', null, 'GET', url))), {
      numRuns: 500,
    });
  });
});

describe('verifyTwilioSignature under garbage (fast-check)', () => {
  async function verifyOutcome(webhook: WebhookRequest & { headers: Headers }): Promise<void> {
    const rejection = await verificationRejection(() => verifyTwilioSignature(webhook, TOKEN), ['BAD_SIGNATURE', 'MISSING_SIGNATURE']);
    if (rejection === undefined) outcomes.verified++;
    else outcomes.rejected++;
  }

  it('random URLs, bodies, methods and signature headers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string({ maxLength: 100 }), fc.constant(`${WEBHOOK_URL}?bodySHA256=abc`)),
        fc.oneof(fc.constantFrom(...fixtures), randomParams, fc.string({ unit: 'binary', maxLength: 300 })),
        fc.constantFrom('POST', 'GET', 'HEAD', 'delete'),
        fc.option(fc.oneof(fc.base64String({ maxLength: 40 }), fc.string({ maxLength: 60 }), fc.constant('RSOYDt4T1cUTdK1PDd93/VVr8B8='))),
        async (url, rawBody, method, signature) => {
          const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded' });
          if (signature !== null) headers.set('x-twilio-signature', signature.replace(/[\r\n\0]/g, ''));
          await verifyOutcome({ method, url, headers, rawBody });
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('random genuine requests always verify', async () => {
    await fc.assert(
      fc.asyncProperty(fc.webUrl({ withQueryParameters: true }), fc.array(fc.tuple(fc.string({ minLength: 1, maxLength: 10 }), fc.string({ maxLength: 20 })), { maxLength: 10 }), async (url, pairs) => {
        const params: Record<string, string | string[]> = Object.create(null);
        for (const [name, value] of pairs) {
          const existing = params[name];
          params[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
        }
        // Twilio signs the URL as its URL parser writes it (twilio-node rejects other spellings too).
        const signature = twilioNode.getExpectedTwilioSignature(TOKEN, new URL(url).href, params);
        const headers = new Headers({ 'x-twilio-signature': signature });
        await expect(verifyTwilioSignature({ method: 'POST', url, headers, rawBody: new URLSearchParams(pairs).toString() }, TOKEN)).resolves.toBeUndefined();
      }),
      { numRuns: 1_000 },
    );
  });
});
