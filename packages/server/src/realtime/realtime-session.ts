import { randomBytes } from 'node:crypto';
import type { CallboardErrorCode } from '@callboard/core';
import { hasScope, type Principal } from '../auth/index.js';
import { parseClientFrame, type ClientFrame, type SubscribeFrame } from './client-frame.js';
import { CLOSE_CODES, PROTOCOL_VERSION, type CloseCode } from './close-codes.js';
import { createConnectionOutbox } from './connection-outbox.js';
import type { EventFrame } from './event-frame.js';
import type { CloseRequest, RealtimeTransport } from './realtime-transport.js';
import type { SessionContext } from './realtime-settings.js';
import { resumeSubscription, type CatchUpTarget } from './resume-subscription.js';
import type { Subscription, SubscriptionIndex } from './subscription-index.js';
import type { FrameHandler, OutboundFrame, RealtimeConnection, RoomGate, RoomLeaveReason } from './realtime-connection.js';

export type {
  FrameHandler,
  OutboundFrame,
  RealtimeConnection,
  RoomGate,
  RoomJoinRequest,
  RoomJoinVerdict,
  RoomLeaveReason,
} from './realtime-connection.js';

/** @internal What the engine provides to each connection beyond the shared context. */
export interface SessionHooks {
  readonly index: SubscriptionIndex<RealtimeSession>;
  frameHandler(type: string): FrameHandler | undefined;
  roomGate(): RoomGate | undefined;
  roomChanged(change: { type: 'join' | 'leave'; room: string; connection: RealtimeConnection; reason?: RoomLeaveReason }): void;
  closed(session: RealtimeSession): void;
}

/** @internal A connection's protocol state, shared by both gateways. */
export interface RealtimeSession extends RealtimeConnection {
  /** Whether the connection gets legacy Socket.IO event names. */
  readonly legacy: boolean;
  readonly isOpen: boolean;
  /** Takes one inbound frame (text, or a Socket.IO payload). */
  receive(input: unknown): void;
  /** The transport is gone. */
  transportClosed(): void;
  /** Broadcast, phase one: a subscription of this connection matches the frame being broadcast. True for the first offer of a broadcast. */
  offer(subscription: Subscription): boolean;
  /** Broadcast, phase two: sends the frame once if any offered subscription still needs it. */
  flushOffer(frame: EventFrame): void;
  /** Called every heartbeat interval: pings, and closes silent or expired connections. */
  heartbeat(now: number): void;
  /** Sends a legacy Socket.IO packet (encoded once per broadcast). */
  sendLegacy(packet: string): void;
  /** Sends a frame already encoded as JSON (once for many connections). */
  sendEncoded(json: string): void;
  /** Closes with a close code, reason and retry hint. */
  closeWith(request: CloseRequest): void;
}

const MAX_PENDING_OPERATIONS = 200;

