import { useCallback } from 'react';
import type { Call, CallsSnapshot } from '@callboard/core';
import { useCallboardClient } from './use-callboard-client.js';
import { useRetainedSubscription } from './use-retained-subscription.js';
import { useSnapshotSelector } from './use-snapshot-selector.js';

/**
 * One call, live, by its Callboard id (or its provider or bot call id): `undefined` until the
 * server's snapshot arrives (and during server rendering). Re-renders only when that call changes.
 *
 * @example
 * const call = useCall(callId);
 * if (!call) return <Spinner />;
 * return <StatusChip status={call.status} />;
 */
export function useCall(id: string | undefined): Call | undefined {
  const client = useCallboardClient();
  const subscriptionId = useRetainedSubscription(client, id, (c) => c.subscribeCall(id!));
  const select = useCallback(
    (snapshot: CallsSnapshot): Call | undefined => {
      if (id === undefined) return undefined;
      const resolved = (subscriptionId === undefined ? undefined : snapshot.subscriptions[subscriptionId]?.callId) ?? id;
      return snapshot.calls.get(resolved) ?? snapshot.calls.get(id);
    },
    [id, subscriptionId],
  );
  return useSnapshotSelector(select);
}
