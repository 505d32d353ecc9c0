import type { EventFrame } from './event-frame.js';
import type { RealtimeTransport } from './realtime-transport.js';
import type { Subscription } from './subscription-index.js';

/** @internal What the outbox asks of the connection it belongs to. */
export interface OutboxOwner {
  /** Whether a subscription is still one of the connection's. */
  isCurrent(subscription: Subscription): boolean;
  /** Called once the cap is passed; the connection closes with 4008. */
  overflow(): void;
}

interface Held {
  frame: EventFrame;
  subscriptions: Subscription[];
}

/**
 * @internal How one connection sends `event` frames: once per broadcast whatever the number of
 * its subscriptions that match, held back in seq order while a subscription catches up, and never
 * past the send buffer cap. A class rather than a closure-built object, and nothing allocated
 * until there is something to hold: every idle connection has one.
 */
export class ConnectionOutbox {
  private readonly transport: RealtimeTransport;
  private readonly maxBufferedBytes: number;
  private readonly owner: OutboxOwner;
  /** The first subscription offered in the broadcast under way, if any: most connections have one, so no array. */
  private offered: Subscription | undefined = undefined;
  /** The others, when more than one of the connection's subscriptions match. */
  private offeredMore: Subscription[] | undefined = undefined;
  private held: Held[] | undefined = undefined;
  private heldBytes = 0;

  constructor(transport: RealtimeTransport, maxBufferedBytes: number, owner: OutboxOwner) {
    this.transport = transport;
    this.maxBufferedBytes = maxBufferedBytes;
    this.owner = owner;
  }

  /** Broadcast, phase one: a subscription of this connection matches. True for the first offer of a broadcast. */
  offer(subscription: Subscription): boolean {
    if (this.offered === undefined) {
      this.offered = subscription;
      return true;
    }
    (this.offeredMore ??= []).push(subscription);
    return false;
  }

  /** Broadcast, phase two: sends the frame (or holds it) if an offered subscription still needs it. */
  flushOffer(frame: EventFrame): void {
    const first = this.offered;
    const more = this.offeredMore;
    this.offered = undefined;
    this.offeredMore = undefined;
    if (first === undefined) return;
    if (!this.held) {
      if (more === undefined) return this.deliverFor(frame, first);
      more.push(first);
      return this.deliver(frame, more);
    }
    const subscriptions = more ?? [];
    subscriptions.push(first);
    this.held.push({ frame, subscriptions });
    this.heldBytes += frame.json.length;
    if (this.heldBytes > this.maxBufferedBytes) this.owner.overflow();
  }

  /** Starts holding live frames: a subscription is catching up from the store. */
  hold(): void {
    this.held ??= [];
  }

  /** Sends the held frames that are still needed, in order, and stops holding. */
  release(): void {
    const waiting = this.held;
    this.held = undefined;
    this.heldBytes = 0;
    if (waiting) for (const { frame, subscriptions } of waiting) this.deliver(frame, subscriptions);
  }

  /** Sends the held frames with a seq up to `seq`; true if `seq` itself was held (and has gone out if needed). */
  releaseThrough(seq: number): boolean {
    for (let head = this.held?.[0]; this.held && head && head.frame.seq <= seq; head = this.held?.[0]) {
      this.held.shift();
      this.heldBytes -= head.frame.json.length;
      this.deliver(head.frame, head.subscriptions);
      if (head.frame.seq === seq) return true;
    }
    return false;
  }

  /** Sends a replayed frame if it matches, records the subscription as covered up to `seq`, and waits while the buffer is full. */
  async replay(subscription: Subscription, frame: EventFrame | undefined, seq: number): Promise<void> {
    if (!this.owner.isCurrent(subscription) || subscription.coveredUpTo >= seq) return;
    subscription.coveredUpTo = seq;
    if (!frame) return;
    if (this.transport.bufferedBytes() + frame.json.length <= this.maxBufferedBytes) {
      this.transport.sendEventFrame(frame);
      return;
    }
    // A replay goes at the client's reading speed: wait until this frame has left the process.
    await new Promise<void>((resolve) => this.transport.sendEventFrame(frame, resolve));
  }

  /** Forgets everything (the connection closed). */
  clear(): void {
    this.offered = undefined;
    this.offeredMore = undefined;
    this.held = undefined;
    this.heldBytes = 0;
  }

  // Sends a live frame once if any subscription it matched has not covered its seq yet.
  private deliver(frame: EventFrame, matched: Subscription[]): void {
    let needed = false;
    for (const subscription of matched) if (this.cover(subscription, frame.seq)) needed = true;
    if (needed) this.send(frame);
  }

  // The same for one subscription, the usual case.
  private deliverFor(frame: EventFrame, subscription: Subscription): void {
    if (this.cover(subscription, frame.seq)) this.send(frame);
  }

  // Whether the subscription still needs `seq`; if so it now counts as covered up to it.
  private cover(subscription: Subscription, seq: number): boolean {
    if (!this.owner.isCurrent(subscription) || subscription.coveredUpTo >= seq) return false;
    subscription.coveredUpTo = seq;
    return true;
  }

  private send(frame: EventFrame): void {
    const { transport, maxBufferedBytes } = this;
    if (transport.bufferedBytes() > maxBufferedBytes) return this.owner.overflow();
    transport.sendEventFrame(frame);
    if (transport.bufferedBytes() > maxBufferedBytes) this.owner.overflow();
  }
}
