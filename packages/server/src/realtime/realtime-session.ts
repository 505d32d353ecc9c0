import { randomBytes } from 'node:crypto';
import type { CallboardErrorCode } from '@callboard/core';
import { hasScope, type Principal } from '../auth/index.js';
import { parseClientFrame, type ClientFrame, type SubscribeFrame } from './client-frame.js';
import { CLOSE_CODES, PROTOCOL_VERSION, type CloseCode } from './close-codes.js';
import { ConnectionOutbox, type OutboxOwner } from './connection-outbox.js';
import type { EventFrame } from './event-frame.js';
import type { CloseRequest, RealtimeTransport } from './realtime-transport.js';
import type { SessionContext } from './realtime-settings.js';
import { resumeSubscription, type CatchUpTarget } from './resume-subscription.js';
import type { Subscription, SubscriptionIndex } from './subscription-index.js';
import type { FrameHandler, OutboundFrame, RealtimeConnection, RoomGate, RoomJoinRequest, RoomLeaveReason } from './realtime-connection.js';

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
  /** The peer answered a transport-level heartbeat (Engine.IO `3`): it counts as traffic. */
  heard(): void;
  /** Sends a legacy Socket.IO packet (encoded once per broadcast). */
  sendLegacy(packet: string): void;
  /** Sends a frame already encoded as JSON (once for many connections). */
  sendEncoded(json: string): void;
  /** Closes with a close code, reason and retry hint. */
  closeWith(request: CloseRequest): void;
}

const MAX_PENDING_OPERATIONS = 200;

// Shared by every connection: `then` on a settled promise does not change it.
const SETTLED: Promise<void> = Promise.resolve();

/** @internal */
export function createRealtimeSession(
  context: SessionContext,
  hooks: SessionHooks,
  transport: RealtimeTransport,
  init: { credential?: string; legacyEvents?: boolean },
): RealtimeSession {
  return new Session(context, hooks, transport, init);
}

/**
 * One connection's state. A class (methods on the prototype, fields in the object) rather than a
 * closure-built object: an idle server holds one per connection, so its size is the server's
 * heap per connection. It is its own catch-up target and outbox owner for the same reason.
 */
class Session implements RealtimeSession, CatchUpTarget, OutboxOwner {
  readonly id: string;
  readonly transport: 'websocket' | 'socket.io';
  principal: Principal | undefined = undefined;
  private readonly context: SessionContext;
  private readonly hooks: SessionHooks;
  private readonly link: RealtimeTransport;
  private readonly legacyEvents: boolean;
  private readonly outbox: ConnectionOutbox;
  /** Held until the first turn's authentication, then dropped. */
  private credential: string | undefined;
  /** None, the only one, or (from the second on) a map by id in subscription order. */
  private subscriptions: Subscription<RealtimeSession> | Map<string, Subscription<RealtimeSession>> | undefined = undefined;
  private state: 'authenticating' | 'open' | 'closed' = 'authenticating';
  private lastReceivedAt: number;
  private authTimer: unknown = undefined;
  private operations: Promise<void> = SETTLED;
  private pendingOperations = 0;

  constructor(context: SessionContext, hooks: SessionHooks, transport: RealtimeTransport, init: { credential?: string; legacyEvents?: boolean }) {
    this.id = `c_${randomBytes(8).toString('base64url')}`;
    this.transport = transport.kind;
    this.context = context;
    this.hooks = hooks;
    this.link = transport;
    this.legacyEvents = init.legacyEvents === true;
    this.outbox = new ConnectionOutbox(transport, context.settings.maxBufferedBytes, this);
    this.credential = init.credential;
    this.lastReceivedAt = context.clock.now();
    // Runs after the gateway has wired the transport's events.
    queueMicrotask(() => this.start());
  }

  get legacy(): boolean {
    return this.legacyEvents && this.state === 'open' && this.principal !== undefined && hasScope(this.principal, 'read');
  }

  get isOpen(): boolean {
    return this.state !== 'closed';
  }

  rooms(): string[] {
    return this.subscriptionList()
      .filter((s) => s.channel === 'room')
      .map((s) => s.room!);
  }

  send(frame: OutboundFrame): void {
    if (this.state !== 'closed') this.link.sendJson(JSON.stringify(frame));
  }

  close(code: CloseCode, reason: string): void {
    this.closeWith({ code, reason, sendCloseFrame: true });
  }

  joinRoom(request: RoomJoinRequest): Promise<void> {
    return this.schedule(() => this.subscribe({ type: 'subscribe', channel: 'room', ...request }, 'joined')) as Promise<void>;
  }

  async leaveRoom(room: string): Promise<string | undefined> {
    return (await this.schedule(async () => this.leaveRoomNow(room))) ?? undefined;
  }

