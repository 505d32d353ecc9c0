import type { Call } from '@callboard/core';
import type { BusMessage } from '../bus/bus.js';
import type { CallStore } from '../store/call-store.js';

/**
 * @internal Reads stored events after a seq and pairs each with its call as it is now (the store
 * keeps events, not the call after each one). `calls` caches lookups across pages of one read.
 */
export async function readEventsWithCalls(
  store: CallStore,
  afterSeq: number,
  options: { limit: number; callId?: string; calls?: Map<string, Call | undefined> },
): Promise<BusMessage[]> {
  const events = await store.eventsAfter(afterSeq, {
    limit: options.limit,
    ...(options.callId === undefined ? {} : { callId: options.callId }),
  });
  const calls = options.calls ?? new Map<string, Call | undefined>();
  for (const stored of events) {
    if (stored.event.type !== 'call.deleted' && !calls.has(stored.callId)) {
      calls.set(stored.callId, await store.getCall(stored.callId));
    }
  }
  return events.map((stored) => ({
    stored,
    call: stored.event.type === 'call.deleted' ? undefined : calls.get(stored.callId),
  }));
}
