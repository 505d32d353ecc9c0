import type { CallboardError } from '../errors/index.js';
import type { Call, CallEvent, CallEventType } from '../model/index.js';
import type { Clock } from '../util/clock.js';
import type { CallsFilter } from './calls-filter.js';
import type { CallsStore } from './calls-store.js';
import type { ConnectionState } from './connection-state.js';
import type { BackoffOptions } from './full-jitter-delay.js';
import type { RealtimeTransport } from './realtime-transport.js';
import type { Timers } from './timers.js';
import type { WebSocketConstructor } from './websocket-transport.js';

/** Options of `createRealtimeClient`. */
export interface RealtimeClientOptions {
  /** The Callboard server (`https://calls.example.com`); the transport adds its path. */
  url: string;
  /** An API key or token with the `read` scope; a function is called before every connection (and to refresh an expiring token). */
  token?: string | (() => string | Promise<string>);
  /** Defaults to the plain WebSocket transport. */
  transport?: RealtimeTransport;
  /** For the default transport: the WebSocket class (the `ws` package on Node 20). */
  WebSocket?: WebSocketConstructor;
  /** Time source; with `setTimeout`/`clearTimeout` (a fake clock) it also runs the client's timers. */
  clock?: Clock & Partial<Timers>;
  /** Reconnect backoff: full jitter from 500 ms to 20 s by default. */
  backoff?: BackoffOptions;
  /** Silence allowed beyond the server's heartbeat interval before the connection counts as dead (default 10 000 ms). */
  heartbeatTimeoutMs?: number;
  /** How long opening and authenticating may take (default 10 000 ms). */
  connectTimeoutMs?: number;
  /** How long a connection must stay open before the backoff starts over (default 10 000 ms). */
  stableAfterMs?: number;
  /**
   * Where `offline` / `online` events come from: on `offline` the connection is dropped at once,
   * on `online` a waiting reconnect starts now. Defaults to the browser's `window`; absent elsewhere.
   */
  network?: NetworkEvents;
}

/** A source of the browser's `online` / `offline` events (`window`, or an `EventTarget` in tests). */
export interface NetworkEvents {
  addEventListener(type: 'online' | 'offline', listener: () => void): void;
  removeEventListener(type: 'online' | 'offline', listener: () => void): void;
}

/** Events of a {@link RealtimeClient}. */
export interface RealtimeClientEvents {
  state: [state: ConnectionState, previous: ConnectionState];
  /** A call event, once per `seq`, after the store has applied it. */
  event: [event: CallEvent, call: Call | undefined, seq: number];
  /** A failure: the connection was refused for good, a subscription was refused or ended, a frame was unreadable. */
  error: [error: CallboardError];
  /** A subscription resumed without a gap after a reconnect. */
  recovered: [info: { subscriptionId: string; seq: number }];
  /** A subscription could not resume; its calls were replaced with the server's snapshot. */
  resync: [info: { subscriptionId: string; seq: number }];
  /**
   * A frame this client does not handle itself: an extension's (the signaling relay's `joined`,
   * `offer`, `peer-left`, ...), or an `error` about a subscription it did not make.
   */
  frame: [frame: { type: string } & Record<string, unknown>];
  /** The connection was lost (or could not be made); the next attempt starts in `delayMs`. */
  reconnect: [info: { attempt: number; delayMs: number; code: number | undefined; reason: string }];
}

/** A subscription handle. Subscriptions to the same thing share one server subscription. */
export interface RealtimeSubscription {
  /** The id the store files this subscription's feed and state under. */
  readonly id: string;
  /** Lets go of it; the server subscription ends with its last holder. Idempotent. */
  unsubscribe(): void;
}

/** A live connection to a Callboard server's realtime API, with the store it fills. */
export interface RealtimeClient {
  readonly state: ConnectionState;
  /** The calls, feeds and connection state, for `useSyncExternalStore`. */
  readonly store: CallsStore;
  /** Opens the connection (and keeps it open until {@link RealtimeClient.close}). */
  connect(): void;
  /** Closes the connection and stops reconnecting. Subscriptions stay registered for a later `connect()`. */
  close(): void;
  /** The calls feed, optionally filtered; `recent` finished calls are kept besides the active ones (default 50). */
  subscribeCalls(filter?: CallsFilter, options?: { recent?: number }): RealtimeSubscription;
  /** One call, by Callboard id (or provider / bot call id). */
  subscribeCall(callId: string): RealtimeSubscription;
  /**
   * Sends a frame of a protocol extension (for example the signaling relay's `join-room`) on the
   * open connection. Returns false when there is no open connection; extensions send their
   * frames again when the `state` event says `open`.
   */
  sendFrame(frame: { type: string } & Record<string, unknown>): boolean;
  /** Calls `handler` for every event of that type (`*`: all), once per `seq`. Returns the function that stops it. */
  onEvent<T extends CallEventType>(type: T, handler: (event: Extract<CallEvent, { type: T }>, call: Call | undefined, seq: number) => void): () => void;
  onEvent(type: '*', handler: (event: CallEvent, call: Call | undefined, seq: number) => void): () => void;
  on<E extends keyof RealtimeClientEvents>(event: E, listener: (...args: RealtimeClientEvents[E]) => void): this;
  off<E extends keyof RealtimeClientEvents>(event: E, listener: (...args: RealtimeClientEvents[E]) => void): this;
}