/** @internal */
export function createRealtimeSession(
  context: SessionContext,
  hooks: SessionHooks,
  transport: RealtimeTransport,
  init: { credential?: string; legacyEvents?: boolean },
): RealtimeSession {
  const { settings, timers, clock } = context;
  const id = `c_${randomBytes(8).toString('base64url')}`;
  const subscriptions = new Map<string, Subscription<RealtimeSession>>();
  const outbox = createConnectionOutbox({
    transport,
    maxBufferedBytes: settings.maxBufferedBytes,
    isCurrent: (subscription) => state !== 'closed' && subscriptions.get(subscription.id) === subscription,
    overflow: () => closeWith({ code: CLOSE_CODES.slowConsumer, reason: 'slow consumer', sendCloseFrame: false }),
  });
  let principal: Principal | undefined;
  let state: 'authenticating' | 'open' | 'closed' = 'authenticating';
  let lastReceivedAt = clock.now();
  let authTimer: unknown;
  let operations: Promise<void> = Promise.resolve();
  let pendingOperations = 0;

  const session: RealtimeSession = {
    id,
    transport: transport.kind,
    get principal() {
      return principal;
    },
    get legacy() {
      return init.legacyEvents === true && state === 'open' && principal !== undefined && hasScope(principal, 'read');
    },
    get isOpen() {
      return state !== 'closed';
    },
    rooms: () => [...subscriptions.values()].filter((s) => s.channel === 'room').map((s) => s.room!),
    send: (frame) => {
      if (state !== 'closed') transport.sendJson(JSON.stringify(frame));
    },
    close: (code, reason) => closeWith({ code, reason, sendCloseFrame: true }),
    joinRoom: (request) => schedule(() => subscribe({ type: 'subscribe', channel: 'room', ...request }, 'joined')),
    leaveRoom: async (room) => (await schedule(async () => leaveRoom(room))) ?? undefined,
    receive,
    transportClosed() {
      cleanUp();
    },
    offer: (subscription) => outbox.offer(subscription),
    flushOffer(frame) {
      if (state === 'closed') outbox.clear();
      else outbox.flushOffer(frame);
    },
    heartbeat(now) {
      if (state !== 'open') return;
      if (principal?.expiresAt !== undefined && now >= principal.expiresAt) {
        closeWith({ code: CLOSE_CODES.authFailed, reason: 'token expired', sendCloseFrame: true });
        return;
      }
      if (!transport.sendsPings) return;
      if (now - lastReceivedAt > settings.heartbeatMs + settings.heartbeatTimeoutMs) {
        closeWith({ code: CLOSE_CODES.heartbeatTimeout, reason: 'heartbeat timeout', sendCloseFrame: true });
        return;
      }
      transport.sendJson('{"type":"ping"}');
    },
    sendLegacy(packet) {
      if (state === 'open' && withinCap()) transport.sendPacket?.(packet);
    },
    sendEncoded(json) {
      if (state !== 'closed' && withinCap()) transport.sendJson(json);
    },
    closeWith: (request) => closeWith(request),
  };

  // Frames shared by many connections (room frames, legacy events) respect the send cap too.
  function withinCap(): boolean {
    if (transport.bufferedBytes() <= settings.maxBufferedBytes) return true;
    closeWith({ code: CLOSE_CODES.slowConsumer, reason: 'slow consumer', sendCloseFrame: false });
    return false;
  }

  const catchUp: CatchUpTarget = {
    get isOpen() {
      return state !== 'closed';
    },
    sendFrame: (frame) => session.send(frame as OutboundFrame),
    flushQueuedThrough: (seq) => outbox.releaseThrough(seq),
    replay: (subscription, frame, seq) => outbox.replay(subscription, frame, seq),
    replayOvertaken() {
      closeWith({ code: CLOSE_CODES.slowConsumer, reason: 'replay overtaken by retention', sendCloseFrame: true });
    },
  };

  function closeWith(request: CloseRequest): void {
    if (state === 'closed') return;
    cleanUp();
    transport.close(request);
  }

  function cleanUp(): void {
    if (state === 'closed') return;
    state = 'closed';
    if (authTimer !== undefined) timers.clearTimeout(authTimer);
    for (const subscription of subscriptions.values()) removeSubscription(subscription, 'closed');
    subscriptions.clear();
    outbox.clear();
    hooks.closed(session);
  }

  function removeSubscription(subscription: Subscription<RealtimeSession>, reason: RoomLeaveReason = 'unsubscribe'): void {
    hooks.index.remove(subscription);
    if (subscription.channel === 'room') hooks.roomChanged({ type: 'leave', room: subscription.room!, connection: session, reason });
  }

  function sendError(code: CallboardErrorCode, message: string, subscriptionId?: string): void {
    session.send({ type: 'error', code, message, ...(subscriptionId === undefined ? {} : { id: subscriptionId }) });
  }

  function authenticate(credential: string | undefined): boolean {
    const found = context.auth.authenticate(credential);
    if (!found) {
      closeWith({ code: CLOSE_CODES.authFailed, reason: 'authentication failed', sendCloseFrame: true });
      return false;
    }
    if (!hasScope(found, 'read') && !(found.rooms && found.rooms.length > 0)) {
      closeWith({ code: CLOSE_CODES.forbidden, reason: 'the credential may not use the realtime API', sendCloseFrame: true });
      return false;
    }
    principal = found;
    state = 'open';
    if (authTimer !== undefined) timers.clearTimeout(authTimer);
    authTimer = undefined;
    session.send({
      type: 'welcome',
      protocol: PROTOCOL_VERSION,
      connectionId: id,
      heartbeatMs: settings.heartbeatMs,
      scopes: [...found.scopes],
      ...(found.expiresAt === undefined ? {} : { expiresAt: new Date(found.expiresAt).toISOString() }),
    });
    for (const subscription of [...subscriptions.values()]) {
      if (mayHold(subscription)) continue;
      subscriptions.delete(subscription.id);
      removeSubscription(subscription, 'forbidden');
      session.send({ type: 'unsubscribed', id: subscription.id, reason: 'FORBIDDEN' });
    }
    return true;
  }

  function mayHold(subscription: { channel: string; room?: string }): boolean {
    if (!principal) return false;
    if (subscription.channel !== 'room') return hasScope(principal, 'read');
    return principal.rooms === undefined || principal.rooms.includes(subscription.room!);
  }

  function receive(input: unknown): void {
    if (state === 'closed') return;
    lastReceivedAt = clock.now();
    const parsed = parseClientFrame(input);
    if (parsed.kind === 'invalid') {
      sendError('BAD_PAYLOAD', parsed.message, parsed.id);
      return;
    }
    if (parsed.kind === 'extension') {
      if (state !== 'open') return sendError('UNAUTHORIZED', 'Authenticate first');
      const handler = hooks.frameHandler(parsed.type);
      if (!handler) return sendError('UNSUPPORTED', `Unknown frame type "${parsed.type}"`);
      void Promise.resolve()
        .then(() => handler(session, parsed.frame as OutboundFrame))
        .catch((error: unknown) => {
          context.logger.error({ err: error, type: parsed.type, connectionId: id }, 'frame handler failed');
          sendError('INTERNAL', `Handling "${parsed.type}" failed`);
        });
      return;
    }
    const frame = parsed.frame;
    if (frame.type === 'ping') return session.send({ type: 'pong' });
    if (frame.type === 'pong') return;
    if (state !== 'open' && frame.type !== 'auth') return sendError('UNAUTHORIZED', 'Authenticate first');
    void schedule(() => handle(frame));
  }

  // Whatever changes subscriptions runs one at a time, in arrival order.
  function schedule<T>(run: () => Promise<T>): Promise<T | undefined> {
    if (pendingOperations >= MAX_PENDING_OPERATIONS) {
      sendError('RATE_LIMITED', 'Too many frames in flight');
      return Promise.resolve(undefined);
    }
    pendingOperations += 1;
    const result = operations.then(run);
    operations = result
      .then(() => undefined)
      .catch((error: unknown) => context.logger.error({ err: error, connectionId: id }, 'realtime frame failed'))
      .finally(() => {
        pendingOperations -= 1;
      });
    return result.catch(() => undefined);
  }

  async function handle(frame: ClientFrame): Promise<void> {
    if (state === 'closed') return;
    if (frame.type === 'auth') {
      authenticate(frame.token);
    } else if (frame.type === 'unsubscribe') {
      const subscription = subscriptions.get(frame.id);
      if (subscription) {
        subscriptions.delete(frame.id);
        removeSubscription(subscription);
      }
      session.send({ type: 'unsubscribed', id: frame.id });
    } else if (frame.type === 'subscribe') {
      try {
        await subscribe(frame);
      } catch (error) {
        // The store failed before the subscription existed: the client still gets an answer.
        context.logger.error({ err: error, connectionId: id, subscription: frame.id }, 'subscribe failed');
        sendError('INTERNAL', 'Subscribing failed', frame.id);
      }
    }
  }

  async function subscribe(frame: SubscribeFrame, reply: 'subscribed' | 'joined' = 'subscribed'): Promise<void> {
    if (!mayHold(frame)) {
      const message = frame.channel === 'room' ? `Room ${frame.room} is not allowed` : 'Subscribing to calls needs the read scope';
      return sendError('FORBIDDEN', message, frame.id);
    }
    if (subscriptions.has(frame.id)) return sendError('CONFLICT', `Subscription id ${frame.id} is in use`, frame.id);
    if (subscriptions.size >= settings.maxSubscriptions) {
      return sendError('RATE_LIMITED', `At most ${settings.maxSubscriptions} subscriptions per connection`, frame.id);
    }
    await context.ready;
    if (frame.channel === 'room') return joinRoom(frame, reply);
    const callId = frame.channel === 'call' ? ((await context.store.getCall(frame.callId))?.id ?? frame.callId) : undefined;
    if (state === 'closed') return;
    const subscription: Subscription<RealtimeSession> = {
      id: frame.id,
      owner: session,
      channel: frame.channel,
      coveredUpTo: Number.POSITIVE_INFINITY,
      ...(frame.channel === 'calls' && frame.filter ? { filter: frame.filter } : {}),
      ...(callId === undefined ? {} : { callId }),
    };
    // Live delivery starts before the store is read; what arrives meanwhile is queued and merged by seq.
    subscriptions.set(frame.id, subscription);
    hooks.index.add(subscription);
    outbox.hold();
    try {
      await resumeSubscription(context.store, catchUp, subscription, {
        ...(frame.fromSeq === undefined ? {} : { fromSeq: frame.fromSeq }),
        recent: frame.channel === 'calls' ? (frame.recent ?? settings.recentFinished) : 0,
        pageSize: settings.replayPageSize,
      });
    } catch (error) {
      context.logger.error({ err: error, connectionId: id, subscription: frame.id }, 'subscribe failed');
      if (subscriptions.get(frame.id) === subscription) {
        subscriptions.delete(frame.id);
        removeSubscription(subscription);
      }
      sendError('INTERNAL', 'Subscribing failed', frame.id);
    } finally {
      outbox.release();
    }
  }

  async function joinRoom(frame: Extract<SubscribeFrame, { channel: 'room' }>, reply: 'subscribed' | 'joined'): Promise<void> {
    const { type: _type, channel: _channel, ...request } = frame;
    // Read before the gate: a call it then reads from the store is at least this recent.
    const seq = await context.store.lastSeq();
    const gate = hooks.roomGate();
    const verdict = gate ? await gate(session, request) : undefined;
    if (verdict && !verdict.ok) return sendError(verdict.code, verdict.message, frame.id);
    if (state === 'closed') return verdict?.release();
    const callId = verdict?.callId;
    const subscription: Subscription<RealtimeSession> = {
      id: frame.id,
      owner: session,
      channel: 'room',
      room: frame.room,
      coveredUpTo: seq,
      ...(callId === undefined ? {} : { callId }),
    };
    subscriptions.set(frame.id, subscription);
    hooks.index.add(subscription);
    session.send({ type: reply, id: frame.id, channel: 'room', room: frame.room, recovered: false, seq, ...verdict?.reply });
    verdict?.commit();
    hooks.roomChanged({ type: 'join', room: frame.room, connection: session });
  }

  function leaveRoom(room: string): string | undefined {
    const subscription = [...subscriptions.values()].find((s) => s.channel === 'room' && s.room === room);
    if (!subscription) return undefined;
    subscriptions.delete(subscription.id);
    removeSubscription(subscription);
    return subscription.id;
  }

  // Runs after the gateway has wired the transport's events.
  queueMicrotask(() => {
    if (state === 'closed') return;
    if (context.auth.devMode || init.credential !== undefined) {
      authenticate(init.credential);
      return;
    }
    authTimer = timers.setTimeout(() => {
      if (state === 'authenticating') closeWith({ code: CLOSE_CODES.authFailed, reason: 'no auth frame in time', sendCloseFrame: true });
    }, settings.authTimeoutMs);
  });

  return session;
}
