import type { Call, CallEvent } from '@callboard/core';
import type { FeedFilter } from './client-frame.js';
import { eventMatchesFeed, feedFilterKey } from './feed-filter.js';

/** @internal What the index needs to know about the connection that holds a subscription. */
export interface SubscriptionOwner {
  readonly id: string;
}

/** @internal One subscription of one connection. */
export interface Subscription<Owner extends SubscriptionOwner = SubscriptionOwner> {
  readonly id: string;
  readonly owner: Owner;
  readonly channel: 'calls' | 'call' | 'room';
  readonly filter?: FeedFilter;
  /** The Callboard id of the call, for `call` subscriptions and for `room` subscriptions of a call's room. */
  readonly callId?: string;
  readonly room?: string;
  /**
   * Every matching event up to this seq has been sent to the connection or is covered by the
   * snapshot. Infinity while the subscription is being set up, so nothing is sent for it yet.
   */
  coveredUpTo: number;
}

/**
 * @internal Finds the subscriptions an event concerns without visiting every connection: call
 * subscriptions by call id, feed subscriptions grouped by filter (each filter is evaluated once
 * per event), rooms by name.
 */
export interface SubscriptionIndex<Owner extends SubscriptionOwner> {
  add(subscription: Subscription<Owner>): void;
  remove(subscription: Subscription<Owner>): void;
  /** Calls `visit` for every subscription the event matches. */
  forEachMatch(callId: string, event: CallEvent, call: Call | undefined, visit: (subscription: Subscription<Owner>) => void): void;
  /** The subscriptions to a room. */
  roomMembers(room: string): ReadonlySet<Subscription<Owner>>;
  readonly size: number;
}

const EMPTY: ReadonlySet<never> = new Set();

/** @internal */
export function createSubscriptionIndex<Owner extends SubscriptionOwner>(): SubscriptionIndex<Owner> {
  const byCall = new Map<string, Set<Subscription<Owner>>>();
  const feeds = new Map<string, { filter: FeedFilter | undefined; members: Set<Subscription<Owner>> }>();
  const rooms = new Map<string, Set<Subscription<Owner>>>();
  let size = 0;

  function addTo<K>(map: Map<K, Set<Subscription<Owner>>>, key: K, subscription: Subscription<Owner>): void {
    const members = map.get(key);
    if (members) members.add(subscription);
    else map.set(key, new Set([subscription]));
  }

  function removeFrom<K>(map: Map<K, Set<Subscription<Owner>>>, key: K, subscription: Subscription<Owner>): boolean {
    const members = map.get(key);
    if (!members?.delete(subscription)) return false;
    if (members.size === 0) map.delete(key);
    return true;
  }

  return {
    get size() {
      return size;
    },
    add(subscription) {
      size += 1;
      if (subscription.channel === 'call') addTo(byCall, subscription.callId!, subscription);
      else if (subscription.channel === 'room') {
        addTo(rooms, subscription.room!, subscription);
        // The room of a call gets that call's events.
        if (subscription.callId !== undefined) addTo(byCall, subscription.callId, subscription);
      } else {
        const key = feedFilterKey(subscription.filter);
        const group = feeds.get(key);
        if (group) group.members.add(subscription);
        else feeds.set(key, { filter: subscription.filter, members: new Set([subscription]) });
      }
    },
    remove(subscription) {
      let removed: boolean;
      if (subscription.channel === 'call') removed = removeFrom(byCall, subscription.callId!, subscription);
      else if (subscription.channel === 'room') {
        removed = removeFrom(rooms, subscription.room!, subscription);
        if (subscription.callId !== undefined) removeFrom(byCall, subscription.callId, subscription);
      } else {
        const key = feedFilterKey(subscription.filter);
        const group = feeds.get(key);
        removed = group?.members.delete(subscription) ?? false;
        if (group && group.members.size === 0) feeds.delete(key);
      }
      if (removed) size -= 1;
    },
    forEachMatch(callId, event, call, visit) {
      const forCall = byCall.get(callId);
      if (forCall) for (const subscription of forCall) visit(subscription);
      for (const { filter, members } of feeds.values()) {
        if (filter && !eventMatchesFeed(filter, event, call)) continue;
        for (const subscription of members) visit(subscription);
      }
    },
    roomMembers(room) {
      return rooms.get(room) ?? EMPTY;
    },
  };
}
