import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CallboardError } from '../../errors/callboard-error.js';
import { safeParseCallEvent, type CallEvent, type CallStatusEvent } from '../../model/call-event.js';
import { reduceCall } from '../../model/reduce-call.js';
import type { WebhookRequest } from '../../provider/call-provider.js';
import { parseAfricasTalkingWebhook } from './africastalking-parse-webhook.js';

const INBOUND_SESSION = 'ATVId_5f0c2d9e8b7a4c31a2e6d0f4b9c8e71a';
const OUTBOUND_SESSION = 'ATVId_b31e7f09c4d2a85e6f1029d3c7b4a650';
const receivedAt = new Date('2025-03-04T09:16:00.000Z');

function fixture(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}.form.txt`, import.meta.url), 'utf8');
}

function request(rawBody: string): WebhookRequest {
  return {
    method: 'POST',
    url: 'https://calls.example.com/webhooks/africastalking?token=x',
    headers: new Headers({ 'content-type': 'application/x-www-form-urlencoded' }),
    rawBody,
  };
}

function parse(rawBody: string, at: Date = receivedAt): CallEvent[] {
  return parseAfricasTalkingWebhook(request(rawBody), { receivedAt: at });
}

function withField(body: string, name: string, value: string | undefined): string {
  const form = new URLSearchParams(body);
  if (value === undefined) form.delete(name);
  else form.set(name, value);
  return form.toString();
}

function statusEvent(events: CallEvent[]): CallStatusEvent {
  const event = events.find((candidate) => candidate.type === 'call.status');
  if (!event || event.type !== 'call.status') throw new Error('no status event');
  return event;
}

function parseError(rawBody: string): unknown {
  try {
    parse(rawBody);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('parseAfricasTalkingWebhook: active callbacks', () => {
  it('maps the first inbound request to ringing, at callStartTime read as UTC', () => {
    const events = parse(fixture('inbound-ringing'));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'call.status',
      status: 'ringing',
      provider: 'africastalking',
      providerCallId: INBOUND_SESSION,
      direction: 'inbound',
      from: '+254711823456',
      to: '+254730112233',
      occurredAt: '2025-03-04T09:15:02.000Z',
      receivedAt: '2025-03-04T09:16:00.000Z',
      key: `africastalking:${INBOUND_SESSION}:1:Ringing:::`,
    });
    expect(events[0]!.raw).toMatchObject({ callerCarrierName: 'Safaricom', callerCountryCode: '254' });
  });

  it('maps the first outbound request to in-progress (the callee answered), with our number as from', () => {
    const [event] = parse(fixture('outbound-answered'));
    expect(event).toMatchObject({
      type: 'call.status',
      status: 'in-progress',
      direction: 'outbound',
      from: '+254730112233',
      to: '+254722345678',
      occurredAt: receivedAt.toISOString(),
      key: `africastalking:${OUTBOUND_SESSION}:1:Ringing:::`,
    });
  });

  it('maps an inbound request carrying digits to in-progress and keeps the digits in metadata', () => {
    const events = parse(fixture('inbound-dtmf'));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      status: 'in-progress',
      metadata: { dtmfDigits: '4821' },
      key: `africastalking:${INBOUND_SESSION}:1::4821::`,
    });
    expect(events[0]!.raw).toMatchObject({ dtmfDigits: '4821' });
  });

  it('maps an inbound request carrying a recording to in-progress plus a call.recording event', () => {
    const events = parse(fixture('inbound-recording'));
    const url = `https://s3.eu-west-1.amazonaws.com/at-voice-recordings/${INBOUND_SESSION}.mp3`;
    expect(events.map((event) => event.type)).toEqual(['call.status', 'call.recording']);
    expect(events[0]).toMatchObject({ status: 'in-progress' });
    expect(events[1]).toMatchObject({ recordingUrl: url, key: `africastalking:${INBOUND_SESSION}:1:::${url}::recording` });
  });

  it('treats an inbound request with another session state as in-progress (our XML is running)', () => {
    const body = withField(fixture('inbound-ringing'), 'callSessionState', 'Transferring');
    expect(statusEvent(parse(body)).status).toBe('in-progress');
  });

  it('treats an inbound request with no session state and nothing else as the first one (ringing)', () => {
    const body = withField(fixture('inbound-ringing'), 'callSessionState', undefined);
    expect(statusEvent(parse(body)).status).toBe('ringing');
  });

  it.each(['Inbound', 'INBOUND', 'inbound', ' inBound '])('accepts direction %j in any letter case', (direction) => {
    const body = withField(fixture('inbound-ringing'), 'direction', direction);
    expect(statusEvent(parse(body))).toMatchObject({ direction: 'inbound', status: 'ringing' });
  });

  it.each(['Outbound', 'OUTBOUND', 'outbound'])('accepts direction %j for outbound calls', (direction) => {
    const body = withField(fixture('outbound-answered'), 'direction', direction);
    expect(statusEvent(parse(body))).toMatchObject({ direction: 'outbound', status: 'in-progress' });
  });

  it('reads a callStartTime whose space arrived as a literal +', () => {
    const body = withField(fixture('inbound-ringing'), 'callStartTime', '2025-03-04+09:15:02');
    expect(statusEvent(parse(body)).occurredAt).toBe('2025-03-04T09:15:02.000Z');
  });

  it.each(['2025-02-30 10:00:00', '2025-03-04 24:00:00', '04/03/2025 09:15', 'yesterday'])(
    'falls back to the receive time for an impossible callStartTime %j',
    (value) => {
      const body = withField(fixture('inbound-ringing'), 'callStartTime', value);
      expect(statusEvent(parse(body)).occurredAt).toBe(receivedAt.toISOString());
    },
  );
});

