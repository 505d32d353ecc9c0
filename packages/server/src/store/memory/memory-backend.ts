import type { Call } from '@callboard/core';
import { eventKeyId, providerCallKey, type AppendBackend, type AppendTransaction } from '../append/append-backend.js';
import type { MemoryEventLog } from './memory-event-log.js';

/** Everything the memory store holds. */
export interface MemoryState {
  calls: Map<string, Call>;
  /** `provider \0 providerCallId` to call id. */
  providerIndex: Map<string, string>;
  /** Ascending by seq. */
  events: MemoryEventLog;
  /** `callId \0 provider \0 key` of every stored event, to its receive time. */
  keys: Map<string, number>;
  /** `provider \0 providerCallId` of deleted calls, to their ids and when each was deleted. */
  tombstones: Map<string, Array<{ callId: string; deletedMs: number }>>;
  lastSeq: number;
  retainedFrom: number;
}

/**
 * The memory store's side of the append algorithm. The batch writer runs one batch at a time, so
 * reads see committed state only; `write` applies a whole batch synchronously, so a batch is
 * all-or-nothing.
 */
export function createMemoryBackend(state: MemoryState): AppendBackend {
  const tx: AppendTransaction = {
    async hasEventKey(callId, provider, key) {
      return state.keys.has(eventKeyId(callId, provider, key));
    },
    async findDeletedCallIds(provider, providerCallId) {
      return (state.tombstones.get(providerCallKey(provider, providerCallId)) ?? []).map((tombstone) => tombstone.callId);
    },
    async loadCall(id) {
      const call = state.calls.get(id);
      return call && structuredClone(call);
    },
    async findCallId(provider, providerCallId) {
      return state.providerIndex.get(providerCallKey(provider, providerCallId));
    },
    async claimCall(call) {
      return call.id;
    },
    async takeSeqs() {
      return state.lastSeq + 1;
    },
    async write(plan) {
      // First, so that an event that cannot be stored fails the batch before anything changed.
      state.events.push(plan.events);
      for (const [id, change] of plan.calls) {
        const previous = change.before ?? state.calls.get(id);
        const previousKey = previous && providerCallKey(previous.provider, previous.providerCallId);
        const nextKey = change.after && providerCallKey(change.after.provider, change.after.providerCallId);
        // Only a changed key is deleted: deleting and setting the same key on every update leaves
        // a hole in the Map each time, and the Map then rebuilds its whole table.
        if (previousKey !== undefined && previousKey !== nextKey) state.providerIndex.delete(previousKey);
        if (change.after) {
          state.calls.set(id, structuredClone(change.after));
          state.providerIndex.set(nextKey!, id);
        } else {
          state.calls.delete(id);
        }
      }
      if (plan.deletions.size > 0) {
        state.events.retain((seq, callId) => {
          const deletedAt = plan.deletions.get(callId);
          return deletedAt === undefined || seq >= deletedAt;
        });
      }
      for (const key of plan.keys) state.keys.set(eventKeyId(key.callId, key.provider, key.key), key.receivedMs);
      for (const { provider, providerCallId, callId, deletedMs } of plan.tombstones) {
        const key = providerCallKey(provider, providerCallId);
        state.tombstones.set(key, [...(state.tombstones.get(key) ?? []), { callId, deletedMs }]);
      }
      state.lastSeq = plan.lastSeq;
    },
  };
  return {
    transaction: (work) => work(tx),
    isRetryable: () => false,
  };
}
