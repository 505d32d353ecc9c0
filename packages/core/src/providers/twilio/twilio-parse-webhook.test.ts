import { describe, expect, it } from 'vitest';
import { safeParseCallEvent, type CallEvent } from '../../model/call-event.js';
import { reduceCall } from '../../model/reduce-call.js';
import { thrownCode } from '../../provider-kit/__tests__/callboard-error-of.js';
import type { WebhookRequest } from '../../provider/call-provider.js';
import { twilioFixtures, type TwilioFixtureName } from './__fixtures__/twilio-fixtures.js';
import { parseTwilioWebhook } from './twilio-parse-webhook.js';

const RECEIVED_AT = new Date('2023-11-14T22:30:00.000Z');
const CALL_SID = 'CA5d0f2c9e8b7a6f5e4d3c2b1a0f9e8d7c';
const WEBHOOK_URL = 'https://calls.example.com/webhooks/twilio';

function formRequest(rawBody: string, contentType: string | null = 'application/x-www-form-urlencoded'): WebhookRequest {
  const headers = new Headers();
  if (contentType !== null) headers.set('content-type', contentType);
  return { method: 'POST', url: WEBHOOK_URL, headers, rawBody };
}

function parse(request: WebhookRequest): CallEvent[] {
  const events = parseTwilioWebhook(request, { receivedAt: RECEIVED_AT });
  for (const event of events) expect(safeParseCallEvent(event).error).toBeUndefined();
  return events;
}

function parseFixture(name: TwilioFixtureName): CallEvent[] {
  return parse(formRequest(twilioFixtures[name]));
}

function only<T extends CallEvent['type']>(events: CallEvent[], type: T): Extract<CallEvent, { type: T }> {
  expect(events).toHaveLength(1);
  expect(events[0]!.type).toBe(type);
  return events[0] as Extract<CallEvent, { type: T }>;
}

