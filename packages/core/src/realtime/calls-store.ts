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
  /** Every call held, by Callboard id. */
  readonly calls: Readonly<Record<string, Call>>;
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
  calls: Object.freeze({}),
  feeds: Object.freeze({}),
  active: Object.freeze([]),
  subscriptions: Object.freeze({}),
});

/** @internal */
export function createCallsStore(): MutableCallsStore {
  const calls = new Map<string, Call>();
  const feeds = new Map<string, { ids: Set<string>; recentLimit: number }>();
  const pins = new Map<string, string>();
  const subscriptions = new Map<string, SubscriptionState>();
  const listeners = new Set<() => void>();
  let connection = EMPTY.connection;
  let snapshot = EMPTY;
  let dirty = { calls: false, feeds: false, subscriptions: false };

  const draft: CallsDraft = {
    putCall(call, options) {
      const held = calls.get(call.id);
      if (held === call || (held && !options?.replace && held.version >= call.version)) return;
      calls.set(call.id, call);
      dirty.calls = true;
    },
    removeCall(id) {
      if (calls.delete(id)) dirty.calls = true;
      for (const feed of feeds.values()) if (feed.ids.delete(id)) dirty.feeds = true;
    },
    setFeed(feedId, ids, recentLimit) {
      if (ids === undefined) feeds.delete(feedId);
      else feeds.set(feedId, { ids: new Set(ids), recentLimit: recentLimit ?? feeds.get(feedId)?.recentLimit ?? Infinity });
      dirty.feeds = true;
    },
    addToFeed(feedId, id) {
      const feed = feeds.get(feedId);
      if (feed && !feed.ids.has(id)) {
        feed.ids.add(id);
        dirty.feeds = true;
      }
    },
    removeFromFeed(feedId, id) {
      if (feeds.get(feedId)?.ids.delete(id)) dirty.feeds = true;
    },
    pinCall(subscriptionId, callId) {
      if (callId === undefined) pins.delete(subscriptionId);
      else pins.set(subscriptionId, callId);
      dirty.calls = true;
    },
    setSubscription(id, state) {
      const held = subscriptions.get(id);
      if (state === undefined) subscriptions.delete(id);
      else if (held?.channel === state.channel && held.status === state.status && held.callId === state.callId) return;
      else subscriptions.set(id, Object.freeze(state));
      dirty.subscriptions = true;
    },
    setConnection(state, error) {
      if (connection.state !== state || connection.error !== error) connection = Object.freeze({ state, error });
    },
  };

  function commit(): void {
    if (dirty.calls || dirty.feeds) trimAndCollect();
    const next: CallsSnapshot = {
      connection,
      calls: dirty.calls ? freezeRecord(calls) : snapshot.calls,
      feeds: dirty.calls || dirty.feeds ? orderFeeds(snapshot.feeds) : snapshot.feeds,
      active: dirty.calls ? orderActive(snapshot.active) : snapshot.active,
      subscriptions: dirty.subscriptions ? freezeRecord(subscriptions) : snapshot.subscriptions,
    };
    dirty = { calls: false, feeds: false, subscriptions: false };
    if (
      next.connection === snapshot.connection &&
      shallowEqualRecord(next.calls, snapshot.calls) &&
      next.feeds === snapshot.feeds &&
      next.active === snapshot.active &&
      shallowEqualRecord(next.subscriptions, snapshot.subscriptions)
    ) {
      return;
    }
    snapshot = Object.freeze({
      ...next,
      calls: shallowEqualRecord(next.calls, snapshot.calls) ? snapshot.calls : next.calls,
      subscriptions: shallowEqualRecord(next.subscriptions, snapshot.subscriptions) ? snapshot.subscriptions : next.subscriptions,
    });
    for (const listener of [...listeners]) listener();
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
        dirty.calls = true;
      }
    }
  }

  function newestFirst(a: string, b: string): number {
    const left = calls.get(a);
    const right = calls.get(b);
    const byTime = Date.parse(right?.createdAt ?? '') - Date.parse(left?.createdAt ?? '');
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
    const ids = [...calls.values()].filter((call) => !isTerminalStatus(call.status)).map((call) => call.id).sort(newestFirst);
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

function freezeRecord<T>(map: Map<string, T>): Readonly<Record<string, T>> {
  return Object.freeze(Object.fromEntries(map));
}

function shallowEqualRecord<T>(a: Readonly<Record<string, T>>, b: Readonly<Record<string, T>>): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && a[key] === b[key]);
}

function sameItems(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}
