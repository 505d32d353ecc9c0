import { useCallback, useRef, useSyncExternalStore } from 'react';
import type { CallsSnapshot } from '@callboard/core';
import { useCallboardClient } from './use-callboard-client.js';

/**
 * @internal Selects a slice of the client's store. The component re-renders only when the
 * selected value changes (by `isEqual`, default `Object.is`), not on every store change.
 */
export function useSnapshotSelector<T>(selector: (snapshot: CallsSnapshot) => T, isEqual: (a: T, b: T) => boolean = Object.is): T {
  const { store } = useCallboardClient();
  const cache = useRef<{ snapshot: CallsSnapshot; selector: (snapshot: CallsSnapshot) => T; value: T } | null>(null);
  const select = useCallback(
    (snapshot: CallsSnapshot): T => {
      const previous = cache.current;
      if (previous && previous.snapshot === snapshot && previous.selector === selector) return previous.value;
      const next = selector(snapshot);
      const value = previous && isEqual(previous.value, next) ? previous.value : next;
      cache.current = { snapshot, selector, value };
      return value;
    },
    [selector, isEqual],
  );
  return useSyncExternalStore(
    store.subscribe,
    () => select(store.getSnapshot()),
    () => select(store.getServerSnapshot()),
  );
}

/** @internal Element-wise identity of two arrays. */
export function shallowArrayEqual<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}
