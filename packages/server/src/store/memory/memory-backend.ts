import type { Call } from '@callboard/core';
import type { AppendBackend, AppendTransaction } from '../append/append-backend.js';
import type { StoredEvent } from '../call-store.js';

/** Everything the memory store holds. */
export interface MemoryState {
  calls: Map<string, Call>;
  /** `provider \0 providerCallId` to call id. */
  providerIndex: Map<string, string>;
  /** Ascending by seq. */
  events: StoredEvent[];
  /** `provider \0 key` to the call id and receive time of the stored event. */
  keys: Map<string, { callId: string; receivedMs: number }>;
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
    async findEventKey(provider, key) {
      return state.keys.get(`${provider}\u0000${key}`)?.callId;
    },
    async loadCall(id) {
      const call = state.calls.get(id);
      return call && structuredClone(call);
    },
    async findCallId(provider, providerCallId) {
      return state.providerIndex.get(`${provider}\u0000${providerCallId}`);
    },
    async claimCall(call) {
      return call.id;
    },
    async takeSeqs() {
      return state.lastSeq + 1;
    },
    async write(plan) {
      for (const [id, change] of plan.calls) {
        const previous = change.before ?? state.calls.get(id);
        if (previous) state.providerIndex.delete(`${previous.provider}\u0000${previous.providerCallId}`);
        if (change.after) {
          state.calls.set(id, structuredClone(change.after));
          state.providerIndex.set(`${change.after.provider}\u0000${change.after.providerCallId}`, id);
        } else {
          state.calls.delete(id);
        }
      }
      state.events.push(...plan.events.map((stored) => structuredClone(stored)));
      if (plan.deletions.size > 0) {
        state.events = state.events.filter((stored) => {
          const deletedAt = plan.deletions.get(stored.callId);
          return deletedAt === undefined || stored.seq >= deletedAt;
        });
      }
      for (const key of plan.keys) state.keys.set(`${key.provider}\u0000${key.key}`, { callId: key.callId, receivedMs: key.receivedMs });
      state.lastSeq = plan.lastSeq;
    },
  };
  return {
    transaction: (work) => work(tx),
    isRetryable: () => false,
  };
}
