import { useContext } from 'react';
import { CallboardError, type CallboardApi, type RealtimeClient } from '@callboard/core';
import { CallboardContext, type CallboardContextValue } from './callboard-context.js';

/** @internal */
export function useCallboardContext(): CallboardContextValue {
  const value = useContext(CallboardContext);
  if (!value) {
    throw new CallboardError({ code: 'INVALID_ARGUMENT', message: 'Callboard hooks must be used inside <CallboardProvider client={...}>' });
  }
  return value;
}

/**
 * The realtime client given to the nearest {@link CallboardProvider}, for imperative use.
 *
 * @example
 * const client = useCallboardClient();
 * useEffect(() => client.onEvent('call.live', (event) => toast(event.name)), [client]);
 */
export function useCallboardClient(): RealtimeClient {
  return useCallboardContext().client;
}

/** The HTTP API client given to the nearest {@link CallboardProvider}; throws when none was given. */
export function useCallboardApi(): CallboardApi {
  const { api } = useCallboardContext();
  if (!api) {
    throw new CallboardError({ code: 'INVALID_ARGUMENT', message: 'Pass an `api` (createCallboardApi) to <CallboardProvider> to use this hook' });
  }
  return api;
}