describe('parseAfricasTalkingWebhook: final callbacks', () => {
  it('maps an answered NORMAL_CLEARING to completed/normal with duration, cost and start time', () => {
    const events = parse(fixture('inbound-completed'));
    expect(events.map((event) => event.type)).toEqual(['call.status', 'call.updated']);
    expect(events[0]).toMatchObject({
      status: 'completed',
      hangupCause: 'normal',
      hangupCauseRaw: 'NORMAL_CLEARING',
      durationSec: 74,
      cost: { amount: 2.4667, currency: 'KES' },
      occurredAt: receivedAt.toISOString(),
      key: `africastalking:${INBOUND_SESSION}:0:Completed:::NORMAL_CLEARING`,
    });
    expect(events[1]).toMatchObject({ startedAt: '2025-03-04T09:15:02.000Z', key: `${events[0]!.key}:started` });
  });

  it('emits the final recording as a call.recording event beside the status', () => {
    const events = parse(fixture('outbound-completed-with-recording'));
    expect(events.map((event) => event.type)).toEqual(['call.status', 'call.recording', 'call.updated']);
    expect(events[0]).toMatchObject({ status: 'completed', durationSec: 183, cost: { amount: 6.1, currency: 'KES' } });
    expect(events[1]).toMatchObject({
      recordingUrl: `https://s3.eu-west-1.amazonaws.com/at-voice-recordings/${OUTBOUND_SESSION}.mp3`,
    });
  });

  it.each([
    ['normal-clearing', 'no-answer', 'no_answer'],
    ['user-busy', 'busy', 'busy'],
    ['call-rejected', 'busy', 'rejected'],
    ['no-answer', 'no-answer', 'no_answer'],
    ['no-user-response', 'no-answer', 'no_answer'],
    ['originator-cancel', 'canceled', 'canceled'],
    ['lose-race', 'canceled', 'lost_race'],
    ['unallocated-number', 'failed', 'invalid_number'],
    ['subscriber-absent', 'failed', 'unreachable'],
    ['user-not-registered', 'failed', 'unreachable'],
    ['normal-temporary-failure', 'failed', 'network_error'],
    ['service-unavailable', 'failed', 'network_error'],
    ['recovery-on-timer-expire', 'failed', 'network_error'],
    ['unspecified', 'failed', 'unknown'],
  ] as const)('maps an unanswered %s to %s/%s', (name, status, hangupCause) => {
    const event = statusEvent(parse(fixture(`outbound-unanswered-${name}`)));
    expect(event).toMatchObject({ status, hangupCause, durationSec: 0, cost: { amount: 0, currency: 'KES' } });
    expect(event.hangupCauseRaw).toBe(name.toUpperCase().replaceAll('-', '_'));
  });

  it('maps an answered UNSPECIFIED to completed with cause unknown', () => {
    expect(statusEvent(parse(fixture('outbound-answered-unspecified')))).toMatchObject({
      status: 'completed',
      hangupCause: 'unknown',
      durationSec: 12,
    });
  });

  it('maps a cause it does not know, or none, like UNSPECIFIED, keeping the raw value', () => {
    const unknown = withField(fixture('outbound-unanswered-user-busy'), 'hangupCause', 'INTERWORKING');
    expect(statusEvent(parse(unknown))).toMatchObject({ status: 'failed', hangupCause: 'unknown', hangupCauseRaw: 'INTERWORKING' });
    const none = withField(fixture('outbound-unanswered-user-busy'), 'hangupCause', undefined);
    const event = statusEvent(parse(none));
    expect(event).toMatchObject({ status: 'failed', hangupCause: 'unknown' });
    expect(event.hangupCauseRaw).toBeUndefined();
  });

  it('leaves out a cost without currency and a duration that is not a number', () => {
    let body = withField(fixture('inbound-completed'), 'currencyCode', undefined);
    body = withField(body, 'durationInSeconds', 'seventy');
    const event = statusEvent(parse(body));
    expect(event.cost).toBeUndefined();
    expect(event.durationSec).toBeUndefined();
  });
});

