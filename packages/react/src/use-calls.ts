import { useCallback } from 'react';
import type { Call, CallsFilter, CallsSnapshot } from '@callboard/core';
import { useCallboardClient } from './use-callboard-client.js';
import { useRetainedSubscription } from './use-retained-subscription.js';
import { shallowArrayEqual, useSnapshotSelector } from './use-snapshot-selector.js';

const NO_CALLS: readonly Call[] = Object.freeze([]);

/** Options of {@link useCalls}. */
export interface UseCallsOptions {
  /** How many finished calls the feed keeps besides the active ones (default 50). */
  recent?: number;
}

/**
 * The live calls feed, newest first, optionally filtered by status, direction, provider and metadata:
 * the active calls plus the most recent finished ones. Subscribes while mounted (shared with every
 * other component asking for the same filter) and re-renders only when a call in the list changes.
 *
 * @example
 * const calls = useCalls({ direction: 'inbound' });
 * // One tenant's calls, by a key the bot or the webhook put in the call's metadata:
 * const acme = useCalls({ metadata: { tenant: 'acme' } });
 */
export function useCalls(filter?: CallsFilter, options: UseCallsOptions = {}): readonly Call[] {
  const client = useCallboardClient();
  const key = JSON.stringify([filter ?? {}, options.recent ?? null]);
  const id = useRetainedSubscription(client, key, (c) =>
    c.subscribeCalls(filter, options.recent === undefined ? {} : { recent: options.recent }),
  );
  const select = useCallback(
    (snapshot: CallsSnapshot): readonly Call[] => {
      const ids = id === undefined ? undefined : snapshot.feeds[id];
      if (!ids || ids.length === 0) return NO_CALLS;
      const calls: Call[] = [];
      for (const callId of ids) {
        const call = snapshot.calls.get(callId);
        if (call) calls.push(call);
      }
      return calls;
    },
    [id],
  );
  return useSnapshotSelector(select, shallowArrayEqual);
}
