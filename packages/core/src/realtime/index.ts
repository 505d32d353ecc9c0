export { createRealtimeClient, type RealtimeClient, type RealtimeClientEvents, type RealtimeClientOptions, type RealtimeSubscription } from './create-realtime-client.js';
export type { CallsSnapshot, CallsStore, SubscriptionState } from './calls-store.js';
export { callMatchesFilter, eventMatchesFeed, type CallsFilter } from './calls-filter.js';
export type { ConnectionState } from './connection-state.js';
export { createWebSocketTransport, type WebSocketConstructor, type WebSocketLike, type WebSocketTransportOptions } from './websocket-transport.js';
export type { RealtimeTransport, TransportClose, TransportConnection, TransportHandlers } from './realtime-transport.js';
export { fullJitterDelay, DEFAULT_BACKOFF, type BackoffOptions } from './full-jitter-delay.js';
export { systemTimers, type Timers } from './timers.js';
