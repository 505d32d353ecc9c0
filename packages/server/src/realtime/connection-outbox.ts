import type { EventFrame } from './event-frame.js';
import type { RealtimeTransport } from './realtime-transport.js';
import type { Subscription } from './subscription-index.js';

/**
 * @internal How one connection sends `event` frames: once per broadcast whatever the number of
 * its subscriptions that match, held back in seq order while a subscription catches up, and never
 * past the send buffer cap.
 */
export interface ConnectionOutbox {
  /** Broadcast, phase one: a subscription of this connection matches. True for the first offer of a broadcast. */
  offer(subscription: Subscription): boolean;
  /** Broadcast, phase two: sends the frame (or holds it) if an offered subscription still needs it. */
  flushOffer(frame: EventFrame): void;
  /** Starts holding live frames: a subscription is catching up from the store. */
  hold(): void;
  /** Sends the held frames that are still needed, in order, and stops holding. */
  release(): void;
  /** Sends the held frames with a seq up to `seq`; true if `seq` itself was held (and has gone out if needed). */
  releaseThrough(seq: number): boolean;
  /** Sends a replayed frame if it matches, records the subscription as covered up to `seq`, and waits while the buffer is full. */
  replay(subscription: Subscription, frame: EventFrame | undefined, seq: number): Promise<void>;
  /** Forgets everything (the connection closed). */
  clear(): void;
}

interface Held {
  frame: EventFrame;
  subscriptions: Subscription[];
}

/** @internal */
export function createConnectionOutbox(options: {
  transport: RealtimeTransport;
  maxBufferedBytes: number;
  /** Whether a subscription is still one of the connection's. */
  isCurrent(subscription: Subscription): boolean;
  /** Called once the cap is passed; the connection closes with 4008. */
  overflow(): void;
}): ConnectionOutbox {
  const { transport, maxBufferedBytes } = options;
  const offered: Subscription[] = [];
  let held: Held[] | undefined;
  let heldBytes = 0;

  // Sends a live frame once if any subscription it matched has not covered its seq yet.
  function deliver(frame: EventFrame, matched: Subscription[]): void {
    let needed = false;
    for (const subscription of matched) {
      if (!options.isCurrent(subscription) || subscription.coveredUpTo >= frame.seq) continue;
      subscription.coveredUpTo = frame.seq;
      needed = true;
    }
    if (!needed) return;
    if (transport.bufferedBytes() > maxBufferedBytes) return options.overflow();
    transport.sendEventFrame(frame);
    if (transport.bufferedBytes() > maxBufferedBytes) options.overflow();
  }

  return {
    offer(subscription) {
      return offered.push(subscription) === 1;
    },
    flushOffer(frame) {
      const matched = offered.splice(0);
      if (!held) return deliver(frame, matched);
      held.push({ frame, subscriptions: matched });
      heldBytes += frame.json.length;
      if (heldBytes > maxBufferedBytes) options.overflow();
    },
    hold() {
      held ??= [];
    },
    release() {
      const waiting = held;
      held = undefined;
      heldBytes = 0;
      if (waiting) for (const { frame, subscriptions } of waiting) deliver(frame, subscriptions);
    },
    releaseThrough(seq) {
      for (let head = held?.[0]; held && head && head.frame.seq <= seq; head = held?.[0]) {
        held.shift();
        heldBytes -= head.frame.json.length;
        deliver(head.frame, head.subscriptions);
        if (head.frame.seq === seq) return true;
      }
      return false;
    },
    async replay(subscription, frame, seq) {
      if (!options.isCurrent(subscription) || subscription.coveredUpTo >= seq) return;
      subscription.coveredUpTo = seq;
      if (!frame) return;
      if (transport.bufferedBytes() + frame.json.length <= maxBufferedBytes) {
        transport.sendEventFrame(frame);
        return;
      }
      // A replay goes at the client's reading speed: wait until this frame has left the process.
      await new Promise<void>((resolve) => transport.sendEventFrame(frame, resolve));
    },
    clear() {
      offered.length = 0;
      held = undefined;
      heldBytes = 0;
    },
  };
}
