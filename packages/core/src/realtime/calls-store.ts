import type { CallboardError } from '../errors/index.js';
import { isTerminalStatus, type Call } from '../model/index.js';
import type { ConnectionState } from './connection-state.js';

/** Where one of the client's subscriptions stands. */
export interface SubscriptionState {
  channel: 'calls' | 'call';
  /** `subscribing` until the server's first reply (its snapshot or its resume) has been applied. */
  status: 'subscribing' | 'subscribed';
  /** For `call` subscriptions: the Callboard id of the call (the server's answer, when it differs from what was asked). */
  callId?: string;
}

/**
 * An immutable view of everything a realtime client holds. A new snapshot object exists only
 * when something changed, and every part that did not change keeps its identity: a call object
 * is the same object until that call changes, a feed's id list until its membership or order
 * changes. That makes selectors cheap and React's `useSyncExternalStore` precise.
 */
export interface CallsSnapshot {
  readonly connection: { readonly state: ConnectionState; readonly error: CallboardError | undefined };
  /**
   * Every call held, by Callboard id. A map rather than an object: copying it on each change
   * costs a fraction of copying an object with thousands of keys.
   */
  readonly calls: ReadonlyMap<string, Call>;
  /** The ordered call ids (newest first) of each `calls` subscription, by subscription id. */
  readonly feeds: Readonly<Record<string, readonly string[]>>;
  /** Ids of the calls held that are not finished, newest first. */
  readonly active: readonly string[];
  readonly subscriptions: Readonly<Record<string, SubscriptionState>>;
}

/** A subscribable source of {@link CallsSnapshot}s, shaped for `useSyncExternalStore`. */
export interface CallsStore {
  /** Calls `listener` after every change; returns the function that stops it. */
  subscribe(listener: () => void): () => void;
  getSnapshot(): CallsSnapshot;
  /** The snapshot to render on the server and hydrate with: always the empty one. */
  getServerSnapshot(): CallsSnapshot;
}

/** @internal The changes one frame makes; applied together, published once. */
export interface CallsDraft {
  /** Stores a copy of a call, unless the one held has the same or a higher version (`replace` overrides that). */
  putCall(call: Call, options?: { replace?: boolean }): void;
  removeCall(id: string): void;
  /** Sets a feed's membership (the draft orders it), or drops the feed. */
  setFeed(feedId: string, ids: Iterable<string> | undefined, recentLimit?: number): void;
  addToFeed(feedId: string, id: string): void;
  removeFromFeed(feedId: string, id: string): void;
  /** Keeps a call held for a `call` subscription even when no feed holds it. */
  pinCall(subscriptionId: string, callId: string | undefined): void;
  setSubscription(id: string, state: SubscriptionState | undefined): void;
  setConnection(state: ConnectionState, error: CallboardError | undefined): void;
}

/** @internal */
export interface MutableCallsStore extends CallsStore {
  update(change: (draft: CallsDraft) => void): void;
}

const EMPTY: CallsSnapshot = Object.freeze({
  connection: Object.freeze({ state: 'idle' as const, error: undefined }),
  calls: new Map(),
  feeds: Object.freeze({}),
  active: Object.freeze([]),
  subscriptions: Object.freeze({}),
});