  transportClosed(): void {
    this.cleanUp();
  }

  offer(subscription: Subscription): boolean {
    return this.outbox.offer(subscription);
  }

  flushOffer(frame: EventFrame): void {
    if (this.state === 'closed') this.outbox.clear();
    else this.outbox.flushOffer(frame);
  }

  heartbeat(now: number): void {
    if (this.state !== 'open') return;
    const { principal, link, context } = this;
    if (principal?.expiresAt !== undefined && now >= principal.expiresAt) {
      this.closeWith({ code: CLOSE_CODES.authFailed, reason: 'token expired', sendCloseFrame: true });
      return;
    }
    if (!link.sendsPings) return;
    if (now - this.lastReceivedAt > context.settings.heartbeatMs + context.settings.heartbeatTimeoutMs) {
      this.closeWith({ code: CLOSE_CODES.heartbeatTimeout, reason: 'heartbeat timeout', sendCloseFrame: true });
      return;
    }
    if (link.ping) link.ping();
    else link.sendJson('{"type":"ping"}');
  }

  heard(): void {
    if (this.state !== 'closed') this.lastReceivedAt = this.context.clock.now();
  }

  sendLegacy(packet: string): void {
    if (this.state === 'open' && this.withinCap()) this.link.sendPacket?.(packet);
  }

  sendEncoded(json: string): void {
    if (this.state !== 'closed' && this.withinCap()) this.link.sendJson(json);
  }

  closeWith(request: CloseRequest): void {
    if (this.state === 'closed') return;
    this.cleanUp();
    this.link.close(request);
  }

  receive(input: unknown): void {
    if (this.state === 'closed') return;
    this.lastReceivedAt = this.context.clock.now();
    const parsed = parseClientFrame(input);
    if (parsed.kind === 'invalid') {
      this.sendError('BAD_PAYLOAD', parsed.message, parsed.id);
      return;
    }
    if (parsed.kind === 'extension') {
      if (this.state !== 'open') return this.sendError('UNAUTHORIZED', 'Authenticate first');
      const handler = this.hooks.frameHandler(parsed.type);
      if (!handler) return this.sendError('UNSUPPORTED', `Unknown frame type "${parsed.type}"`);
      void Promise.resolve()
        .then(() => handler(this, parsed.frame as OutboundFrame))
        .catch((error: unknown) => {
          this.context.logger.error({ err: error, type: parsed.type, connectionId: this.id }, 'frame handler failed');
          this.sendError('INTERNAL', `Handling "${parsed.type}" failed`);
        });
      return;
    }
    const frame = parsed.frame;
    if (frame.type === 'ping') return this.send({ type: 'pong' });
    if (frame.type === 'pong') return;
    if (this.state !== 'open' && frame.type !== 'auth') return this.sendError('UNAUTHORIZED', 'Authenticate first');
    void this.schedule(() => this.handle(frame));
  }

  // CatchUpTarget: what a subscription catching up from the store uses.

  sendFrame(frame: Record<string, unknown>): void {
    this.send(frame as OutboundFrame);
  }

  flushQueuedThrough(seq: number): boolean {
    return this.outbox.releaseThrough(seq);
  }

  replay(subscription: Subscription, frame: EventFrame | undefined, seq: number): Promise<void> {
    return this.outbox.replay(subscription, frame, seq);
  }

  replayOvertaken(): void {
    this.closeWith({ code: CLOSE_CODES.slowConsumer, reason: 'replay overtaken by retention', sendCloseFrame: true });
  }

  // OutboxOwner.

  isCurrent(subscription: Subscription): boolean {
    return this.state !== 'closed' && this.findSubscription(subscription.id) === subscription;
  }

  overflow(): void {
    this.closeWith({ code: CLOSE_CODES.slowConsumer, reason: 'slow consumer', sendCloseFrame: false });
  }

  private start(): void {
    const credential = this.credential;
    this.credential = undefined;
    if (this.state === 'closed') return;
    if (this.context.auth.devMode || credential !== undefined) {
      this.authenticate(credential);
      return;
    }
    this.authTimer = this.context.timers.setTimeout(() => {
      if (this.state === 'authenticating') this.closeWith({ code: CLOSE_CODES.authFailed, reason: 'no auth frame in time', sendCloseFrame: true });
    }, this.context.settings.authTimeoutMs);
  }

  // The subscriptions, without a Map for a connection that holds at most one.

  private findSubscription(id: string): Subscription<RealtimeSession> | undefined {
    const held = this.subscriptions;
    if (held instanceof Map) return held.get(id);
    return held !== undefined && held.id === id ? held : undefined;
  }

