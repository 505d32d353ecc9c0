import type { CallEvent, CallStatus } from '../../model/index.js';

let counter = 0;

/** A bot-style status event for `callId` (the hub sets `callId`, so the test server's events carry it too). */
export function statusEvent(callId: string, status: CallStatus, options: { at?: string; provider?: string; direction?: 'inbound' | 'outbound' } = {}): CallEvent {
  const at = options.at ?? new Date(Date.UTC(2025, 0, 1, 0, 0, counter++)).toISOString();
  return {
    v: 1,
    type: 'call.status',
    key: `${callId}:${status}:${counter}`,
    provider: options.provider ?? 'bot',
    providerCallId: callId,
    callId,
    occurredAt: at,
    receivedAt: at,
    direction: options.direction ?? 'inbound',
    from: '+15550001',
    to: '+15550002',
    status,
  };
}

/** A transcript line event. */
export function transcriptEvent(callId: string, text: string): CallEvent {
  const at = new Date(Date.UTC(2025, 0, 1, 0, 0, counter++)).toISOString();
  return {
    v: 1,
    type: 'call.transcript',
    key: `${callId}:t:${counter}`,
    provider: 'bot',
    providerCallId: callId,
    callId,
    occurredAt: at,
    receivedAt: at,
    segments: [{ id: `seg-${counter}`, role: 'caller', text, at, isFinal: true }],
  };
}

/** A live event (it does not change the call). */
export function liveEvent(callId: string, name: string, data: unknown): CallEvent {
  const at = new Date(Date.UTC(2025, 0, 1, 0, 0, counter++)).toISOString();
  return { v: 1, type: 'call.live', key: `${callId}:l:${counter}`, provider: 'bot', providerCallId: callId, callId, occurredAt: at, receivedAt: at, name, data };
}
