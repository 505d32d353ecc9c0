import { EventEmitter } from 'eventemitter3';
import { CallboardError } from '../errors/index.js';
import type { Call, CallEvent } from '../model/index.js';
import { systemClock } from '../util/clock.js';
import { createCallsStore } from './calls-store.js';
import type { ConnectionState } from './connection-state.js';
import { decideReconnect } from './decide-reconnect.js';
import { fullJitterDelay } from './full-jitter-delay.js';
import { parseServerFrame, type ClientFrame, type ServerFrame } from './realtime-frames.js';
import type { NetworkEvents, RealtimeClient, RealtimeClientEvents, RealtimeClientOptions } from './realtime-client.js';
import type { TransportClose, TransportConnection } from './realtime-transport.js';
import { serverError } from './server-error.js';
import { createSubscriptionSync } from './subscription-sync.js';
import { timersOf } from './timers.js';
import { createWebSocketTransport } from './websocket-transport.js';

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
  const network = options.network ?? browserNetwork();
  const emitter = new EventEmitter<RealtimeClientEvents>();
  const store = createCallsStore();
  const subscriptions = createSubscriptionSync({
    store,
    send,
    events: {
      event: (event, call, seq) => safeEmit('event', event, call, seq),
      error: (error) => safeEmit('error', error),
      recovered: (info) => safeEmit('recovered', info),
      resync: (info) => safeEmit('resync', info),
    },
  });

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
      // The `close` frame states the server's intent; the socket's own code may only say 1006.
      code: hint?.code ?? close.code,
      reason: close.reason || hint?.reason || '',
      ...(close.retryAfterMs ?? hint?.retryAfterMs) !== undefined ? { retryAfterMs: (close.retryAfterMs ?? hint?.retryAfterMs)! } : {},
    };
    const decision = decideReconnect(merged, {
      canRefreshToken: typeof options.token === 'function',
      wasWelcomed,
      attempt,
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

  const onOffline = () => {
    if (current) drop('offline');
  };
  const onOnline = () => {
    if (state !== 'reconnecting' || timer.retry === undefined) return;
    clearTimer('retry');
    void open();
  };

  function stop(error: CallboardError | undefined): void {
    network?.removeEventListener('offline', onOffline);
    network?.removeEventListener('online', onOnline);
    endConnection();
    clearTimer('retry');
    setState('closed', error);
    if (error) safeEmit('error', error);
  }

  function onFrame(value: unknown): void {
    if (!current) return;
    current.lastFrameAt = clock.now();
    const parsed = parseServerFrame(value);
    if (parsed.kind === 'unknown') return safeEmit('frame', value as { type: string } & Record<string, unknown>);
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
        return subscriptions.onSubscribed(frame);
      case 'event':
        return subscriptions.onEvents([{ seq: frame.seq, event: frame.event, call: frame.call ?? undefined }]);
      case 'unsubscribed':
        if (frame.reason === undefined || !subscriptions.onEnded(frame.id, frame.reason, `The server ended subscription ${frame.id}`)) safeEmit('frame', frame);
        return;
      case 'error':
        if (frame.id !== undefined) {
          if (!subscriptions.onEnded(frame.id, frame.code, frame.message ?? frame.code)) safeEmit('frame', frame);
          return;
        }
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
    subscriptions.resubscribeAll();
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

  const client: RealtimeClient = {
    get state() {
      return state;
    },
    store,
    connect() {
      if (state === 'connecting' || state === 'open' || state === 'reconnecting') return;
      attempt = 0;
      network?.addEventListener('offline', onOffline);
      network?.addEventListener('online', onOnline);
      setState('connecting');
      void open();
    },
    close() {
      if (state === 'idle' || state === 'closed') return;
      current?.connection.close(1000, 'client closed');
      stop(undefined);
    },
    sendFrame(frame) {
      if (!current?.welcomed) return false;
      current.connection.send(frame);
      return true;
    },
    subscribeCalls(filter = {}, subscribeOptions = {}) {
      return subscriptions.acquire({ channel: 'calls', filter: { ...filter }, recent: subscribeOptions.recent });
    },
    subscribeCall(callId) {
      if (typeof callId !== 'string' || callId.length === 0) {
        throw new CallboardError({ code: 'INVALID_ARGUMENT', message: 'callId must be a non-empty string', details: { field: 'callId' } });
      }
      return subscriptions.acquire({ channel: 'call', callId });
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

/** The browser's window when it reports connectivity; undefined on servers and edge runtimes. */
function browserNetwork(): NetworkEvents | undefined {
  const scope = globalThis as { window?: unknown; navigator?: { onLine?: unknown }; addEventListener?: unknown };
  if (scope.window !== globalThis || typeof scope.navigator?.onLine !== 'boolean' || typeof scope.addEventListener !== 'function') return undefined;
  return globalThis as unknown as NetworkEvents;
}