  private subscriptionCount(): number {
    const held = this.subscriptions;
    if (held instanceof Map) return held.size;
    return held === undefined ? 0 : 1;
  }

  /** The subscriptions in the order they were made (a copy). */
  private subscriptionList(): Subscription<RealtimeSession>[] {
    const held = this.subscriptions;
    if (held instanceof Map) return [...held.values()];
    return held === undefined ? [] : [held];
  }

  private keepSubscription(subscription: Subscription<RealtimeSession>): void {
    const held = this.subscriptions;
    if (held instanceof Map) held.set(subscription.id, subscription);
    else if (held === undefined || held.id === subscription.id) this.subscriptions = subscription;
    else {
      this.subscriptions = new Map([
        [held.id, held],
        [subscription.id, subscription],
      ]);
    }
  }

  private forgetSubscription(id: string): void {
    const held = this.subscriptions;
    if (held instanceof Map) {
      held.delete(id);
      if (held.size <= 1) this.subscriptions = held.values().next().value;
    } else if (held !== undefined && held.id === id) {
      this.subscriptions = undefined;
    }
  }

  // Frames shared by many connections (room frames, legacy events) respect the send cap too.
  private withinCap(): boolean {
    if (this.link.bufferedBytes() <= this.context.settings.maxBufferedBytes) return true;
    this.closeWith({ code: CLOSE_CODES.slowConsumer, reason: 'slow consumer', sendCloseFrame: false });
    return false;
  }

  private cleanUp(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    if (this.authTimer !== undefined) this.context.timers.clearTimeout(this.authTimer);
    for (const subscription of this.subscriptionList()) this.removeSubscription(subscription, 'closed');
    this.subscriptions = undefined;
    this.outbox.clear();
    this.hooks.closed(this);
  }

  private removeSubscription(subscription: Subscription<RealtimeSession>, reason: RoomLeaveReason = 'unsubscribe'): void {
    this.hooks.index.remove(subscription);
    if (subscription.channel === 'room') this.hooks.roomChanged({ type: 'leave', room: subscription.room!, connection: this, reason });
  }

  private sendError(code: CallboardErrorCode, message: string, subscriptionId?: string): void {
    this.send({ type: 'error', code, message, ...(subscriptionId === undefined ? {} : { id: subscriptionId }) });
  }

  private authenticate(credential: string | undefined): boolean {
    const found = this.context.auth.authenticate(credential);
    if (!found) {
      this.closeWith({ code: CLOSE_CODES.authFailed, reason: 'authentication failed', sendCloseFrame: true });
      return false;
    }
    if (!hasScope(found, 'read') && !(found.rooms && found.rooms.length > 0)) {
      this.closeWith({ code: CLOSE_CODES.forbidden, reason: 'the credential may not use the realtime API', sendCloseFrame: true });
      return false;
    }
    this.principal = found;
    this.state = 'open';
    if (this.authTimer !== undefined) this.context.timers.clearTimeout(this.authTimer);
    this.authTimer = undefined;
    this.send({
      type: 'welcome',
      protocol: PROTOCOL_VERSION,
      connectionId: this.id,
      heartbeatMs: this.context.settings.heartbeatMs,
      scopes: [...found.scopes],
      ...(found.expiresAt === undefined ? {} : { expiresAt: new Date(found.expiresAt).toISOString() }),
    });
    for (const subscription of this.subscriptionList()) {
      if (this.mayHold(subscription)) continue;
      this.forgetSubscription(subscription.id);
      this.removeSubscription(subscription, 'forbidden');
      this.send({ type: 'unsubscribed', id: subscription.id, reason: 'FORBIDDEN' });
    }
    return true;
  }

  private mayHold(subscription: { channel: string; room?: string }): boolean {
    const principal = this.principal;
    if (!principal) return false;
    if (subscription.channel !== 'room') return hasScope(principal, 'read');
    return principal.rooms === undefined || principal.rooms.includes(subscription.room!);
  }

  // Whatever changes subscriptions runs one at a time, in arrival order.
  private schedule<T>(run: () => Promise<T>): Promise<T | undefined> {
    if (this.pendingOperations >= MAX_PENDING_OPERATIONS) {
      this.sendError('RATE_LIMITED', 'Too many frames in flight');
      return Promise.resolve(undefined);
    }
    this.pendingOperations += 1;
    const result = this.operations.then(run);
    const tail = result
      .then(() => undefined)
      .catch((error: unknown) => this.context.logger.error({ err: error, connectionId: this.id }, 'realtime frame failed'))
      .finally(() => {
        this.pendingOperations -= 1;
        // Idle again: an idle connection holds the shared settled promise, not its last one.
        if (this.operations === tail) this.operations = SETTLED;
      });
    this.operations = tail;
    return result.catch(() => undefined);
  }

