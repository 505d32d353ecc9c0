/**
 * `@callboard/react`: `CallboardProvider` and hooks over `@callboard/core`'s realtime client.
 * All state lives in the core client's store; the hooks only subscribe to slices of it with
 * `useSyncExternalStore`, so a component re-renders only when its slice changes.
 *
 * @module
 */
export { CallboardProvider, type CallboardProviderProps } from './callboard-provider.js';
export { useCallboardApi, useCallboardClient } from './use-callboard-client.js';
export { useConnectionState } from './use-connection-state.js';
export { useCalls, type UseCallsOptions } from './use-calls.js';
export { useActiveCalls } from './use-active-calls.js';
export { useCall } from './use-call.js';
export { useLiveTranscript, type LiveTranscript } from './use-live-transcript.js';
export { useCallStats, type CallStatsState, type UseCallStatsOptions } from './use-call-stats.js';
export { useCallEvent } from './use-call-event.js';
