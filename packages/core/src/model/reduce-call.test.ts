import { describe, expect, it } from 'vitest';
import type { CallEvent } from './call-event.js';
import { reduceCall } from './reduce-call.js';

function statusEvent(status: CallEvent & { type: 'call.status' } extends infer E ? E extends { status: infer S } ? S : never : never, at: string, extra: Partial<CallEvent> = {}): CallEvent {
  return {
    v: 1,
    type: 'call.status',
    key: `k-${status}-${at}`,
    provider: 'twilio',
    providerCallId: 'CA1',
    callId: 'call_1',
    occurredAt: at,
    receivedAt: at,
    status,
    direction: 'outbound',
    from: '+15550001111',
    to: '+15550002222',
    ...extra,
  } as CallEvent;
}

describe('reduceCall', () => {
  it('keeps a completed call completed when a late ringing arrives', () => {
    let call = reduceCall(undefined, statusEvent('completed', '2026-01-01T00:01:00.000Z', { durationSec: 42 } as Partial<CallEvent>));
    call = reduceCall(call, statusEvent('ringing', '2026-01-01T00:00:10.000Z'));
    expect(call.status).toBe('completed');
    expect(call.startedAt).toBe('2026-01-01T00:00:10.000Z');
    expect(call.durationSec).toBe(42);
  });
});
