import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { webhookParseOutcome } from '../../provider-kit/__tests__/webhook-parse-outcome.js';
import { TELNYX_EVENT_MAPPERS } from './map-telnyx-event.js';
import { parseTelnyxWebhook } from './telnyx-parse-webhook.js';

// Garbage into the parser. The only acceptable outcomes: events the canonical schema accepts,
// or a WebhookParseError (BAD_PAYLOAD). Anything else thrown fails the property.

const fixturesDir = new URL('./__fixtures__/', import.meta.url);
const fixtures = readdirSync(fixturesDir)
  .filter((name) => name.endsWith('.json') && !name.startsWith('api-'))
  .map((name) => readFileSync(new URL(name, fixturesDir), 'utf8'));
const mappedTypes = [...TELNYX_EVENT_MAPPERS.keys()];
const receivedAt = new Date('2026-06-02T14:05:00.000Z');

const outcomes = { events: 0, empty: 0, badPayload: 0 };

function parseOutcome(rawBody: string): void {
  outcomes[webhookParseOutcome(() => parseTelnyxWebhook({ rawBody }, { receivedAt }), rawBody).kind]++;
}

/** Every path (as key lists) into a JSON value, objects and arrays included. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [prefix, ...keys.flatMap((key) => pathsOf((value as Record<string | number, unknown>)[key], [...prefix, key]))];
}

const MISSING = Symbol('missing');

function setPath(root: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement === MISSING ? {} : replacement;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (replacement === MISSING) delete node[last];
  else node[last] = replacement;
  return copy;
}

const hugeString = fc.integer({ min: 1_000, max: 100_000 }).chain((length) => fc.constantFrom('x', '9', 'é', '"', '\\u0000').map((unit) => unit.repeat(length)));
const weirdValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  hugeString,
  fc.constant(MISSING),
  fc.constant(null),
  fc.constantFrom('', ' ', 'call.hangup', '2026-06-02T14:00:00Z', '9999-12-31T23:59:59-23:59', '0000-01-01T00:00:00Z', '__proto__', 'constructor', 'NaN', '603'),
  fc.integer({ min: 0, max: 12 }).map((depth) => {
    let nested: unknown = 'deep';
    for (let i = 0; i < depth * 20; i++) nested = { payload: nested };
    return nested;
  }),
  fc.array(fc.string(), { maxLength: 500 }),
);

const mutatedFixture = fc
  .tuple(fc.constantFrom(...fixtures.map((text) => JSON.parse(text) as unknown)), fc.nat(), fc.array(weirdValue, { minLength: 1, maxLength: 3 }), fc.nat())
  .map(([body, pick, replacements, pick2]) => {
    let current = body;
    for (const [i, replacement] of replacements.entries()) {
      const paths = pathsOf(current);
      current = setPath(current, paths[(pick + i * pick2) % paths.length]!, replacement);
    }
    return JSON.stringify(current);
  });

const envelopeShaped = fc
  .record(
    {
      data: fc.record(
        {
          event_type: fc.oneof(fc.constantFrom(...mappedTypes), fc.string(), fc.jsonValue()),
          id: fc.oneof(fc.uuid(), fc.string({ maxLength: 300 }), fc.jsonValue()),
          occurred_at: fc.oneof(fc.date({ noInvalidDate: true }).map((date) => date.toISOString()), fc.string(), fc.integer()),
          payload: fc.oneof(
            fc.jsonValue(),
            fc.dictionary(
              fc.constantFrom('call_control_id', 'client_state', 'direction', 'from', 'to', 'hangup_cause', 'hangup_source', 'sip_hangup_cause', 'result', 'recording_urls', 'public_recording_urls', 'recording_started_at', 'recording_ended_at', 'transcription_data'),
              fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.string(), fc.record({ mp3: fc.string(), wav: fc.string(), transcript: fc.string(), is_final: fc.boolean(), transcription_track: fc.string() }, { requiredKeys: [] })),
            ),
          ),
        },
        { requiredKeys: [] },
      ),
      meta: fc.jsonValue(),
    },
    { requiredKeys: [] },
  )
  .map((value) => JSON.stringify(value));

describe('parseTelnyxWebhook under garbage (fast-check)', () => {
  it('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 4_096 }), (bytes) => parseOutcome(new TextDecoder().decode(bytes))), { numRuns: 2_500 });
  });

  it('random strings, including lone surrogates', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 500 }), (text) => parseOutcome(text)), { numRuns: 1_500 });
  });

  it('fixtures truncated anywhere', () => {
    fc.assert(
      fc.property(fc.constantFrom(...fixtures), fc.nat(), (text, cut) => parseOutcome(text.slice(0, cut % text.length))),
      { numRuns: 2_000 },
    );
  });

  it('any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => parseOutcome(JSON.stringify(value) ?? 'null')), { numRuns: 1_500 });
  });

  it('envelope-shaped values with wrong, missing and mistyped fields', () => {
    fc.assert(fc.property(envelopeShaped, (rawBody) => parseOutcome(rawBody)), { numRuns: 2_500 });
  });

  it('real fixtures with fields replaced by huge, missing, nested or mistyped values', () => {
    fc.assert(fc.property(mutatedFixture, (rawBody) => parseOutcome(rawBody)), { numRuns: 3_000 });
  });

  it('reached every outcome, so the generators exercise the parser and not only its first check', () => {
    // Runs after the properties above (vitest runs a file's tests in order).
    console.info('telnyx parser fuzz outcomes', outcomes);
    expect(outcomes.events).toBeGreaterThan(100);
    expect(outcomes.empty).toBeGreaterThan(100);
    expect(outcomes.badPayload).toBeGreaterThan(1_000);
    expect(outcomes.events + outcomes.empty + outcomes.badPayload).toBeGreaterThanOrEqual(10_000);
  });
});
