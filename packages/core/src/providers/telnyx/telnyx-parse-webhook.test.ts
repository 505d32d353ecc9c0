import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { safeParseCallEvent, type CallEvent } from '../../model/call-event.js';
import { reduceCall } from '../../model/reduce-call.js';
import type { Call } from '../../model/call.js';
import { thrownCode } from '../../provider-kit/__tests__/callboard-error-of.js';
import { parseTelnyxWebhook } from './telnyx-parse-webhook.js';

const fixturesDir = new URL('./__fixtures__/', import.meta.url);
const receivedAt = new Date('2026-06-02T14:05:00.000Z');
const OUR_CALL_ID = 'call_01JTX4QF7Z0000000000000001';
const OUT_CCID = 'v3:Jm6x0M8zH1wqk5S1v6iJcTkGQ1i2aQm3mX3GZf8u0sVq1bC9yD0eQw';
const IN_CCID = 'v3:CM8u1zCcmtZ3Jzb6vuXBSzCLS5p7ww8ypCUpyBJVrubAVjjLAAECYg';

function fixture(name: string): string {
  return readFileSync(new URL(`${name}.json`, fixturesDir), 'utf8');
}

function parse(rawBody: string): CallEvent[] {
  return parseTelnyxWebhook({ rawBody }, { receivedAt });
}

function only(name: string): CallEvent {
  const events = parse(fixture(name));
  expect(events).toHaveLength(1);
  return events[0]!;
}

function withPayload(name: string, change: (payload: Record<string, unknown>) => void): string {
  const body = JSON.parse(fixture(name));
  change(body.data.payload);
  return JSON.stringify(body);
}

describe('parseTelnyxWebhook: envelope', () => {
  it('keys the event by data.id, dates it by occurred_at (to the ms) and keeps the payload raw', () => {
    const event = only('call-initiated-inbound');
    expect(event).toMatchObject({
      v: 1,
      key: 'telnyx:9f9301c2-a9db-41bf-a670-013af4c67e3a',
      provider: 'telnyx',
      providerCallId: IN_CCID,
      occurredAt: '2026-05-19T23:30:15.038Z',
      receivedAt: '2026-06-02T14:05:00.000Z',
    });
    expect(event.raw).toMatchObject({
      call_leg_id: 'b0457f28-53da-11f1-9961-02420aef271f',
      call_session_id: 'b04574f6-53da-11f1-8e4b-02420aef271f',
    });
  });

  it('produces events the canonical schema accepts, for every fixture', () => {
    const names = readdirSync(fixturesDir).filter((name) => !name.startsWith('api-') && name.endsWith('.json'));
    expect(names.length).toBeGreaterThanOrEqual(20);
    for (const name of names) {
      for (const event of parse(fixture(name.replace(/\.json$/, '')))) {
        const result = safeParseCallEvent(event);
        expect(result.success, `${name}: ${JSON.stringify(result.error?.issues)}`).toBe(true);
      }
    }
  });

  it('reads the call id placeCall put in client_state', () => {
    expect(only('call-answered').callId).toBe(OUR_CALL_ID);
    expect(only('call-initiated-inbound')).not.toHaveProperty('callId');
  });

  it.each([
    ['not base64', '%%%'],
    ['base64 of text that is not JSON', btoa('have a nice day')],
    ['base64 of JSON without a callId', btoa('{"step":"ivr-1"}')],
    ['base64 of JSON with a non-string callId', btoa('{"callId":42}')],
    ['base64 of invalid UTF-8', btoa('\xff\xfe{"callId":"x"}')],
  ])('ignores a client_state that is %s', (_, clientState) => {
    const events = parse(withPayload('call-answered', (payload) => (payload.client_state = clientState)));
    expect(events).toHaveLength(1);
    expect(events[0]).not.toHaveProperty('callId');
  });

  it.each(['call-playback-ended', 'conference-created'])('maps %s to no events', (name) => {
    expect(parse(fixture(name))).toEqual([]);
  });

  it('maps an unmapped event to no events even without a payload', () => {
    expect(parse('{"data":{"event_type":"call.dtmf.received","id":"e1","occurred_at":"2026-06-02T14:00:00Z"}}')).toEqual([]);
  });

  it('leaves out a from or to too long to store instead of failing', () => {
    const event = parse(withPayload('call-answered', (payload) => (payload.from = `sip:${'a'.repeat(300)}@example.com`)))[0]!;
    expect(event).not.toHaveProperty('from');
    expect(event.to).toBe('+15129342627');
  });

  it.each([
    ['text that is not JSON', 'hello'],
    ['an empty body', ''],
    ['truncated JSON', fixture('call-answered').slice(0, 120)],
    ['a JSON array', '[]'],
    ['JSON null', 'null'],
    ['an envelope without data', '{"meta":{}}'],
    ['data without an id', '{"data":{"event_type":"call.answered","occurred_at":"2026-06-02T14:00:00Z","payload":{}}}'],
    ['a numeric event_type', '{"data":{"event_type":7,"id":"x","occurred_at":"2026-06-02T14:00:00Z"}}'],
    ['a mapped event without call_control_id', withPayload('call-answered', (payload) => delete payload.call_control_id)],
    ['a mapped event with a numeric call_control_id', withPayload('call-answered', (payload) => (payload.call_control_id = 12))],
    ['a mapped event whose payload is a string', '{"data":{"event_type":"call.answered","id":"x","occurred_at":"2026-06-02T14:00:00Z","payload":"v3:abc"}}'],
    ['an occurred_at that is not a date', '{"data":{"event_type":"call.answered","id":"x","occurred_at":"yesterday","payload":{"call_control_id":"v3:a"}}}'],
    ['an occurred_at without a zone', '{"data":{"event_type":"call.answered","id":"x","occurred_at":"2026-06-02T14:00:00","payload":{"call_control_id":"v3:a"}}}'],
    ['a call.transcription without transcription_data', withPayload('call-transcription-final', (payload) => delete payload.transcription_data)],
    ['an AMD event without a result', withPayload('call-machine-detection-ended-human', (payload) => delete payload.result)],
    ['a from that is an object', withPayload('call-answered', (payload) => (payload.from = { number: '+1' }))],
  ])('rejects %s as BAD_PAYLOAD', (_, rawBody) => {
    expect(thrownCode(() => parse(rawBody))).toBe('BAD_PAYLOAD');
  });
});

