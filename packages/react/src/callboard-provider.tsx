'use client';
import { useEffect, useMemo, type ReactNode } from 'react';
import type { CallboardApi, RealtimeClient } from '@callboard/core';
import { CallboardContext } from './callboard-context.js';
import { retainConnection } from './retain-connection.js';

/** Props of {@link CallboardProvider}. */
export interface CallboardProviderProps {
  /** A realtime client the app created (`createRealtimeClient`). The provider connects it in an effect, never during rendering. */
  client: RealtimeClient;
  /** The HTTP API client (`createCallboardApi`), for hooks that read aggregates such as {@link useCallStats}. */
  api?: CallboardApi;
  children?: ReactNode;
}

/**
 * Makes a Callboard client available to the hooks below it and keeps it connected while mounted.
 *
 * It never connects during server rendering (effects do not run there; hooks render the empty
 * server snapshot), and under React StrictMode's mount–unmount–mount it opens exactly one
 * connection: releasing the client closes it only after a short grace.
 *
 * @example
 * const client = createRealtimeClient({ url: window.location.origin, token });
 * const api = createCallboardApi({ url: '', token });
 * root.render(
 *   <CallboardProvider client={client} api={api}>
 *     <LiveCalls />
 *   </CallboardProvider>,
 * );
 */
export function CallboardProvider({ client, api, children }: CallboardProviderProps) {
  useEffect(() => retainConnection(client), [client]);
  const value = useMemo(() => ({ client, api }), [client, api]);
  return <CallboardContext.Provider value={value}>{children}</CallboardContext.Provider>;
}
