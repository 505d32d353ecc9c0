import type { CallEvent, CallStatus } from '@callboard/core';

let counter = 0;

/** A status event for test call `n` (call id `call_test_<n>`), received at `at`. */
export function statusEvent(n: number, status: CallStatus, at: number, extra: Partial<CallEvent> = {}): CallEvent {
  counter += 1;
  return {
    v: 1,
    type: 'call.status',
    key: `status-${n}-${status}-${counter}`,
    provider: 'twilio',
    providerCallId: `CA${n}`,
    callId: `call_test_${n}`,
    occurredAt: new Date(at).toISOString(),
    receivedAt: new Date(at).toISOString(),
    status,
    direction: n % 2 === 0 ? 'outbound' : 'inbound',
    from: '+15550001111',
    to: '+15550002222',
    ...extra,
  } as CallEvent;
}

/** A live event for test call `n` carrying `bytes` of payload. */
export function liveEvent(n: number, at: number, bytes = 16): CallEvent {
  counter += 1;
  return {
    v: 1,
    type: 'call.live',
    key: `live-${n}-${counter}`,
    provider: 'twilio',
    providerCallId: `CA${n}`,
    callId: `call_test_${n}`,
    occurredAt: new Date(at).toISOString(),
    receivedAt: new Date(at).toISOString(),
    name: 'tick',
    data: { counter, pad: 'x'.repeat(bytes) },
  };
}

/** A transcript event for test call `n`. */
export function transcriptEvent(n: number, at: number, text: string): CallEvent {
  counter += 1;
  return {
    v: 1,
    type: 'call.transcript',
    key: `transcript-${n}-${counter}`,
    provider: 'twilio',
    providerCallId: `CA${n}`,
    callId: `call_test_${n}`,
    occurredAt: new Date(at).toISOString(),
    receivedAt: new Date(at).toISOString(),
    segments: [{ id: `seg-${counter}`, role: 'caller', text, at: new Date(at).toISOString(), isFinal: true }],
  };
}
