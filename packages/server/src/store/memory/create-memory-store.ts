import type { Call } from '@callboard/core';
import { addFactsToMinutes, addFactsToSource, emptyAnalyticsSource, factsMatchAnalytics } from '../analytics/add-facts-to-source.js';
import { assembleAnalytics } from '../analytics/assemble-analytics.js';
import { normalizeAnalyticsQuery } from '../analytics/normalize-analytics-query.js';
import { appendBatch } from '../append/append-batch.js';
import { createBatchWriter, type BatchInfo } from '../append/create-batch-writer.js';
import { providerCallKey } from '../append/append-backend.js';
import { deleteThroughAppend } from '../append/delete-through-append.js';
import { createCallId } from '../../hub/create-call-id.js';
import type { CallFilter, CallPage, CallStore, StoredEvent } from '../call-store.js';
import { assembleStats } from '../calls/assemble-stats.js';
import { callFacts } from '../calls/call-facts.js';
import { callMatchesFilter } from '../calls/call-matches-filter.js';
import { EXPORT_BATCH_SIZE, exportInPages } from '../calls/export-in-pages.js';
import { factsToStatusCounts } from '../calls/facts-to-status-counts.js';
import { normalizeCallFilter, normalizeCallQuery, type NormalizedCallQuery } from '../calls/normalize-call-filter.js';
import { createMemoryBackend, type MemoryState } from './memory-backend.js';
import { MemoryEventLog } from './memory-event-log.js';
import { memoryPage } from './memory-page.js';

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** Ids for new calls. Defaults to `createCallId`. */
  generateCallId?: () => string;
  /** Called after each committed batch (group commit), for metrics. */
  onBatch?: (info: BatchInfo) => void;
}

/**
 * A store that keeps everything in memory, for tests and demos. It passes the same contract
 * suite as the SQL stores, but answers queries by scanning its calls, and forgets everything on
 * restart.
 *
 * @example
 * const hub = createHub({ store: createMemoryStore() });
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): CallStore {
  const state: MemoryState = { calls: new Map(), providerIndex: new Map(), events: new MemoryEventLog(), keys: new Map(), tombstones: new Map(), lastSeq: 0, retainedFrom: 1 };
  const generateCallId = options.generateCallId ?? (() => createCallId());
  const backend = createMemoryBackend(state);
  const writer = createBatchWriter((requests) => appendBatch(backend, requests, { generateCallId }), options.onBatch ? { onBatch: options.onBatch } : {});
  const clone = <T>(value: T): T => structuredClone(value);

  function page(query: NormalizedCallQuery): CallPage {
    const result = memoryPage([...state.calls.values()], query);
    return { ...result, calls: result.calls.map(clone) };
  }

  function matching(filter: CallFilter): Call[] {
    const normalized = normalizeCallFilter(filter);
    return [...state.calls.values()].filter((call) => callMatchesFilter(call, normalized));
  }

  const store: CallStore = {
    async init() {},
    append: (events) => writer.append(events),
    async getCall(idOrProviderId) {
      const call = state.calls.get(idOrProviderId) ?? [...state.calls.values()].filter((c) => c.providerCallId === idOrProviderId).sort((a, b) => b.version - a.version)[0];
      return call && clone(call);
    },
    async listCalls(query) {
      return page(normalizeCallQuery(query));
    },
    async activeCalls() {
      const active = [...state.calls.values()].filter((call) => callFacts(call).active);
      return memoryPage(active, normalizeCallQuery({ sort: 'newest' }), active.length).calls.map(clone);
    },
    async stats(filter) {
      return assembleStats(factsToStatusCounts(matching(filter ?? {}).map(callFacts)));
    },
    async analytics(query) {
      const normalized = normalizeAnalyticsQuery(query);
      const source = emptyAnalyticsSource(normalized);
      for (const call of state.calls.values()) {
        const facts = callFacts(call);
        if (!factsMatchAnalytics(facts, normalized)) continue;
        addFactsToSource(source, facts);
        addFactsToMinutes(source, facts);
      }
      return assembleAnalytics(normalized, source);
    },
    exportCalls(filter) {
      return exportInPages(async (cursor) => page(normalizeCallQuery({ ...filter, limit: EXPORT_BATCH_SIZE, ...(cursor ? { cursor } : {}) })));
    },
    async eventsAfter(afterSeq, { limit = 1000, callId } = {}) {
      const out: StoredEvent[] = [];
      for (let i = state.events.firstIndexAfter(afterSeq); i < state.events.length && out.length < limit; i++) {
        if (callId === undefined || state.events.callIdAt(i) === callId) out.push(state.events.read(i));
      }
      return out;
    },
    async callEvents(callId) {
      const out: StoredEvent[] = [];
      for (let i = 0; i < state.events.length; i++) if (state.events.callIdAt(i) === callId) out.push(state.events.read(i));
      return out;
    },
    async lastSeq() {
      return state.lastSeq;
    },
    async firstRetainedSeq() {
      return state.retainedFrom;
    },
    deleteCall(id, at) {
      return deleteThroughAppend(store, writer, id, at);
    },
    pruneEvents(olderThan, options) {
      // One step: an abort can only stop it before it starts.
      return writer.exclusive(async () => {
        if (options?.signal?.aborted) return 0;
        const cutoff = olderThan.getTime();
        let dropped = 0;
        while (dropped < state.events.length && state.events.receivedMsAt(dropped) < cutoff) dropped++;
        state.events.dropOldest(dropped);
        if (state.events.length === 0) state.retainedFrom = state.lastSeq + 1;
        else if (dropped > 0) state.retainedFrom = Math.max(state.retainedFrom, state.events.seqAt(0));
        for (const [key, receivedMs] of state.keys) if (receivedMs < cutoff) state.keys.delete(key);
        for (const [key, tombstones] of state.tombstones) {
          const kept = tombstones.filter((tombstone) => tombstone.deletedMs >= cutoff);
          if (kept.length > 0) state.tombstones.set(key, kept);
          else state.tombstones.delete(key);
        }
        return dropped;
      });
    },
    pruneCalls(olderThan, options) {
      return writer.exclusive(async () => {
        if (options?.signal?.aborted) return 0;
        const cutoff = olderThan.getTime();
        const old = new Set<string>();
        for (const call of state.calls.values()) {
          if (callFacts(call).startMs >= cutoff) continue;
          old.add(call.id);
          const key = providerCallKey(call.provider, call.providerCallId);
          if (state.providerIndex.get(key) === call.id) state.providerIndex.delete(key);
        }
        if (old.size === 0) return 0;
        for (const id of old) state.calls.delete(id);
        state.events.retain((_seq, callId) => !old.has(callId));
        // Dedupe keys are `callId \0 provider \0 key`.
        for (const key of state.keys.keys()) if (old.has(key.slice(0, key.indexOf('\0')))) state.keys.delete(key);
        return old.size;
      });
    },
    async close() {
      await writer.drain();
    },
  };
  return store;
}
