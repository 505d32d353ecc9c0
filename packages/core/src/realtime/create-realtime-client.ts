import { EventEmitter } from 'eventemitter3';
import { CallboardError, type CallboardErrorCode } from '../errors/index.js';
import type { Call, CallEvent, CallEventType } from '../model/index.js';
import { systemClock, type Clock } from '../util/clock.js';
import { applyEventFrame } from './apply-event-frame.js';
import type { CallsFilter } from './calls-filter.js';
import { createCallsStore, type CallsStore } from './calls-store.js';
import type { ConnectionState } from './connection-state.js';
import { decideReconnect } from './decide-reconnect.js';
import { fullJitterDelay, type BackoffOptions } from './full-jitter-delay.js';
import { parseServerFrame, type ClientFrame, type EventFrame, type ServerFrame, type SubscribedFrame } from './realtime-frames.js';
import type { RealtimeTransport, TransportClose, TransportConnection } from './realtime-transport.js';
import { createSubscriptionRegistry, type SubscriptionRecord, type SubscriptionSpec } from './subscription-registry.js';
import { timersOf, type Timers } from './timers.js';
import { createWebSocketTransport, type WebSocketConstructor } from './websocket-transport.js';

/** Options of {@link createRealtimeClient}. */
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
  /** Calls `handler` for every event of that type (`*`: all), once per `seq`. Returns the function that stops it. */
  onEvent<T extends CallEventType>(type: T, handler: (event: Extract<CallEvent, { type: T }>, call: Call | undefined, seq: number) => void): () => void;
  onEvent(type: '*', handler: (event: CallEvent, call: Call | undefined, seq: number) => void): () => void;
  on<E extends keyof RealtimeClientEvents>(event: E, listener: (...args: RealtimeClientEvents[E]) => void): this;
  off<E extends keyof RealtimeClientEvents>(event: E, listener: (...args: RealtimeClientEvents[E]) => void): this;
}

const EMITTED_SEQS_KEPT = 10_000;

/**
 * Creates a realtime client (docs/protocol.md). It reconnects with full-jitter backoff, honours
 * the server's close codes and retry hints, watches heartbeats, resumes every subscription from
 * the last `seq` it applied, applies each `seq` once, and keeps a normalized store of calls.
 *
 * @example
 * const client = createRealtimeClient({ url: 'https://calls.example.com', token });
 * const feed = client.subscribeCalls({ direction: 'inbound' });
 * client.store.subscribe(() => render(client.store.getSnapshot().feeds[feed.id]));
 * client.onEvent('call.live', (event) => console.log(event.name, event.data));
 * client.connect();
 */