  private async handle(frame: ClientFrame): Promise<void> {
    if (this.state === 'closed') return;
    if (frame.type === 'auth') {
      this.authenticate(frame.token);
    } else if (frame.type === 'unsubscribe') {
      const subscription = this.findSubscription(frame.id);
      if (subscription) {
        this.forgetSubscription(frame.id);
        this.removeSubscription(subscription);
      }
      this.send({ type: 'unsubscribed', id: frame.id });
    } else if (frame.type === 'subscribe') {
      try {
        await this.subscribe(frame);
      } catch (error) {
        // The store failed before the subscription existed: the client still gets an answer.
        this.context.logger.error({ err: error, connectionId: this.id, subscription: frame.id }, 'subscribe failed');
        this.sendError('INTERNAL', 'Subscribing failed', frame.id);
      }
    }
  }

  private async subscribe(frame: SubscribeFrame, reply: 'subscribed' | 'joined' = 'subscribed'): Promise<void> {
    const { context } = this;
    const { settings } = context;
    if (!this.mayHold(frame)) {
      const message = frame.channel === 'room' ? `Room ${frame.room} is not allowed` : 'Subscribing to calls needs the read scope';
      return this.sendError('FORBIDDEN', message, frame.id);
    }
    if (this.findSubscription(frame.id) !== undefined) return this.sendError('CONFLICT', `Subscription id ${frame.id} is in use`, frame.id);
    if (this.subscriptionCount() >= settings.maxSubscriptions) {
      return this.sendError('RATE_LIMITED', `At most ${settings.maxSubscriptions} subscriptions per connection`, frame.id);
    }
    await context.ready;
    if (frame.channel === 'room') return this.joinRoomNow(frame, reply);
    const callId = frame.channel === 'call' ? ((await context.store.getCall(frame.callId))?.id ?? frame.callId) : undefined;
    if (this.state === 'closed') return;
    const subscription: Subscription<RealtimeSession> = {
      id: frame.id,
      owner: this,
      channel: frame.channel,
      coveredUpTo: Number.POSITIVE_INFINITY,
      ...(frame.channel === 'calls' && frame.filter ? { filter: frame.filter } : {}),
      ...(callId === undefined ? {} : { callId }),
    };
    // Live delivery starts before the store is read; what arrives meanwhile is queued and merged by seq.
    this.keepSubscription(subscription);
    this.hooks.index.add(subscription);
    this.outbox.hold();
    try {
      await resumeSubscription(context.store, this, subscription, {
        ...(frame.fromSeq === undefined ? {} : { fromSeq: frame.fromSeq }),
        recent: frame.channel === 'calls' ? (frame.recent ?? settings.recentFinished) : 0,
        pageSize: settings.replayPageSize,
      });
    } catch (error) {
      context.logger.error({ err: error, connectionId: this.id, subscription: frame.id }, 'subscribe failed');
      if (this.findSubscription(frame.id) === subscription) {
        this.forgetSubscription(frame.id);
        this.removeSubscription(subscription);
      }
      this.sendError('INTERNAL', 'Subscribing failed', frame.id);
    } finally {
      this.outbox.release();
    }
  }

  private async joinRoomNow(frame: Extract<SubscribeFrame, { channel: 'room' }>, reply: 'subscribed' | 'joined'): Promise<void> {
    const { type: _type, channel: _channel, ...request } = frame;
    // Read before the gate: a call it then reads from the store is at least this recent.
    const seq = await this.context.store.lastSeq();
    const gate = this.hooks.roomGate();
    const verdict = gate ? await gate(this, request) : undefined;
    if (verdict && !verdict.ok) return this.sendError(verdict.code, verdict.message, frame.id);
    if (this.state === 'closed') return verdict?.release();
    const callId = verdict?.callId;
    const subscription: Subscription<RealtimeSession> = {
      id: frame.id,
      owner: this,
      channel: 'room',
      room: frame.room,
      coveredUpTo: seq,
      ...(callId === undefined ? {} : { callId }),
    };
    this.keepSubscription(subscription);
    this.hooks.index.add(subscription);
    this.send({ type: reply, id: frame.id, channel: 'room', room: frame.room, recovered: false, seq, ...verdict?.reply });
    verdict?.commit();
    this.hooks.roomChanged({ type: 'join', room: frame.room, connection: this });
  }

  private leaveRoomNow(room: string): string | undefined {
    const subscription = this.subscriptionList().find((s) => s.channel === 'room' && s.room === room);
    if (!subscription) return undefined;
    this.forgetSubscription(subscription.id);
    this.removeSubscription(subscription);
    return subscription.id;
  }
}
