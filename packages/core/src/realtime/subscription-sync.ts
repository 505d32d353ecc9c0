import type { CallboardError } from '../errors/index.js';
import type { Call, CallEvent } from '../model/index.js';
import { applyEventFrame } from './apply-event-frame.js';
import type { CallsDraft, MutableCallsStore } from './calls-store.js';
import type { ClientFrame, EventFrame, SubscribedFrame } from './realtime-frames.js';
import type { RealtimeSubscription } from './realtime-client.js';
import { serverError } from './server-error.js';
import { createSubscriptionRegistry, type SubscriptionRecord, type SubscriptionSpec } from './subscription-registry.js';

/** How many applied seqs are remembered so the app hears of each event once across subscriptions. */
const EMITTED_SEQS_KEPT = 10_000;

/** @internal What the subscriptions report to the client. */
export interface SubscriptionSyncEvents {
  event(event: CallEvent, call: Call | undefined, seq: number): void;
  error(error: CallboardError): void;
  recovered(info: { subscriptionId: string; seq: number }): void;
  resync(info: { subscriptionId: string; seq: number }): void;
}

/** @internal The client's subscriptions and how server frames move them and the store. */
export interface SubscriptionSync {
  acquire(spec: SubscriptionSpec): RealtimeSubscription;
  /** Sends every subscription again (after `welcome`), resuming from its position. */
  resubscribeAll(): void;
  onSubscribed(frame: SubscribedFrame): void;
  onEvents(frames: EventFrame[]): void;
  /** The server refused or ended a subscription. Returns false when it is not one of ours. */
  onEnded(id: string, code: string, message: string): boolean;
}

/** @internal */
export function createSubscriptionSync(options: {
  store: MutableCallsStore;
  /** Sends a frame when the connection is open; drops it otherwise (it is sent again on resubscribe). */
  send(frame: ClientFrame): void;
  events: SubscriptionSyncEvents;
}): SubscriptionSync {
  const { store, send, events } = options;
  const registry = createSubscriptionRegistry();
  const emittedSeqs = new Set<number>();

  function subscribe(record: SubscriptionRecord): void {
    record.subscribed = false;
    record.early = [];
    const fromSeq = record.position === undefined ? {} : { fromSeq: record.position };
    const { spec } = record;
    if (spec.channel === 'calls') {
      const recent = spec.recent === undefined ? {} : { recent: spec.recent };
      send({ type: 'subscribe', id: record.id, channel: 'calls', filter: spec.filter, ...recent, ...fromSeq });
    } else {
      send({ type: 'subscribe', id: record.id, channel: 'call', callId: record.callId ?? spec.callId, ...fromSeq });
    }
  }

  function applySnapshot(record: SubscriptionRecord, frame: SubscribedFrame, draft: CallsDraft, replace: boolean): void {
    const snapshot = frame.snapshot;
    if (record.spec.channel === 'calls') {
      const calls = snapshot && 'active' in snapshot ? [...snapshot.active, ...snapshot.recent] : [];
      draft.setFeed(record.id, calls.map((call) => call.id));
      for (const call of calls) draft.putCall(call, { replace });
    } else if (snapshot && 'call' in snapshot && snapshot.call) {
      draft.putCall(snapshot.call, { replace });
    }
  }

  function forget(record: SubscriptionRecord): void {
    store.update((draft) => {
      if (record.spec.channel === 'calls') draft.setFeed(record.id, undefined);
      else draft.pinCall(record.id, undefined);
      draft.setSubscription(record.id, undefined);
    });
  }

  const sync: SubscriptionSync = {
    acquire(spec) {
      const { record, created } = registry.acquire(spec);
      if (created) {
        store.update((draft) => {
          if (spec.channel === 'calls') draft.setFeed(record.id, [], spec.recent ?? 50);
          else draft.pinCall(record.id, spec.callId);
          draft.setSubscription(record.id, { channel: spec.channel, status: 'subscribing', ...(spec.channel === 'call' ? { callId: spec.callId } : {}) });
        });
        subscribe(record);
      }
      let held = true;
      return {
        id: record.id,
        unsubscribe() {
          if (!held) return;
          held = false;
          const released = registry.release(record.id);
          if (!released) return;
          forget(released);
          send({ type: 'unsubscribe', id: released.id });
        },
      };
    },

    resubscribeAll() {
      for (const record of registry.all()) subscribe(record);
    },

    onSubscribed(frame) {
      const record = registry.get(frame.id);
      if (!record) return; // unsubscribed while the reply was on its way
      const previous = record.position;
      const early = record.early;
      record.early = [];
      record.subscribed = true;
      if (frame.callId !== undefined && record.spec.channel === 'call') record.callId = frame.callId;
      // A resume point beyond the answer means the server's log was reset: the copies held
      // (versions from the old log) must give way to the snapshot, and old seqs mean nothing.
      const logReset = previous !== undefined && frame.seq < previous;
      if (logReset) emittedSeqs.clear();
      store.update((draft) => {
        record.position = frame.seq;
        if (!frame.recovered) applySnapshot(record, frame, draft, logReset);
        const callId = record.callId === undefined ? {} : { callId: record.callId };
        draft.setSubscription(record.id, { channel: record.spec.channel, status: 'subscribed', ...callId });
        if (record.spec.channel === 'call') draft.pinCall(record.id, record.callId);
      });
      if (frame.recovered) events.recovered({ subscriptionId: record.id, seq: frame.seq });
      else if (previous !== undefined) events.resync({ subscriptionId: record.id, seq: frame.seq });
      sync.onEvents(early);
    },

    onEvents(frames) {
      for (const frame of frames) {
        let applied = false;
        store.update((draft) => {
          applied = applyEventFrame(frame, registry.all(), draft);
        });
        if (!applied || emittedSeqs.has(frame.seq)) continue;
        emittedSeqs.add(frame.seq);
        if (emittedSeqs.size > EMITTED_SEQS_KEPT) emittedSeqs.delete(emittedSeqs.values().next().value!);
        events.event(frame.event, frame.call, frame.seq);
      }
    },

    onEnded(id, code, message) {
      const record = registry.get(id);
      if (!record) return false;
      registry.remove(id);
      forget(record);
      events.error(serverError(code, message, { subscriptionId: id }));
      return true;
    },
  };
  return sync;
}
