import type { RealtimeClient, RealtimeClientEvents } from '../realtime-client.js';

/** Resolves with the arguments of the next `event` the client emits that satisfies `accept`. */
export function waitFor<E extends keyof RealtimeClientEvents>(
  client: RealtimeClient,
  event: E,
  accept: (...args: RealtimeClientEvents[E]) => boolean = () => true,
): Promise<RealtimeClientEvents[E]> {
  return new Promise((resolve) => {
    const listener = (...args: RealtimeClientEvents[E]) => {
      if (!accept(...args)) return;
      client.off(event, listener);
      resolve(args);
    };
    client.on(event, listener);
  });
}

/** Resolves once the client's store holds a snapshot satisfying `accept`. */
export function storeReaches(client: RealtimeClient, accept: (snapshot: ReturnType<RealtimeClient['store']['getSnapshot']>) => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (accept(client.store.getSnapshot())) return resolve();
    const stop = client.store.subscribe(() => {
      if (!accept(client.store.getSnapshot())) return;
      stop();
      resolve();
    });
  });
}