describe('parseAfricasTalkingWebhook: keys', () => {
  it('gives a redelivered callback the same keys, and a different step a different key', () => {
    const first = parse(fixture('inbound-dtmf'));
    const again = parse(fixture('inbound-dtmf'), new Date('2025-03-04T09:20:00.000Z'));
    expect(again.map((event) => event.key)).toEqual(first.map((event) => event.key));
    const otherDigits = parse(withField(fixture('inbound-dtmf'), 'dtmfDigits', '9'));
    expect(otherDigits[0]!.key).not.toBe(first[0]!.key);
  });

  it('keeps keys within 512 characters for a very long recording URL, still distinct per URL', () => {
    const long = (tail: string) => `https://recordings.example.com/${'a'.repeat(1800)}${tail}.mp3`;
    const a = parse(withField(fixture('inbound-recording'), 'recordingUrl', long('1')));
    const b = parse(withField(fixture('inbound-recording'), 'recordingUrl', long('2')));
    for (const event of [...a, ...b]) expect(event.key.length).toBeLessThanOrEqual(512);
    expect(a[0]!.key).not.toBe(b[0]!.key);
    expect(parse(withField(fixture('inbound-recording'), 'recordingUrl', long('1')))[0]!.key).toBe(a[0]!.key);
  });
});

describe('parseAfricasTalkingWebhook: every fixture', () => {
  const names = [
    'inbound-ringing',
    'outbound-answered',
    'inbound-dtmf',
    'inbound-recording',
    'inbound-completed',
    'outbound-completed-with-recording',
    'outbound-answered-unspecified',
    'outbound-unanswered-user-busy',
  ];
  it.each(names)('%s yields events that match the CallEvent schema', (name) => {
    for (const event of parse(fixture(name))) {
      expect(safeParseCallEvent(event).success).toBe(true);
    }
  });

  it('reduces a whole inbound call (ringing, digits, recording, final) into one consistent call', () => {
    const steps: Array<[string, string]> = [
      ['inbound-ringing', '2025-03-04T09:15:03.000Z'],
      ['inbound-dtmf', '2025-03-04T09:15:20.000Z'],
      ['inbound-recording', '2025-03-04T09:15:50.000Z'],
      ['inbound-completed', '2025-03-04T09:16:16.000Z'],
    ];
    let call;
    for (const [name, at] of steps) {
      for (const event of parse(fixture(name), new Date(at))) call = reduceCall(call, event);
    }
    expect(call).toMatchObject({
      provider: 'africastalking',
      providerCallId: INBOUND_SESSION,
      direction: 'inbound',
      from: '+254711823456',
      to: '+254730112233',
      status: 'completed',
      hangupCause: 'normal',
      startedAt: '2025-03-04T09:15:02.000Z',
      answeredAt: '2025-03-04T09:15:20.000Z',
      endedAt: '2025-03-04T09:16:16.000Z',
      durationSec: 74,
      cost: { amount: 2.4667, currency: 'KES' },
      recordingUrl: `https://s3.eu-west-1.amazonaws.com/at-voice-recordings/${INBOUND_SESSION}.mp3`,
      metadata: { dtmfDigits: '4821' },
    });
  });
});

describe('parseAfricasTalkingWebhook: bodies that are not callbacks', () => {
  it.each([
    ['an empty body', ''],
    ['JSON', '{"isActive":"1","sessionId":"ATVId_1","direction":"Inbound"}'],
    ['no sessionId', 'isActive=1&direction=Inbound'],
    ['a blank sessionId', 'isActive=1&sessionId=%20&direction=Inbound'],
    ['isActive=2', 'isActive=2&sessionId=ATVId_1&direction=Inbound'],
    ['no isActive', 'sessionId=ATVId_1&direction=Inbound'],
    ['an unknown direction', 'isActive=1&sessionId=ATVId_1&direction=Sideways'],
    ['no direction', 'isActive=1&sessionId=ATVId_1'],
    ['a sessionId longer than 256', `isActive=1&direction=Inbound&sessionId=${'x'.repeat(300)}`],
  ])('rejects %s with BAD_PAYLOAD', (_, body) => {
    const error = parseError(body);
    expect(CallboardError.isInstance(error)).toBe(true);
    expect((error as CallboardError).code).toBe('BAD_PAYLOAD');
    expect((error as CallboardError).name).toBe('WebhookParseError');
  });

  it('keeps the first value of a repeated field and treats __proto__ as a plain field', () => {
    const body = `${fixture('inbound-ringing')}&sessionId=ATVId_other&__proto__=x`;
    const [event] = parse(body);
    expect(event!.providerCallId).toBe(INBOUND_SESSION);
    expect(Object.getPrototypeOf(event!.raw)).toBe(Object.prototype);
    expect(Object.hasOwn(event!.raw!, '__proto__')).toBe(true);
  });
});