describe('parseTelnyxWebhook: status (providers.md §6.2)', () => {
  it('an inbound call.initiated is a call ringing at us', () => {
    expect(only('call-initiated-inbound')).toMatchObject({
      type: 'call.status',
      status: 'ringing',
      direction: 'inbound',
      from: '+15129342627',
      to: '+15122548727',
    });
  });

  it('an outbound call.initiated is a leg being dialed', () => {
    expect(only('call-initiated-outbound')).toMatchObject({
      type: 'call.status',
      status: 'initiated',
      direction: 'outbound',
      callId: OUR_CALL_ID,
      providerCallId: OUT_CCID,
      from: '+15122548727',
      to: '+15129342627',
    });
  });

  it('call.answered is in-progress', () => {
    expect(only('call-answered')).toMatchObject({ type: 'call.status', status: 'in-progress', occurredAt: '2026-06-02T14:00:09.801Z' });
  });

  it('call.bridged is in-progress too', () => {
    expect(only('call-bridged')).toMatchObject({ type: 'call.status', status: 'in-progress' });
  });

  it.each([
    ['call-hangup-completed-outbound', { status: 'completed', hangupCause: 'normal', hangupCauseRaw: 'normal_clearing', sipCode: 200, hangupSource: 'callee' }],
    ['call-hangup-completed-inbound', { status: 'completed', hangupCause: 'normal', hangupCauseRaw: 'normal_clearing', hangupSource: 'caller' }],
    ['call-hangup-busy', { status: 'busy', hangupCause: 'busy', hangupCauseRaw: 'user_busy', sipCode: 486, hangupSource: 'callee' }],
    ['call-hangup-rejected', { status: 'busy', hangupCause: 'rejected', hangupCauseRaw: 'call_rejected', sipCode: 603, hangupSource: 'callee' }],
    ['call-hangup-no-answer', { status: 'no-answer', hangupCause: 'no_answer', hangupCauseRaw: 'timeout', sipCode: 487, hangupSource: 'unknown' }],
    ['call-hangup-canceled', { status: 'canceled', hangupCause: 'canceled', hangupCauseRaw: 'originator_cancel', sipCode: 487, hangupSource: 'caller' }],
    ['call-hangup-canceled-by-us', { status: 'canceled', hangupCause: 'canceled', hangupCauseRaw: 'normal_clearing', sipCode: 487, hangupSource: 'caller' }],
    ['call-hangup-invalid-number', { status: 'failed', hangupCause: 'invalid_number', hangupCauseRaw: 'not_found', sipCode: 404 }],
    ['call-hangup-time-limit', { status: 'completed', hangupCause: 'time_limit', hangupCauseRaw: 'time_limit', hangupSource: 'unknown' }],
    ['call-hangup-unspecified', { status: 'failed', hangupCause: 'unknown', hangupCauseRaw: 'unspecified' }],
    ['call-hangup-unspecified-503', { status: 'failed', hangupCause: 'network_error', hangupCauseRaw: 'unspecified', sipCode: 503 }],
  ])('%s', (name, expected) => {
    const event = only(name);
    expect(event).toMatchObject({ type: 'call.status', ...expected });
    if (!('sipCode' in expected)) expect(event).not.toHaveProperty('sipCode');
  });

  it('an unanswered normal_clearing that we ended is canceled only on our outbound leg', () => {
    // Same body without our client_state: nothing says we placed the call, so the caller was not us.
    const foreign = parse(withPayload('call-hangup-canceled-by-us', (payload) => (payload.client_state = null)))[0]!;
    expect(foreign).toMatchObject({ status: 'no-answer', hangupCause: 'no_answer' });
  });
});