/** @internal */
export function createCallsStore(): MutableCallsStore {
  const calls = new Map<string, Call>();
  const createdAt = new Map<string, number>();
  const feeds = new Map<string, { ids: Set<string>; recentLimit: number }>();
  const pins = new Map<string, string>();
  const subscriptions = new Map<string, SubscriptionState>();
  const listeners = new Set<() => void>();
  let connection = EMPTY.connection;
  let snapshot = EMPTY;
  // What the pending update touched, so a commit does only the work it needs: most events
  // change one call in place, and that must not cost a sort of every feed.
  let changedCalls = new Set<string>();
  let removedCalls = false;
  let reorder = false; // a call came, went, changed its start time or finished
  let membership = false; // feeds or pins changed: trim and let go of unheld calls
  let subscriptionsChanged = false;

  const draft: CallsDraft = {
    putCall(call, options) {
      const held = calls.get(call.id);
      if (held === call || (held && !options?.replace && held.version >= call.version)) return;
      if (!held || held.createdAt !== call.createdAt || isTerminalStatus(held.status) !== isTerminalStatus(call.status)) reorder = true;
      if (!held) membership = true;
      calls.set(call.id, call);
      createdAt.set(call.id, Date.parse(call.createdAt));
      changedCalls.add(call.id);
    },
    removeCall(id) {
      if (calls.delete(id)) {
        createdAt.delete(id);
        removedCalls = reorder = membership = true;
      }
      for (const feed of feeds.values()) if (feed.ids.delete(id)) membership = true;
    },
    setFeed(feedId, ids, recentLimit) {
      if (ids === undefined) feeds.delete(feedId);
      else feeds.set(feedId, { ids: new Set(ids), recentLimit: recentLimit ?? feeds.get(feedId)?.recentLimit ?? Infinity });
      membership = true;
    },
    addToFeed(feedId, id) {
      const feed = feeds.get(feedId);
      if (feed && !feed.ids.has(id)) {
        feed.ids.add(id);
        membership = true;
      }
    },
    removeFromFeed(feedId, id) {
      if (feeds.get(feedId)?.ids.delete(id)) membership = true;
    },
    pinCall(subscriptionId, callId) {
      if (pins.get(subscriptionId) === callId) return;
      if (callId === undefined) pins.delete(subscriptionId);
      else pins.set(subscriptionId, callId);
      membership = true;
    },
    setSubscription(id, state) {
      const held = subscriptions.get(id);
      if (state === undefined) {
        if (!held) return;
        subscriptions.delete(id);
      } else if (held?.channel === state.channel && held.status === state.status && held.callId === state.callId) {
        return;
      } else {
        subscriptions.set(id, Object.freeze(state));
      }
      subscriptionsChanged = true;
    },
    setConnection(state, error) {
      if (connection.state !== state || connection.error !== error) connection = Object.freeze({ state, error });
    },
  };

  function commit(): void {
    if (membership || reorder) trimAndCollect();
    const callsChanged = changedCalls.size > 0 || removedCalls;
    const next: CallsSnapshot = Object.freeze({
      connection,
      calls: callsChanged ? nextCalls() : snapshot.calls,
      feeds: membership || reorder ? orderFeeds(snapshot.feeds) : snapshot.feeds,
      active: reorder || callsChanged ? orderActive(snapshot.active) : snapshot.active,
      subscriptions: subscriptionsChanged ? Object.freeze(Object.fromEntries(subscriptions)) : snapshot.subscriptions,
    });
    changedCalls = new Set();
    removedCalls = reorder = membership = subscriptionsChanged = false;
    if (
      next.connection === snapshot.connection &&
      next.calls === snapshot.calls &&
      next.feeds === snapshot.feeds &&
      next.active === snapshot.active &&
      next.subscriptions === snapshot.subscriptions
    ) {
      return;
    }
    snapshot = next;
    for (const listener of [...listeners]) listener();
  }

  function nextCalls(): CallsSnapshot['calls'] {
    const previous = snapshot.calls;
    if (!removedCalls && [...changedCalls].every((id) => previous.get(id) === calls.get(id))) return previous;
    return new Map(calls);
  }

  // Feeds keep every unfinished call and their `recentLimit` newest finished ones; calls no feed
  // and no call subscription holds are let go, so a long-running dashboard does not grow.
  function trimAndCollect(): void {
    for (const feed of feeds.values()) {
      if (feed.recentLimit === Infinity) continue;
      const finished = [...feed.ids].filter((id) => {
        const call = calls.get(id);
        return call !== undefined && isTerminalStatus(call.status);
      });
      if (finished.length <= feed.recentLimit) continue;
      for (const id of finished.sort(newestFirst).slice(feed.recentLimit)) feed.ids.delete(id);
    }
    const kept = new Set(pins.values());
    for (const feed of feeds.values()) for (const id of feed.ids) kept.add(id);
    for (const id of calls.keys()) {
      if (!kept.has(id)) {
        calls.delete(id);
        createdAt.delete(id);
        removedCalls = reorder = true;
      }
    }
  }

  function newestFirst(a: string, b: string): number {
    const byTime = (createdAt.get(b) ?? 0) - (createdAt.get(a) ?? 0);
    return byTime || (a < b ? -1 : a > b ? 1 : 0);
  }

  function orderFeeds(previous: CallsSnapshot['feeds']): CallsSnapshot['feeds'] {
    const next: Record<string, readonly string[]> = {};
    let changed = Object.keys(previous).length !== feeds.size;
    for (const [feedId, feed] of feeds) {
      const ids = [...feed.ids].filter((id) => calls.has(id)).sort(newestFirst);
      const before = previous[feedId];
      next[feedId] = before && sameItems(before, ids) ? before : Object.freeze(ids);
      if (next[feedId] !== before) changed = true;
    }
    return changed ? Object.freeze(next) : previous;
  }

  function orderActive(previous: readonly string[]): readonly string[] {
    if (!reorder && !removedCalls) return previous;
    const ids: string[] = [];
    for (const call of calls.values()) if (!isTerminalStatus(call.status)) ids.push(call.id);
    ids.sort(newestFirst);
    return sameItems(previous, ids) ? previous : Object.freeze(ids);
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    getServerSnapshot: () => EMPTY,
    update(change) {
      change(draft);
      commit();
    },
  };
}

function sameItems(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}