export function createRealtimeClient(options: RealtimeClientOptions): RealtimeClient {
  if (typeof options?.url !== 'string' || !URL.canParse(options.url)) {
    throw new CallboardError({ code: 'INVALID_ARGUMENT', message: 'url must be an absolute URL', details: { field: 'url' } });
  }
  const clock = options.clock ?? systemClock;
  const timers = timersOf(options.clock);
  const backoff = options.backoff ?? {};
  const random = backoff.random ?? Math.random;
  const transport = options.transport ?? createWebSocketTransport(options.WebSocket ? { WebSocket: options.WebSocket } : {});
  const heartbeatMarginMs = options.heartbeatTimeoutMs ?? 10_000;
  const emitter = new EventEmitter<RealtimeClientEvents>();
  const store = createCallsStore();
  const registry = createSubscriptionRegistry();
  const emittedSeqs = new Set<number>();

  let state: ConnectionState = 'idle';
  let generation = 0;
  let attempt = 0;
  let current: { connection: TransportConnection; welcomed: boolean; closeFrame?: TransportClose; lastFrameAt: number } | undefined;
  const timer = { retry: undefined as unknown, connect: undefined as unknown, heartbeat: undefined as unknown, stable: undefined as unknown, refresh: undefined as unknown };

  function setState(next: ConnectionState, error?: CallboardError): void {
    const previous = state;
    state = next;
    store.update((draft) => draft.setConnection(next, error));
    if (previous !== next) safeEmit('state', next, previous);
  }

  function safeEmit<E extends keyof RealtimeClientEvents>(event: E, ...args: RealtimeClientEvents[E]): void {
    try {
      (emitter.emit as (event: E, ...args: RealtimeClientEvents[E]) => boolean)(event, ...args);
    } catch (error) {
      // A listener's bug must not leave the client half way through a frame; surface it anyway.
      queueMicrotask(() => {
        throw error;
      });
    }
  }

  function clearTimer(name: keyof typeof timer): void {
    if (timer[name] !== undefined) timers.clearTimeout(timer[name]);
    timer[name] = undefined;
  }

  async function open(): Promise<void> {
    const id = ++generation;
    let token: string | undefined;
    try {
      token = typeof options.token === 'function' ? await options.token() : options.token;
    } catch (cause) {
      if (id !== generation) return;
      safeEmit('error', new CallboardError({ code: 'UNAUTHORIZED', message: 'Getting a realtime token failed', cause, isRetryable: true }));
      return retry('backoff', { code: undefined, reason: 'token' });
    }
    if (id !== generation) return;
    const handlers = {
      onFrame: (frame: unknown) => id === generation && onFrame(frame),
      onClose: (close: TransportClose) => id === generation && onClose(close),
    };
    try {
      current = { connection: transport.open({ url: options.url, token }, handlers), welcomed: false, lastFrameAt: clock.now() };
    } catch (cause) {
      if (CallboardError.isInstance(cause) && cause.code === 'UNSUPPORTED') return stop(cause);
      return onClose({ code: undefined, reason: cause instanceof Error ? cause.message : 'transport failed' });
    }
    timer.connect = timers.setTimeout(() => drop('connect timeout'), options.connectTimeoutMs ?? 10_000);
  }

  function send(frame: ClientFrame): void {
    if (current?.welcomed) current.connection.send(frame);
  }

  /** Abandons the current connection as dead and reconnects with backoff. */
  function drop(reason: string): void {
    current?.connection.close(1000, reason);
    onClose({ code: undefined, reason });
  }

  function endConnection(): void {
    generation++;
    current = undefined;
    for (const name of ['connect', 'heartbeat', 'stable', 'refresh'] as const) clearTimer(name);
  }

  function onClose(close: TransportClose): void {
    const hint = current?.closeFrame;
    const wasWelcomed = current?.welcomed ?? false;
    endConnection();
    const merged: TransportClose = {
      code: close.code ?? hint?.code,
      reason: close.reason || hint?.reason || '',
      ...(close.retryAfterMs ?? hint?.retryAfterMs) !== undefined ? { retryAfterMs: (close.retryAfterMs ?? hint?.retryAfterMs)! } : {},
    };
    const decision = decideReconnect(merged, {
      canRefreshToken: typeof options.token === 'function',
      wasWelcomed,
      jitterMs: backoff.minDelayMs ?? 500,
      random,
    });
    if (decision.kind === 'stop') return stop(decision.error);
    retry(decision.delay, merged);
  }

  function retry(delay: 'backoff' | { afterMs: number }, cause: TransportClose): void {
    const ms = delay === 'backoff' ? fullJitterDelay(attempt, backoff) : delay.afterMs;
    attempt++;
    setState('reconnecting');
    safeEmit('reconnect', { attempt, delayMs: ms, code: cause.code, reason: cause.reason });
    clearTimer('retry');
    timer.retry = timers.setTimeout(() => {
      timer.retry = undefined;
      void open();
    }, ms);
  }

  function stop(error: CallboardError | undefined): void {
    endConnection();
    clearTimer('retry');
    setState('closed', error);
    if (error) safeEmit('error', error);
  }

  function onFrame(value: unknown): void {
    if (!current) return;
    current.lastFrameAt = clock.now();
    const parsed = parseServerFrame(value);
    if (parsed.kind === 'unknown') return;
    if (parsed.kind === 'invalid') {
      safeEmit('error', new CallboardError({ code: 'BAD_PAYLOAD', message: 'Unreadable frame from the server', cause: parsed.error }));
      return;
    }
    handleFrame(parsed.frame);
  }

  function handleFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'welcome':
        return onWelcome(frame.heartbeatMs ?? 25_000, frame.expiresAt);
      case 'subscribed':
        return onSubscribed(frame);
      case 'event':
        return onEventFrames([{ seq: frame.seq, event: frame.event, call: frame.call ?? undefined }]);
      case 'unsubscribed':
        if (frame.reason !== undefined) endSubscription(frame.id, frame.reason, `The server ended subscription ${frame.id}`);
        return;
      case 'error':
        if (frame.id !== undefined) return endSubscription(frame.id, frame.code, frame.message ?? frame.code);
        return safeEmit('error', serverError(frame.code, frame.message ?? frame.code));
      case 'ping':
        return current?.connection.send({ type: 'pong' });
      case 'close':
        if (current) current.closeFrame = { code: frame.code, reason: frame.reason ?? '', ...(frame.retryAfterMs === undefined ? {} : { retryAfterMs: frame.retryAfterMs }) };
        return;
      case 'pong':
        return;
    }
  }

  function onWelcome(heartbeatMs: number, expiresAt: string | undefined): void {
    if (!current) return;
    const first = !current.welcomed;
    current.welcomed = true;
    clearTimer('connect');
    scheduleRefresh(expiresAt);
    if (!first) return; // a token refresh: the subscriptions carry on
    setState('open');
    timer.stable = timers.setTimeout(() => (attempt = 0), options.stableAfterMs ?? 10_000);
    if (transport.serverPings) watchHeartbeat(heartbeatMs + heartbeatMarginMs);
    for (const record of registry.all()) sendSubscribe(record);
  }

  function watchHeartbeat(limitMs: number): void {
    const check = () => {
      if (!current) return;
      const silentMs = clock.now() - current.lastFrameAt;
      if (silentMs >= limitMs) return drop('heartbeat timeout');
      timer.heartbeat = timers.setTimeout(check, limitMs - silentMs);
    };
    timer.heartbeat = timers.setTimeout(check, limitMs);
  }

  function scheduleRefresh(expiresAt: string | undefined): void {
    clearTimer('refresh');
    const getToken = options.token;
    if (typeof getToken !== 'function' || expiresAt === undefined) return;
    const lifetimeMs = Date.parse(expiresAt) - clock.now();
    if (!Number.isFinite(lifetimeMs)) return;
    // Refresh a minute ahead, or half way through a short-lived token.
    timer.refresh = timers.setTimeout(async () => {
      const connection = current;
      try {
        const token = await getToken();
        if (connection === current) current?.connection.send({ type: 'auth', token });
      } catch (cause) {
        safeEmit('error', new CallboardError({ code: 'UNAUTHORIZED', message: 'Refreshing the realtime token failed', cause, isRetryable: true }));
      }
    }, Math.max(0, lifetimeMs - Math.min(60_000, lifetimeMs / 2)));
  }

  function sendSubscribe(record: SubscriptionRecord): void {
    record.subscribed = false;
    record.early = [];
    const fromSeq = record.position === undefined ? {} : { fromSeq: record.position };
    const { spec } = record;
    if (spec.channel === 'calls') {
      send({ type: 'subscribe', id: record.id, channel: 'calls', filter: spec.filter, ...(spec.recent === undefined ? {} : { recent: spec.recent }), ...fromSeq });
    } else {
      send({ type: 'subscribe', id: record.id, channel: 'call', callId: record.callId ?? spec.callId, ...fromSeq });
    }
  }

  function onSubscribed(frame: SubscribedFrame): void {
    const record = registry.get(frame.id);
    if (!record) return; // unsubscribed while the reply was on its way
    const previous = record.position;
    const early = record.early;
    record.early = [];
    record.subscribed = true;
    if (frame.callId !== undefined && record.spec.channel === 'call') record.callId = frame.callId;
    // A resume point beyond the answer means the server's log was reset: the held copies
    // (with versions from the old log) must give way to the snapshot.
    const logReset = previous !== undefined && frame.seq < previous;
    if (logReset) emittedSeqs.clear();
    store.update((draft) => {
      record.position = frame.seq;
      if (!frame.recovered) applySnapshot(record, frame, draft, logReset);
      draft.setSubscription(record.id, { channel: record.spec.channel, status: 'subscribed', ...(record.callId === undefined ? {} : { callId: record.callId }) });
      if (record.spec.channel === 'call') draft.pinCall(record.id, record.callId);
    });
    if (frame.recovered) safeEmit('recovered', { subscriptionId: record.id, seq: frame.seq });
    else if (previous !== undefined) safeEmit('resync', { subscriptionId: record.id, seq: frame.seq });
    onEventFrames(early);
  }

  function applySnapshot(record: SubscriptionRecord, frame: SubscribedFrame, draft: Parameters<Parameters<typeof store.update>[0]>[0], replace: boolean): void {
    const snapshot = frame.snapshot;
    if (record.spec.channel === 'calls') {
      const calls = snapshot && 'active' in snapshot ? [...snapshot.active, ...snapshot.recent] : [];
      draft.setFeed(record.id, calls.map((call) => call.id));
      for (const call of calls) draft.putCall(call, { replace });
    } else if (snapshot && 'call' in snapshot && snapshot.call) {
      draft.putCall(snapshot.call, { replace });
    }
  }

  function onEventFrames(frames: EventFrame[]): void {
    for (const frame of frames) {
      let applied = false;
      store.update((draft) => {
        applied = applyEventFrame(frame, registry.all(), draft);
      });
      if (!applied || emittedSeqs.has(frame.seq)) continue;
      emittedSeqs.add(frame.seq);
      if (emittedSeqs.size > EMITTED_SEQS_KEPT) emittedSeqs.delete(emittedSeqs.values().next().value!);
      safeEmit('event', frame.event, frame.call, frame.seq);
    }
  }

  function endSubscription(id: string, code: string, message: string): void {
    const record = registry.get(id);
    if (!record) return;
    registry.remove(id);
    forget(record);
    safeEmit('error', serverError(code, message, { subscriptionId: id }));
  }

  function forget(record: SubscriptionRecord): void {
    store.update((draft) => {
      if (record.spec.channel === 'calls') draft.setFeed(record.id, undefined);
      else draft.pinCall(record.id, undefined);
      draft.setSubscription(record.id, undefined);
    });
  }

  function acquire(spec: SubscriptionSpec): RealtimeSubscription {
    const { record, created } = registry.acquire(spec);
    if (created) {
      store.update((draft) => {
        if (spec.channel === 'calls') draft.setFeed(record.id, [], spec.recent ?? 50);
        else draft.pinCall(record.id, spec.callId);
        draft.setSubscription(record.id, { channel: spec.channel, status: 'subscribing', ...(spec.channel === 'call' ? { callId: spec.callId } : {}) });
      });
      sendSubscribe(record);
    }
    let held = true;
    return {
      id: record.id,
      unsubscribe() {
        if (!held) return;
        held = false;
        const released = registry.release(record.id);
        if (!released) return;
        forget(released);
        send({ type: 'unsubscribe', id: released.id });
      },
    };
  }

  const client: RealtimeClient = {
    get state() {
      return state;
    },
    store,
    connect() {
      if (state === 'connecting' || state === 'open' || state === 'reconnecting') return;
      attempt = 0;
      setState('connecting');
      void open();
    },
    close() {
      if (state === 'idle' || state === 'closed') return;
      current?.connection.close(1000, 'client closed');
      stop(undefined);
    },
    subscribeCalls(filter = {}, subscribeOptions = {}) {
      return acquire({ channel: 'calls', filter: { ...filter }, recent: subscribeOptions.recent });
    },
    subscribeCall(callId) {
      if (typeof callId !== 'string' || callId.length === 0) {
        throw new CallboardError({ code: 'INVALID_ARGUMENT', message: 'callId must be a non-empty string', details: { field: 'callId' } });
      }
      return acquire({ channel: 'call', callId });
    },
    onEvent(type: string, handler: (event: never, call: Call | undefined, seq: number) => void) {
      const listener = (event: CallEvent, call: Call | undefined, seq: number) => {
        if (type === '*' || event.type === type) handler(event as never, call, seq);
      };
      emitter.on('event', listener);
      return () => void emitter.off('event', listener);
    },
    on(event, listener) {
      emitter.on(event, listener);
      return client;
    },
    off(event, listener) {
      emitter.off(event, listener);
      return client;
    },
  };
  return client;
}

const ERROR_CODES: ReadonlySet<string> = new Set<CallboardErrorCode>([
  'BAD_PAYLOAD', 'UNAUTHORIZED', 'FORBIDDEN', 'CONFLICT', 'RATE_LIMITED', 'UNSUPPORTED', 'NOT_FOUND', 'INTERNAL',
]);

function serverError(code: string, message: string, details?: Record<string, unknown>): CallboardError {
  return new CallboardError({
    code: ERROR_CODES.has(code) ? (code as CallboardErrorCode) : 'INTERNAL',
    message,
    details: { serverCode: code, ...details },
  });
}
