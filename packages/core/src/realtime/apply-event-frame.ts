import { callMatchesFilter, eventMatchesFeed } from './calls-filter.js';
import type { CallsDraft } from './calls-store.js';
import type { EventFrame } from './realtime-frames.js';
import type { SubscriptionRecord } from './subscription-registry.js';

/** At most this many frames wait for a subscription's reply; a reply that slow means a resync anyway. */
const MAX_EARLY_FRAMES = 10_000;

/**
 * @internal Applies an `event` frame to every subscription it matches, by the protocol's client
 * rule: a subscription takes a frame only when its seq is above the subscription's position,
 * then moves its position there. Returns whether any subscription took it (the app hears of
 * the event only then).
 */
export function applyEventFrame(frame: EventFrame, records: Iterable<SubscriptionRecord>, draft: CallsDraft): boolean {
  const { event, call, seq } = frame;
  const callId = call?.id ?? event.callId;
  let applied = false;
  for (const record of records) {
    if (!matches(record, frame)) continue;
    if (!record.subscribed) {
      if (record.early.length < MAX_EARLY_FRAMES) record.early.push(frame);
      continue;
    }
    if (record.position !== undefined && seq <= record.position) continue;
    record.position = seq;
    applied = true;
    if (record.spec.channel === 'calls' && callId !== undefined) {
      const stays = event.type !== 'call.deleted' && call !== undefined && callMatchesFilter(call, record.spec.filter);
      if (stays) draft.addToFeed(record.id, callId);
      else draft.removeFromFeed(record.id, callId);
    }
  }
  if (applied && callId !== undefined) {
    if (event.type === 'call.deleted') draft.removeCall(callId);
    else if (call) draft.putCall(call);
  }
  return applied;
}

function matches(record: SubscriptionRecord, { event, call }: EventFrame): boolean {
  if (record.spec.channel === 'call') return (event.callId ?? call?.id) === record.callId;
  return eventMatchesFeed(event, call, record.spec.filter);
}
