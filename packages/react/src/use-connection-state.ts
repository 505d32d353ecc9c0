import type { ConnectionState } from '@callboard/core';
import { useSnapshotSelector } from './use-snapshot-selector.js';

const selectState = (snapshot: { connection: { state: ConnectionState } }) => snapshot.connection.state;

/**
 * The realtime connection's state: `idle`, `connecting`, `open`, `reconnecting` or `closed`.
 * Re-renders only when it changes.
 *
 * @example
 * const state = useConnectionState();
 * return <Badge>{state === 'open' ? 'Live' : state === 'reconnecting' ? 'Reconnecting…' : 'Offline'}</Badge>;
 */
export function useConnectionState(): ConnectionState {
  return useSnapshotSelector(selectState);
}
