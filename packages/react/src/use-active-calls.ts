import type { Call, CallsFilter, CallsSnapshot } from '@callboard/core';
import { useCallback } from 'react';
import { callMatchesFilter } from '@callboard/core';
import { useCallboardClient } from './use-callboard-client.js';
import { useRetainedSubscription } from './use-retained-subscription.js';
import { shallowArrayEqual, useSnapshotSelector } from './use-snapshot-selector.js';

const NO_CALLS: readonly Call[] = Object.freeze([]);

/**
 * Every call that has not finished yet (queued, initiated, ringing, in progress), newest first,
 * live. Subscribes to the calls feed while mounted; re-renders only when an active call changes,
 * appears or finishes.
 *
 * @example
 * const active = useActiveCalls();
 * return <ul>{active.map((call) => <LiveCallRow key={call.id} call={call} />)}</ul>;
 */
export function useActiveCalls(filter?: CallsFilter): readonly Call[] {
  const client = useCallboardClient();
  const key = JSON.stringify(filter ?? {});
  useRetainedSubscription(client, key, (c) => c.subscribeCalls(filter));
  const select = useCallback(
    (snapshot: CallsSnapshot): readonly Call[] => {
      if (snapshot.active.length === 0) return NO_CALLS;
      const calls: Call[] = [];
      for (const id of snapshot.active) {
        const call = snapshot.calls.get(id);
        if (call && (!filter || callMatchesFilter(call, filter))) calls.push(call);
      }
      return calls;
    },
    // The filter's content is captured by `key`.
    [key],
  );
  return useSnapshotSelector(select, shallowArrayEqual);
}