describe('parseTwilioWebhook: status callbacks (providers.md §6.2-6.3)', () => {
  it.each([
    ['status-queued', 'queued', undefined, undefined],
    ['status-initiated', 'initiated', undefined, undefined],
    ['status-ringing', 'ringing', undefined, undefined],
    ['status-in-progress', 'in-progress', undefined, undefined],
    ['status-completed', 'completed', 'normal', 200],
    ['status-busy', 'busy', 'busy', 486],
    ['status-busy-603', 'busy', 'rejected', 603],
    ['status-no-answer', 'no-answer', 'no_answer', 487],
    ['status-canceled', 'canceled', 'canceled', 487],
    ['status-failed', 'failed', 'unknown', undefined],
    ['status-failed-404', 'failed', 'invalid_number', 404],
    ['status-failed-484', 'failed', 'invalid_number', 484],
    ['status-failed-480', 'failed', 'unreachable', 480],
    ['status-failed-503', 'failed', 'network_error', 503],
    ['status-failed-603', 'failed', 'rejected', 603],
  ] as const)('%s -> status %s, cause %s', (fixture, status, hangupCause, sipCode) => {
    const event = only(parseFixture(fixture), 'call.status');
    expect(event.status).toBe(status);
    expect(event.hangupCause).toBe(hangupCause);
    expect(event.hangupCauseRaw).toBe(hangupCause === undefined ? undefined : status);
    expect(event.sipCode).toBe(sipCode);
  });

  it('keys a status callback by CallSid, SequenceNumber and CallStatus', () => {
    const event = only(parseFixture('status-ringing'), 'call.status');
    expect(event.key).toBe(`twilio:${CALL_SID}:1:ringing`);
    expect(event.sequence).toBe(1);
  });

  it('gives a redelivery the same key and a different status another one', () => {
    const first = only(parseFixture('status-completed'), 'call.status');
    const again = only(parseFixture('status-completed'), 'call.status');
    const other = only(parseFixture('status-busy'), 'call.status');
    expect(again.key).toBe(first.key);
    expect(other.key).not.toBe(first.key);
  });

  it('reads the event time from Timestamp and keeps the receive time beside it', () => {
    const event = only(parseFixture('status-completed'), 'call.status');
    expect(event.occurredAt).toBe('2023-11-14T22:13:20.000Z');
    expect(event.receivedAt).toBe(RECEIVED_AT.toISOString());
  });

  it('carries the call: provider, CallSid, direction, parties', () => {
    const event = only(parseFixture('status-initiated'), 'call.status');
    expect(event).toMatchObject({ provider: 'twilio', providerCallId: CALL_SID, direction: 'outbound', from: '+14155550100', to: '+14155550199' });
  });

  it('reads CallDuration as durationSec, never the legacy Duration', () => {
    expect(only(parseFixture('status-completed'), 'call.status').durationSec).toBe(12);
  });

  it('keeps every parameter as received in raw', () => {
    const event = only(parseFixture('status-completed'), 'call.status');
    expect(event.raw).toMatchObject({ CalledCity: 'SAN FRANCISCO', CallbackSource: 'call-progress-events', Duration: '1', Timestamp: 'Tue, 14 Nov 2023 22:13:20 +0000' });
    expect(Object.keys(event.raw ?? {})).toHaveLength(twilioFixtures['status-completed'].split('&').length);
  });

  it('puts AnsweredBy beside the status, never in place of it', () => {
    const event = only(parseFixture('status-amd-machine'), 'call.status');
    expect(event.status).toBe('in-progress');
    expect(event.answeredBy).toBe('machine');
  });

  it('reads the voice URL request of an inbound call, which has no SequenceNumber or Timestamp', () => {
    const event = only(parseFixture('voice-inbound-ringing'), 'call.status');
    expect(event).toMatchObject({ status: 'ringing', direction: 'inbound', key: `twilio:${CALL_SID}::ringing`, occurredAt: RECEIVED_AT.toISOString() });
    expect(event.sequence).toBeUndefined();
  });

  it('reads a <Dial> child leg as its own outbound call', () => {
    const event = only(parseFixture('status-dial-leg-initiated'), 'call.status');
    expect(event).toMatchObject({ providerCallId: 'CA1b2c3d4e5f60718293a4b5c6d7e8f901', direction: 'outbound', to: 'client:alice' });
    expect(event.raw?.ParentCallSid).toBe(CALL_SID);
  });

  it('reads trunking-originating (PSTN into your PBX) as inbound', () => {
    expect(only(parseFixture('status-trunking-originating'), 'call.status').direction).toBe('inbound');
  });

  it('puts RecordingUrl of a recorded call on the completed status', () => {
    const event = only(parseFixture('status-completed-recorded'), 'call.status');
    expect(event.recordingUrl).toMatch(/\/Recordings\/RE[0-9a-f]{32}$/);
  });

  it('reads the same callback sent with GET from the query string', () => {
    const get: WebhookRequest = { method: 'GET', url: `${WEBHOOK_URL}?${twilioFixtures['status-completed']}`, headers: new Headers(), rawBody: '' };
    const fromGet = only(parse(get), 'call.status');
    const fromPost = only(parseFixture('status-completed'), 'call.status');
    expect(fromGet).toEqual(fromPost);
  });

  it('falls back to the receive time when Timestamp is unreadable', () => {
    const body = twilioFixtures['status-ringing'].replace(/Timestamp=[^&]*/, 'Timestamp=yesterday');
    expect(only(parse(formRequest(body)), 'call.status').occurredAt).toBe(RECEIVED_AT.toISOString());
  });

  it('accepts a request without Content-Type as a form', () => {
    expect(only(parse(formRequest(twilioFixtures['status-ringing'], null)), 'call.status').status).toBe('ringing');
  });

  it('accepts a form Content-Type with a charset', () => {
    const request = formRequest(twilioFixtures['status-ringing'], 'application/x-www-form-urlencoded; charset=UTF-8');
    expect(only(parse(request), 'call.status').status).toBe('ringing');
  });
});

describe('parseTwilioWebhook: reduced, out of order and repeated', () => {
  it('ends completed with every phase filled, whatever order the callbacks come in', () => {
    const names: TwilioFixtureName[] = ['status-completed', 'status-ringing', 'status-in-progress', 'status-initiated', 'status-ringing'];
    const call = names.flatMap((name) => parseFixture(name)).reduce<ReturnType<typeof reduceCall> | undefined>((current, event) => reduceCall(current, event), undefined)!;
    expect(call).toMatchObject({
      status: 'completed',
      hangupCause: 'normal',
      direction: 'outbound',
      startedAt: '2023-11-14T22:13:01.000Z',
      answeredAt: '2023-11-14T22:13:08.000Z',
      endedAt: '2023-11-14T22:13:20.000Z',
      durationSec: 12,
    });
  });
});

