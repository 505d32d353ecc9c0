import { useEffect, useState } from 'react';
import type { RealtimeClient, RealtimeSubscription } from '@callboard/core';
import { RELEASE_GRACE_MS } from './retain-connection.js';

/**
 * @internal Holds a client subscription while the component is mounted (`key` says when it must
 * change). Release waits a short grace so StrictMode remounts reuse it instead of churning the
 * server subscription. Returns the subscription id once subscribed.
 */
export function useRetainedSubscription(
  client: RealtimeClient,
  key: string | undefined,
  open: (client: RealtimeClient) => RealtimeSubscription,
): string | undefined {
  const [id, setId] = useState<string>();
  useEffect(() => {
    if (key === undefined) {
      setId(undefined);
      return undefined;
    }
    const subscription = open(client);
    setId(subscription.id);
    return () => {
      setTimeout(() => subscription.unsubscribe(), RELEASE_GRACE_MS);
    };
    // `key` stands for the subscription's arguments; `open` is recreated by callers each render.
  }, [client, key]);
  return id;
}
