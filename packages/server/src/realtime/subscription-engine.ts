import { CallboardError } from '@callboard/core';
import type { Auth } from '../auth/index.js';
import type { Bus, BusMessage } from '../bus/bus.js';
import type { CallStore } from '../store/call-store.js';
import { CLOSE_CODES } from './close-codes.js';
import { createEventFrame, socketIoPacket } from './event-frame.js';
import { createLegacyEventTracker } from './legacy-events.js';
import { readEventsWithCalls } from './read-with-calls.js';
import type { RealtimeTransport } from './realtime-transport.js';
import { consoleLogger, type RealtimeLogger, type RealtimeSettings, type SessionContext } from './realtime-settings.js';
import type { FrameHandler, OutboundFrame, RealtimeConnection, RoomGate, RoomLeaveReason } from './realtime-connection.js';
import { createRealtimeSession, type RealtimeSession } from './realtime-session.js';
import { createSeqOrderer } from './seq-orderer.js';
import { createSubscriptionIndex } from './subscription-index.js';
import { createHeartbeatWheel } from './heartbeat-wheel.js';
import { clockOf, timersOf, type RealtimeClock } from './timers.js';

/** Options of {@link createSubscriptionEngine}; every gateway of a node shares one engine. */
export interface SubscriptionEngineOptions {
  /** The deployment's store: resume and snapshots read it, gaps are filled from it. */
  store: CallStore;
  /** The bus the hub publishes on (local for one node, Redis for several). */
  bus: Bus;
  /** The same auth as the HTTP API. */
  auth: Auth;
  /** Time and timers (heartbeats, auth deadline, gap window, store poll). Default: the system's. */
  clock?: RealtimeClock;
  logger?: RealtimeLogger;
  /** Server `ping` interval on plain WebSocket, and Engine.IO's `pingInterval` (default 25 000 ms). */
  heartbeatMs?: number;
  /** Extra silence tolerated before a connection is closed with 4002 (default 20 000 ms). */
  heartbeatTimeoutMs?: number;
  /** How long a connection without credential may take to send its `auth` frame (default 5 000 ms). */
  authTimeoutMs?: number;
  /** Per-connection send buffer cap; past it the connection is closed with 4008 (default 1 MiB). */
  maxBufferedBytes?: number;
  /** Connections per node; beyond it new ones are closed with 4029 (default 10 000). */
  maxConnections?: number;
  /** The `retryAfterMs` hint sent with 4029 (default 5 000 ms). */
  tooManyConnectionsRetryAfterMs?: number;
  /** Subscriptions per connection (default 100). */
  maxSubscriptionsPerConnection?: number;
  /** Finished calls in a feed snapshot when the client does not say (default 50). */
  recentFinished?: number;
  /** Emit the legacy Socket.IO event names (`new_call`, `callUpdated`, ...). Default false. */
  legacyEvents?: boolean;
  /** How long an out-of-order bus message waits before the gap is read from the store (default 200 ms). */
  gapWaitMs?: number;
  /** How often the store's last seq is polled to catch messages the bus dropped (default 1 000 ms). */
  pollIntervalMs?: number;
}

/** A change of room membership, for the signaling relay. */
export interface RoomChange {
  type: 'join' | 'leave';
  room: string;
  connection: RealtimeConnection;
  /** Set on leaves. */
  reason?: RoomLeaveReason;
}

/** Why a new connection is refused, if it is. */
export type Admission = { ok: true } | { ok: false; code: number; reason: string; retryAfterMs: number };

/**
 * The per-node subscription engine behind both gateways: orders bus messages by seq (filling
 * gaps from the store), matches each event to subscriptions through an index, encodes it once and
 * sends the same bytes to every connection it concerns.
 */
export interface SubscriptionEngine {
  /** Resolves once the engine knows the store's position. */
  readonly ready: Promise<void>;
  /** The highest seq delivered to subscribers. */
  readonly position: number;
  /** Open connections. */
  readonly connectionCount: number;
  /** Whether a new connection may open now. */
  admit(): Admission;
  /** @internal Opens a connection over a gateway's transport. */
  open(transport: RealtimeTransport, init: { credential?: string; legacyEvents?: boolean }): RealtimeSession;
  /** Routes client frames of a `type` the core protocol does not define to a handler. Returns a remover. */
  onFrame(type: string, handler: FrameHandler): () => void;
  /** Lets `gate` decide every room join (the signaling relay); one gate at a time. Returns a remover. */
  gateRooms(gate: RoomGate): () => void;
  /** Listens to room joins and leaves. Returns a remover. */
  onRoomChange(listener: (change: RoomChange) => void): () => void;
  /** Sends one frame (encoded once) to every connection in a room, except one. */
  sendToRoom(room: string, frame: OutboundFrame, options?: { except?: RealtimeConnection }): number;
  /** Closes every connection with 4013 and the retry hint, then stops. */
  close(options?: { retryAfterMs?: number }): Promise<void>;
}

const CORE_FRAME_TYPES = new Set(['subscribe', 'unsubscribe', 'auth', 'ping', 'pong']);

/**
 * Creates the subscription engine. `attachRealtime` creates one for you; use this directly to put
 * the gateways on a server of your own.
 */