describe('parseTelnyxWebhook: answering machine detection', () => {
  it.each([
    ['call-machine-detection-ended-human', 'human'],
    ['call-machine-detection-ended-machine', 'machine'],
    ['call-machine-detection-ended-not-sure', 'unknown'],
    ['call-machine-premium-detection-ended-human', 'human'],
    ['call-machine-premium-detection-ended-fax', 'fax'],
  ])('%s is answered-by %s, not a status change', (name, answeredBy) => {
    expect(only(name)).toMatchObject({ type: 'call.answered-by', answeredBy, callId: OUR_CALL_ID });
  });

  it('maps a premium result it does not know to unknown', () => {
    const event = parse(withPayload('call-machine-premium-detection-ended-fax', (payload) => (payload.result = 'silence')))[0]!;
    expect(event).toMatchObject({ type: 'call.answered-by', answeredBy: 'unknown' });
  });
});

describe('parseTelnyxWebhook: recordings', () => {
  it('prefers the public mp3 URL and computes the recording length', () => {
    expect(only('call-recording-saved')).toMatchObject({
      type: 'call.recording',
      recordingUrl: 'https://recordings.example-bucket.com/calls/6a1e3f10-9b0c-11f0-8a4f-02420aef1a2b.mp3',
      recordingDurationSec: 211.3,
    });
  });

  it('falls back to the signed URL when there is no public one', () => {
    const event = parse(withPayload('call-recording-saved', (payload) => (payload.public_recording_urls = {})))[0]!;
    expect(event).toMatchObject({ type: 'call.recording' });
    expect((event as { recordingUrl: string }).recordingUrl).toMatch(/^https:\/\/s3\.amazonaws\.com\/.*\.mp3\?/);
  });

  it('takes a public wav when there is no public mp3', () => {
    const event = parse(
      withPayload('call-recording-saved', (payload) => (payload.public_recording_urls = { mp3: null, wav: 'https://r.example.com/a.wav' })),
    )[0]!;
    expect(event).toMatchObject({ recordingUrl: 'https://r.example.com/a.wav' });
  });

  it('reports nothing when the webhook carries no URL', () => {
    const rawBody = withPayload('call-recording-saved', (payload) => {
      payload.public_recording_urls = null;
      payload.recording_urls = { mp3: null, wav: null };
    });
    expect(parse(rawBody)).toEqual([]);
  });
});

