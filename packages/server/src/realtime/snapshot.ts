import { TERMINAL_STATUSES, type Call, type CallStatus } from '@callboard/core';
import type { CallStore } from '../store/call-store.js';
import type { FeedFilter } from './client-frame.js';
import { callMatchesFilter } from './feed-filter.js';

/** The `snapshot` of a `subscribed` frame for the calls feed. */
export interface FeedSnapshot {
  /** Every call that is not terminal and matches the filter, newest first. */
  active: Call[];
  /** The latest finished calls that match, newest first. */
  recent: Call[];
}

/** The `snapshot` of a `subscribed` frame for one call. */
export interface CallSnapshot {
  call: Call | null;
}

/** @internal Reads the feed's snapshot from the store (the active calls, and a page of finished ones). */
export async function loadFeedSnapshot(store: CallStore, filter: FeedFilter | undefined, recent: number): Promise<FeedSnapshot> {
  const active = (await store.activeCalls()).filter((call) => !filter || callMatchesFilter(filter, call));
  const finished: CallStatus[] = filter?.status
    ? TERMINAL_STATUSES.filter((status) => filter.status!.includes(status))
    : [...TERMINAL_STATUSES];
  if (recent <= 0 || finished.length === 0) return { active, recent: [] };
  const page = await store.listCalls({
    status: finished,
    sort: 'newest',
    limit: recent,
    ...(filter?.direction ? { direction: filter.direction } : {}),
    ...(filter?.provider ? { provider: filter.provider } : {}),
    ...(filter?.metadata ? { metadata: filter.metadata } : {}),
  });
  return { active, recent: page.calls };
}