describe('parseTwilioWebhook: AMD, recording and transcription callbacks', () => {
  it.each([
    ['amd-async-human', 'human'],
    ['amd-async-fax', 'fax'],
  ] as const)('reads the asynchronous AMD callback %s as answered-by %s', (fixture, answeredBy) => {
    const event = only(parseFixture(fixture), 'call.answered-by');
    expect(event).toMatchObject({ answeredBy, providerCallId: CALL_SID, key: `twilio:${CALL_SID}:amd:${answeredBy}` });
  });

  it('reads a completed recording', () => {
    const event = only(parseFixture('recording-completed'), 'call.recording');
    expect(event.recordingUrl).toMatch(/^https:\/\/api\.twilio\.com\/2010-04-01\/Accounts\/AC[0-9a-f]{32}\/Recordings\/RE[0-9a-f]{32}$/);
    expect(event.recordingDurationSec).toBe(11);
    expect(event.key).toBe(`twilio:${CALL_SID}:recording:RE4c6a8e0f2b4d6f8a0c2e4a6b8d0f2a4c:completed`);
  });

  it.each(['recording-in-progress', 'recording-absent'] as const)('yields nothing for %s', (fixture) => {
    expect(parseFixture(fixture)).toEqual([]);
  });

  it('reads a <Record transcribe> transcription as a final caller segment', () => {
    const event = only(parseFixture('transcription-completed'), 'call.transcript');
    expect(event.segments).toEqual([
      {
        id: 'twilio:TR7e9a1c3e5a7c9e1a3c5e7a9c1e3a5c7e',
        role: 'caller',
        text: "Hi, it's Dana. Please call me back about the delivery, thanks.",
        at: RECEIVED_AT.toISOString(),
        isFinal: true,
      },
    ]);
  });

  it('yields nothing for a failed transcription', () => {
    expect(parseFixture('transcription-failed')).toEqual([]);
  });

  it('reads a final real-time result on the inbound track as the caller', () => {
    const event = only(parseFixture('realtime-transcription-final'), 'call.transcript');
    expect(event.segments).toEqual([
      {
        id: 'twilio:GT2a4c6e8a0c2e4a6c8e0a2c4e6a8c0e2a:3',
        role: 'caller',
        text: 'I would like to change my delivery address',
        at: '2023-11-14T22:13:12.064Z',
        isFinal: true,
      },
    ]);
  });

  it('reads a final real-time result on the outbound track as the agent', () => {
    expect(only(parseFixture('realtime-transcription-agent-final'), 'call.transcript').segments[0]?.role).toBe('agent');
  });

  it('sends a partial real-time result as a live event, not a transcript segment', () => {
    const event = only(parseFixture('realtime-transcription-partial'), 'call.live');
    expect(event).toMatchObject({ name: 'transcript.partial', data: { role: 'caller', text: 'I would like to change my', sequence: '2' } });
  });

  it('yields nothing for transcription-started', () => {
    expect(parseFixture('realtime-transcription-started')).toEqual([]);
  });

  it('yields nothing for a callback that names a call and nothing else', () => {
    expect(parse(formRequest(`CallSid=${CALL_SID}&Digits=1234`))).toEqual([]);
  });
});

describe('parseTwilioWebhook: bad payloads', () => {
  it.each([
    ['a JSON content type', formRequest('{"CallSid":"CA1"}', 'application/json')],
    ['a multipart content type', formRequest(twilioFixtures['status-ringing'], 'multipart/form-data; boundary=x')],
    ['no CallSid', formRequest('CallStatus=ringing&From=%2B1415')],
    ['an empty CallSid', formRequest('CallSid=&CallStatus=ringing')],
    ['an empty body', formRequest('')],
    ['an unknown CallStatus', formRequest(`CallSid=${CALL_SID}&CallStatus=answered`)],
    ['an over-long From', formRequest(`CallSid=${CALL_SID}&CallStatus=ringing&From=${'1'.repeat(300)}`)],
    ['an oversize body', formRequest(`CallSid=${CALL_SID}&CallStatus=ringing&Pad=${'x'.repeat(300_000)}`)],
    ['TranscriptionData that is not JSON', formRequest(`CallSid=${CALL_SID}&TranscriptionEvent=transcription-content&TranscriptionData=%7Bnope`)],
    ['TranscriptionData without a transcript', formRequest(`CallSid=${CALL_SID}&TranscriptionEvent=transcription-content&TranscriptionData=%7B%7D`)],
    ['a GET whose URL cannot be parsed', { method: 'GET', url: 'no url', headers: new Headers(), rawBody: '' }],
  ])('rejects %s with BAD_PAYLOAD', (_name, request) => {
    expect(thrownCode(() => parseTwilioWebhook(request, { receivedAt: RECEIVED_AT }))).toBe('BAD_PAYLOAD');
  });

  it('rejects an invalid receive time with BAD_PAYLOAD instead of a RangeError', () => {
    expect(thrownCode(() => parseTwilioWebhook(formRequest(twilioFixtures['status-ringing']), { receivedAt: new Date(Number.NaN) }))).toBe('BAD_PAYLOAD');
  });
});