describe('parseTelnyxWebhook: live transcription', () => {
  it('a partial result updates the live line of its track', () => {
    expect(only('call-transcription-partial')).toMatchObject({
      type: 'call.transcript',
      segments: [{ id: 'inbound:live', role: 'caller', text: "hi I'm calling about my", isFinal: false, at: '2026-06-02T14:00:15.200Z' }],
    });
  });

  it('a final result is its own segment and blanks the live line', () => {
    expect(only('call-transcription-final')).toMatchObject({
      type: 'call.transcript',
      segments: [
        { id: 'inbound:d5e6f7a8-a7b4-4d25-9e36-f7a8b9c00b20', role: 'caller', text: "Hi, I'm calling about my order.", isFinal: true },
        { id: 'inbound:live', role: 'caller', text: '', isFinal: false },
      ],
    });
  });

  it('the outbound track is the agent', () => {
    const event = only('call-transcription-agent');
    expect(event.type === 'call.transcript' && event.segments.map(({ id, role, isFinal }) => ({ id, role, isFinal }))).toEqual([
      { id: 'outbound:e6f7a8b9-b8c5-4e36-8f47-a8b9c0d10b21', role: 'agent', isFinal: true },
      { id: 'outbound:live', role: 'agent', isFinal: false },
    ]);
  });

  it('through reduceCall, the partials of an utterance are replaced by its final, in either order', () => {
    const partial = only('call-transcription-partial');
    const final = only('call-transcription-final');
    const visible = (call: Call) => call.transcript.filter((segment) => segment.text !== '').map((segment) => [segment.text, segment.isFinal]);
    const inOrder = reduceCall(reduceCall(undefined, partial), final);
    const reversed = reduceCall(reduceCall(undefined, final), partial);
    expect(visible(inOrder)).toEqual([["Hi, I'm calling about my order.", true]]);
    expect(visible(reversed)).toEqual(visible(inOrder));
  });

  it('through reduceCall, the next utterance shows its partial after the previous final', () => {
    const final = only('call-transcription-final');
    const next = parse(
      JSON.stringify({
        ...JSON.parse(fixture('call-transcription-partial')),
        data: {
          ...JSON.parse(fixture('call-transcription-partial')).data,
          id: 'f0000000-0000-4000-8000-000000000001',
          occurred_at: '2026-06-02T14:00:17.500000Z',
        },
      }),
    )[0]!;
    const call = reduceCall(reduceCall(undefined, final), next);
    expect(call.transcript.filter((segment) => segment.text !== '').map((segment) => segment.isFinal)).toEqual([true, false]);
  });
});

describe('parseTelnyxWebhook: a whole call through reduceCall', () => {
  it('an outbound call that was answered and hung up ends completed with its times', () => {
    let call: Call | undefined;
    for (const name of ['call-initiated-outbound', 'call-answered', 'call-machine-detection-ended-human', 'call-hangup-completed-outbound', 'call-recording-saved']) {
      for (const event of parse(fixture(name))) call = reduceCall(call, event);
    }
    expect(call).toMatchObject({
      id: OUR_CALL_ID,
      provider: 'telnyx',
      providerCallId: OUT_CCID,
      direction: 'outbound',
      status: 'completed',
      hangupCause: 'normal',
      answeredBy: 'human',
      answeredAt: '2026-06-02T14:00:09.801Z',
      endedAt: '2026-06-02T14:03:41.250Z',
      durationSec: 211,
      recordingUrl: expect.stringMatching(/\.mp3$/),
    });
  });

  it('a rejected call stays busy when a late call.answered arrives', () => {
    let call: Call | undefined;
    for (const name of ['call-initiated-outbound', 'call-hangup-rejected', 'call-answered']) {
      for (const event of parse(fixture(name))) call = reduceCall(call, event);
    }
    expect(call).toMatchObject({ status: 'busy', hangupCause: 'rejected', sipCode: 603 });
  });
});
