import { describe, expect, it } from 'vitest';
import type { Call } from './call.js';
import type { CallEvent, CallStatusEvent, CallTranscriptEvent, CallUpdatedEvent } from './call-event.js';
import type { CallStatus } from './call-status.js';
import { reduceCall } from './reduce-call.js';
import type { TranscriptSegment } from './transcript-segment.js';

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds)).toISOString();
let keys = 0;

function base(second: number) {
  return {
    v: 1 as const,
    key: `k${keys++}`,
    provider: 'twilio',
    providerCallId: 'CA1',
    callId: 'call_1',
    occurredAt: at(second),
    receivedAt: at(second + 1),
  };
}

function status(value: CallStatus, second: number, extra: Partial<CallStatusEvent> = {}): CallStatusEvent {
  return { ...base(second), type: 'call.status', status: value, direction: 'outbound', from: '+15550001111', to: '+15550002222', ...extra };
}

function updated(second: number, extra: Partial<CallUpdatedEvent>): CallUpdatedEvent {
  return { ...base(second), type: 'call.updated', ...extra };
}

function transcript(second: number, ...segments: TranscriptSegment[]): CallTranscriptEvent {
  return { ...base(second), type: 'call.transcript', segments };
}

function segment(text: string, isFinal: boolean, second = 10): TranscriptSegment {
  return { id: 'utt-1', role: 'caller', text, at: at(second), isFinal };
}

function fold(...events: CallEvent[]): Call {
  return events.reduce<Call | undefined>((call, event) => reduceCall(call, event), undefined) as Call;
}

describe('reduceCall', () => {
  it('creates the call from its first event, with the hub id or provider:providerCallId', () => {
    const call = reduceCall(undefined, status('ringing', 5));
    expect(call).toMatchObject({ id: 'call_1', provider: 'twilio', providerCallId: 'CA1', status: 'ringing', version: 0 });
    expect(call.createdAt).toBe(at(6));
    const { callId: _dropped, ...withoutId } = status('ringing', 5);
    expect(reduceCall(undefined, withoutId).id).toBe('twilio:CA1');
  });

  it('keeps a completed call completed when a late ringing arrives, and still takes its time', () => {
    let call = fold(status('completed', 60, { durationSec: 42 }));
    call = reduceCall(call, status('ringing', 10));
    expect(call.status).toBe('completed');
    expect(call.startedAt).toBe(at(10));
    expect(call.durationSec).toBe(42);
  });

  it('lets a second terminal event with another status enrich the call but not change its status or cause', () => {
    const call = fold(
      status('completed', 60, { hangupCause: 'normal', hangupSource: 'caller' }),
      status('failed', 58, { hangupCause: 'network_error', sipCode: 503, hangupSource: 'system', cost: { amount: 0.02, currency: 'USD' }, recordingUrl: 'https://r.test/1.mp3' }),
    );
    expect(call).toMatchObject({ status: 'completed', hangupCause: 'normal', hangupSource: 'caller', endedAt: at(58) });
    expect(call.sipCode).toBeUndefined();
    expect(call.cost).toEqual({ amount: 0.02, currency: 'USD' });
    expect(call.recordingUrl).toBe('https://r.test/1.mp3');
  });

  it('fills missing hangup details from a second event with the same terminal status', () => {
    const call = fold(status('busy', 20, { hangupCause: 'rejected' }), status('busy', 20, { hangupCause: 'busy', sipCode: 603, hangupCauseRaw: 'call_rejected' }));
    expect(call).toMatchObject({ status: 'busy', hangupCause: 'rejected', sipCode: 603, hangupCauseRaw: 'call_rejected' });
  });

  it('never lets answering-machine detection change the status', () => {
    const call = fold(status('ringing', 5), { ...base(9), type: 'call.answered-by', answeredBy: 'machine' });
    expect(call).toMatchObject({ status: 'ringing', answeredBy: 'machine' });
  });

  it('replaces a partial transcript segment with its final one, and never the other way round', () => {
    const partialFirst = fold(status('in-progress', 5), transcript(11, segment('I want', false)), transcript(12, segment('I want to go', true)));
    const finalFirst = fold(status('in-progress', 5), transcript(12, segment('I want to go', true)), transcript(11, segment('I want', false)));
    expect(partialFirst.transcript).toEqual([segment('I want to go', true)]);
    expect(finalFirst.transcript).toEqual([segment('I want to go', true)]);
  });

  it('keeps the later, then the longer, of two partial segments', () => {
    const later = fold(status('in-progress', 5), transcript(12, segment('I want two', false, 12)), transcript(11, segment('I want to go', false, 11)));
    expect(later.transcript).toEqual([segment('I want two', false, 12)]);
    const longer = fold(status('in-progress', 5), transcript(11, segment('I want to go', false)), transcript(11, segment('I want two', false)));
    expect(longer.transcript).toEqual([segment('I want to go', false)]);
  });

  it('computes the duration from answer to end when nobody reports one', () => {
    const call = fold(status('in-progress', 10), status('completed', 52));
    expect(call).toMatchObject({ answeredAt: at(10), endedAt: at(52), durationSec: 42, durationSource: 'computed' });
  });

  it('recomputes a computed duration when an earlier answer arrives late', () => {
    const bridgedFirst = fold(status('in-progress', 14), status('completed', 52), status('in-progress', 10));
    expect(bridgedFirst).toMatchObject({ answeredAt: at(10), durationSec: 42, durationSource: 'computed' });
  });

  it('prefers a reported duration over the computed one, in either order', () => {
    const reportedLast = fold(status('in-progress', 10), status('completed', 52), updated(60, { durationSec: 40 }));
    const reportedFirst = fold(updated(60, { durationSec: 40 }), status('completed', 52), status('in-progress', 10));
    expect(reportedLast).toMatchObject({ durationSec: 40, durationSource: 'reported' });
    expect(reportedFirst).toEqual(reportedLast);
  });

  it('keeps the largest of several reported durations', () => {
    const call = fold(updated(30, { durationSec: 25 }), status('completed', 52, { durationSec: 41 }), updated(31, { durationSec: 30 }));
    expect(call.durationSec).toBe(41);
  });

  it('never recomputes the duration of a call stored before durationSource existed', () => {
    const stored = fold(status('in-progress', 10), status('completed', 52));
    const { durationSource: _absent, ...legacy } = { ...stored, durationSec: 45 };
    expect(reduceCall(legacy, status('in-progress', 5))).toMatchObject({ answeredAt: at(5), durationSec: 45 });
  });

  it('merges metadata keys and keeps the earliest and latest receive times', () => {
    const call = fold(updated(30, { metadata: { a: 1 } }), status('ringing', 5, { metadata: { b: 2 } }), updated(40, { metadata: { a: 3 } }));
    expect(call.metadata).toEqual({ a: 3, b: 2 });
    expect(call.createdAt).toBe(at(6));
    expect(call.updatedAt).toBe(at(41));
  });

  it('returns the call unchanged for live and deleted events', () => {
    const call = fold(status('ringing', 5));
    expect(reduceCall(call, { ...base(9), type: 'call.live', name: 'intent', data: { x: 1 } })).toBe(call);
    expect(reduceCall(call, { ...base(9), type: 'call.deleted' })).toBe(call);
  });

  it('never mutates the call or the event it is given', () => {
    const call = Object.freeze(fold(status('in-progress', 10)));
    const event = Object.freeze(status('completed', 52, { metadata: Object.freeze({ a: 1 }) }));
    expect(() => reduceCall(call, event)).not.toThrow();
    expect(call.status).toBe('in-progress');
  });
});
