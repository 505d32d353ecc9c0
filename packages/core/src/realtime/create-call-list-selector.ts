import type { Call } from '../model/index.js';
import type { CallsSnapshot } from './calls-store.js';

const NONE: readonly Call[] = Object.freeze([]);

/**
 * Makes a memoized selector that turns a list of ids from the snapshot (a feed, `active`) into
 * the calls themselves. It returns the same array for as long as the ids and every one of
 * those call objects are unchanged, so a component reading it re-renders only when its list
 * really changed, even while other calls in the store keep changing.
 *
 * @example
 * const selectFeed = createCallListSelector((snapshot) => snapshot.feeds[feed.id]);
 * const calls = useSyncExternalStore(client.store.subscribe, () => selectFeed(client.store.getSnapshot()));
 */
export function createCallListSelector(pickIds: (snapshot: CallsSnapshot) => readonly string[] | undefined): (snapshot: CallsSnapshot) => readonly Call[] {
  let lastSnapshot: CallsSnapshot | undefined;
  let lastResult: readonly Call[] = NONE;
  return (snapshot) => {
    if (snapshot === lastSnapshot) return lastResult;
    lastSnapshot = snapshot;
    const ids = pickIds(snapshot) ?? [];
    const calls = ids.map((id) => snapshot.calls.get(id)).filter((call): call is Call => call !== undefined);
    const same = calls.length === lastResult.length && calls.every((call, index) => call === lastResult[index]);
    if (!same) lastResult = calls.length === 0 ? NONE : Object.freeze(calls);
    return lastResult;
  };
}
