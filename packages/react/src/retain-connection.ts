import type { RealtimeClient } from '@callboard/core';

/** How long a released connection or subscription lingers, so a StrictMode remount or a quick re-render picks it up again. */
export const RELEASE_GRACE_MS = 250;

const holders = new WeakMap<RealtimeClient, { count: number; closeTimer: ReturnType<typeof setTimeout> | undefined }>();

/**
 * @internal Connects the client for as long as at least one provider holds it. The last release
 * closes it after a short grace, so StrictMode's mount–unmount–mount keeps one connection.
 */
export function retainConnection(client: RealtimeClient): () => void {
  let entry = holders.get(client);
  if (!entry) {
    entry = { count: 0, closeTimer: undefined };
    holders.set(client, entry);
  }
  const held = entry;
  held.count++;
  if (held.closeTimer !== undefined) {
    clearTimeout(held.closeTimer);
    held.closeTimer = undefined;
  }
  client.connect();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    held.count--;
    if (held.count > 0) return;
    held.closeTimer = setTimeout(() => {
      held.closeTimer = undefined;
      if (held.count === 0) client.close();
    }, RELEASE_GRACE_MS);
  };
}
