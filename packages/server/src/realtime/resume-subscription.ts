import type { CallStore } from '../store/call-store.js';
import type { Call } from '@callboard/core';
import { createEventFrame, type EventFrame } from './event-frame.js';
import { eventMatchesFeed } from './feed-filter.js';
import { readEventsWithCalls } from './read-with-calls.js';
import { loadFeedSnapshot } from './snapshot.js';
import type { Subscription } from './subscription-index.js';

/** @internal What a connection offers the resume procedure while one of its subscriptions catches up. */
export interface CatchUpTarget {
  readonly isOpen: boolean;
  /** Sends a frame encoded for this connection only. */
  sendFrame(frame: Record<string, unknown>): void;
  /** Sends the queued live frames with a seq below `seq`; if the queue holds `seq` itself, sends it too and returns true. */
  flushQueuedThrough(seq: number): boolean;
  /** Sends a replayed frame (when it matches) and records the subscription as covered up to it; waits while the send buffer is full. */
  replay(subscription: Subscription, frame: EventFrame | undefined, seq: number): Promise<void>;
  /** Retention overtook the replay: close so the client resumes and gets a snapshot. */
  replayOvertaken(): void;
}

/** @internal What the client asked for, resolved. */
export interface ResumeRequest {
  fromSeq?: number;
  recent: number;
  pageSize: number;
}

/**
 * @internal Brings a new subscription up to date (docs/protocol.md §5). The subscription is already
 * in the index, so live events that match it are queued by the connection; this replays the missed
 * events from the store by index, merged with that queue by seq, or sends a snapshot when the gap
 * cannot be replayed whole.
 */
export async function resumeSubscription(
  store: CallStore,
  target: CatchUpTarget,
  subscription: Subscription,
  request: ResumeRequest,
): Promise<void> {
  const base = { id: subscription.id, channel: subscription.channel, ...(subscription.callId ? { callId: subscription.callId } : {}) };
  const fromSeq = request.fromSeq;
  if (fromSeq !== undefined) {
    const [first, last] = await Promise.all([store.firstRetainedSeq(), store.lastSeq()]);
    if (fromSeq >= first - 1 && fromSeq <= last) {
      subscription.coveredUpTo = fromSeq;
      target.sendFrame({ type: 'subscribed', ...base, recovered: true, seq: fromSeq });
      await replay(store, target, subscription, fromSeq, request.pageSize);
      return;
    }
  }
  const seq = await store.lastSeq();
  const snapshot =
    subscription.channel === 'calls'
      ? await loadFeedSnapshot(store, subscription.filter, request.recent)
      : { call: (await store.getCall(subscription.callId!)) ?? null };
  subscription.coveredUpTo = seq;
  target.sendFrame({ type: 'subscribed', ...base, recovered: false, seq, snapshot });
}

async function replay(store: CallStore, target: CatchUpTarget, subscription: Subscription, fromSeq: number, pageSize: number): Promise<void> {
  const calls = new Map<string, Call | undefined>();
  let cursor = fromSeq;
  for (;;) {
    const page = await readEventsWithCalls(store, cursor, {
      limit: pageSize,
      calls,
      ...(subscription.channel === 'call' ? { callId: subscription.callId! } : {}),
    });
    // Pruning only removes the oldest events, so if the first retained seq is still at or below
    // cursor + 1 after the read, the read saw every event after the cursor.
    if ((await store.firstRetainedSeq()) - 1 > cursor) {
      target.replayOvertaken();
      return;
    }
    for (const { stored, call } of page) {
      if (!target.isOpen) return;
      cursor = stored.seq;
      if (target.flushQueuedThrough(stored.seq)) {
        // The live copy of this event was queued and has just gone out (if it matched).
        subscription.coveredUpTo = Math.max(subscription.coveredUpTo, stored.seq);
        continue;
      }
      const matches = subscription.channel === 'call' || !subscription.filter || eventMatchesFeed(subscription.filter, stored.event, call);
      await target.replay(subscription, matches ? createEventFrame(stored.seq, stored.event, call) : undefined, stored.seq);
    }
    if (page.length < pageSize || !target.isOpen) return;
  }
}