export function createSubscriptionEngine(options: SubscriptionEngineOptions): SubscriptionEngine {
  const clock = clockOf(options.clock);
  const timers = timersOf(options.clock);
  const logger = options.logger ?? consoleLogger;
  const settings: RealtimeSettings = {
    heartbeatMs: options.heartbeatMs ?? 25_000,
    heartbeatTimeoutMs: options.heartbeatTimeoutMs ?? 20_000,
    authTimeoutMs: options.authTimeoutMs ?? 5_000,
    maxBufferedBytes: options.maxBufferedBytes ?? 1024 * 1024,
    maxSubscriptions: options.maxSubscriptionsPerConnection ?? 100,
    recentFinished: options.recentFinished ?? 50,
    replayPageSize: 500,
  };
  const maxConnections = options.maxConnections ?? 10_000;
  const index = createSubscriptionIndex<RealtimeSession>();
  const sessions = new Set<RealtimeSession>();
  const handlers = new Map<string, FrameHandler>();
  const roomListeners = new Set<(change: RoomChange) => void>();
  let roomGate: RoomGate | undefined;
  const legacy = options.legacyEvents ? createLegacyEventTracker() : undefined;
  const touched: RealtimeSession[] = [];
  let closing = false;

  const orderer = createSeqOrderer({
    timers,
    readAfter: (afterSeq, limit) => readEventsWithCalls(options.store, afterSeq, { limit }),
    lastSeq: () => options.store.lastSeq(),
    deliver: broadcast,
    ...(options.gapWaitMs === undefined ? {} : { gapWaitMs: options.gapWaitMs }),
    ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
    onError: (error) => logger.warn({ err: error }, 'filling a gap from the store failed; retrying'),
  });
  const unsubscribeBus = options.bus.subscribe((message) => {
    try {
      orderer.push(message);
    } catch (error) {
      logger.error({ err: error, seq: message.stored.seq }, 'realtime broadcast failed');
    }
  });
  const stopResubscribed = options.bus.onResubscribed?.(() => orderer.catchUp());
  const ready = options.store.lastSeq().then((last) => orderer.start(last));
  ready.catch((error: unknown) => logger.error({ err: error }, 'reading the store position failed'));
  const heartbeats = createHeartbeatWheel<RealtimeSession>(timers, settings.heartbeatMs, (group) => {
    const now = clock.now();
    // A heartbeat may close its session, which leaves the group: walk a copy.
    for (const session of [...group]) session.heartbeat(now);
  });

  const context: SessionContext = { auth: options.auth, store: options.store, clock, timers, settings, logger, ready };
  const hooks = {
    index,
    frameHandler: (type: string) => handlers.get(type),
    roomGate: () => roomGate,
    roomChanged(change: RoomChange) {
      for (const listener of roomListeners) listener(change);
    },
    closed(session: RealtimeSession) {
      sessions.delete(session);
      heartbeats.delete(session);
    },
  };

  function broadcast({ stored, call }: BusMessage): void {
    const legacyNames = legacy?.namesFor(stored.callId, stored.event, call);
    index.forEachMatch(stored.callId, stored.event, call, (subscription) => {
      if (subscription.owner.offer(subscription)) touched.push(subscription.owner);
    });
    if (touched.length > 0) {
      const frame = createEventFrame(stored.seq, stored.event, call);
      for (const session of touched.splice(0)) session.flushOffer(frame);
    }
    if (legacyNames && legacyNames.length > 0 && call) {
      const callJson = JSON.stringify(call);
      const packets = legacyNames.map((name) => socketIoPacket(name, callJson));
      for (const session of sessions) {
        if (session.legacy) for (const packet of packets) session.sendLegacy(packet);
      }
    }
  }

  return {
    ready,
    get position() {
      return orderer.position;
    },
    get connectionCount() {
      return sessions.size;
    },
    admit() {
      if (closing) return { ok: false, code: CLOSE_CODES.goingAway, reason: 'server shutting down', retryAfterMs: 1000 };
      if (sessions.size >= maxConnections) {
        return {
          ok: false,
          code: CLOSE_CODES.tooManyConnections,
          reason: 'too many connections',
          retryAfterMs: options.tooManyConnectionsRetryAfterMs ?? 5_000,
        };
      }
      return { ok: true };
    },
    open(transport, init) {
      const session = createRealtimeSession(context, hooks, transport, init);
      sessions.add(session);
      heartbeats.add(session);
      return session;
    },
    onFrame(type, handler) {
      if (CORE_FRAME_TYPES.has(type)) {
        throw new CallboardError({ code: 'INVALID_ARGUMENT', message: `"${type}" frames belong to the core protocol` });
      }
      handlers.set(type, handler);
      return () => {
        if (handlers.get(type) === handler) handlers.delete(type);
      };
    },
    gateRooms(gate) {
      roomGate = gate;
      return () => {
        if (roomGate === gate) roomGate = undefined;
      };
    },
    onRoomChange(listener) {
      roomListeners.add(listener);
      return () => roomListeners.delete(listener);
    },
    sendToRoom(room, frame, sendOptions) {
      const json = JSON.stringify(frame);
      let sent = 0;
      for (const subscription of index.roomMembers(room)) {
        if (subscription.owner === sendOptions?.except) continue;
        subscription.owner.sendEncoded(json);
        sent += 1;
      }
      return sent;
    },
    async close(closeOptions) {
      if (closing) return;
      closing = true;
      const retryAfterMs = closeOptions?.retryAfterMs ?? 1000;
      for (const session of [...sessions]) {
        session.closeWith({ code: CLOSE_CODES.goingAway, reason: 'server shutting down', retryAfterMs, sendCloseFrame: true });
      }
      heartbeats.stop();
      orderer.stop();
      unsubscribeBus();
      stopResubscribed?.();
    },
  };
}
