import type { BusMessage } from '../bus/bus.js';
import type { Timers } from './timers.js';

/** Options of {@link createSeqOrderer}. */
export interface SeqOrdererOptions {
  /** Reads stored events after a seq, ascending, each with the call as it is now. */
  readAfter(afterSeq: number, limit: number): Promise<BusMessage[]>;
  /** Reads the highest stored seq. */
  lastSeq(): Promise<number>;
  /** Receives every message once, in strictly increasing seq order. */
  deliver(message: BusMessage): void;
  timers: Timers;
  /** How long an out-of-order message waits for the ones before it before the store is asked (default 200 ms). */
  gapWaitMs?: number;
  /** How often the store's last seq is checked, to catch messages the bus dropped (default 1000 ms). */
  pollIntervalMs?: number;
  /** Messages held while a gap is open; past this, the gap is filled at once (default 10 000). */
  maxPending?: number;
  onError?(error: unknown): void;
}

/** Puts bus messages into seq order and fills what the bus lost from the store. */
export interface SeqOrderer {
  /** Starts after `position` (the store's last seq when the node starts): earlier messages are ignored. */
  start(position: number): void;
  /** Takes a message from the bus, in any order, duplicates included. */
  push(message: BusMessage): void;
  /** Reads the store's last seq now and fills up to it (after the bus lost messages). */
  catchUp(): void;
  /** The highest seq delivered; everything up to it was delivered or is a hole. */
  readonly position: number;
  stop(): void;
}

const PAGE = 500;
// A seq announced by the bus but not yet readable from the store (a replica or connection that
// lags) is retried this many gap windows before the missing seqs are skipped as holes.
const MAX_UNREADABLE_ATTEMPTS = 25;

/**
 * Creates the orderer that sits between the bus and the subscription engine.
 *
 * The bus (Redis pub/sub between nodes) may drop or reorder messages. Messages after a missing seq
 * are held for `gapWaitMs`; if the missing one has not come by then, everything after the
 * position is read from the store, where seq N+1 is never visible before N, so the read either
 * returns the missing events or proves them to be holes (events of deleted calls). A poll of the
 * store's last seq catches the last messages of a burst that the bus dropped.
 */
export function createSeqOrderer(options: SeqOrdererOptions): SeqOrderer {
  const { timers } = options;
  const gapWaitMs = options.gapWaitMs ?? 200;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const maxPending = options.maxPending ?? 10_000;
  const pending = new Map<number, BusMessage>();
  let position = 0;
  let started = false;
  let stopped = false;
  let gapTimer: unknown;
  let pollTimer: unknown;
  let filling = false;
  let fillTarget = 0;
  let unreadableAttempts = 0;
  let polledLast = 0;

  function deliverInOrder(): void {
    deliverHeld();
    if (pending.size === 0) {
      unreadableAttempts = 0;
      clearGapTimer();
    } else {
      scheduleFill(pending.size > maxPending ? 0 : gapWaitMs);
    }
  }

  function clearGapTimer(): void {
    if (gapTimer !== undefined) timers.clearTimeout(gapTimer);
    gapTimer = undefined;
  }

  function scheduleFill(delay: number): void {
    if (stopped || filling || (gapTimer !== undefined && delay > 0)) return;
    clearGapTimer();
    gapTimer = timers.setTimeout(() => {
      gapTimer = undefined;
      void fill();
    }, delay);
  }

  function highestPending(): number {
    let highest = 0;
    for (const seq of pending.keys()) if (seq > highest) highest = seq;
    return highest;
  }

  async function fill(): Promise<void> {
    if (filling || stopped) return;
    filling = true;
    try {
      const target = Math.max(highestPending(), fillTarget);
      while (position < target && !stopped) {
        const rows = await options.readAfter(position, PAGE);
        if (stopped) return;
        for (const row of rows) {
          if (row.stored.seq <= position) continue;
          const held = pending.get(row.stored.seq);
          pending.delete(row.stored.seq);
          position = row.stored.seq;
          options.deliver(held ?? row);
        }
        for (const seq of pending.keys()) if (seq <= position) pending.delete(seq);
        deliverHeld();
        if (rows.length < PAGE) break;
      }
      if (position < target) {
        unreadableAttempts += 1;
        if (unreadableAttempts >= MAX_UNREADABLE_ATTEMPTS) skipToHeld();
      } else {
        unreadableAttempts = 0;
      }
    } catch (error) {
      options.onError?.(error);
    } finally {
      filling = false;
      if (!stopped && pending.size > 0) scheduleFill(gapWaitMs);
    }
  }

  function deliverHeld(): void {
    for (let next = pending.get(position + 1); next; next = pending.get(position + 1)) {
      pending.delete(position + 1);
      position += 1;
      options.deliver(next);
    }
  }

  // The store never showed the missing seqs: give up on them rather than stall every subscriber.
  function skipToHeld(): void {
    unreadableAttempts = 0;
    fillTarget = position;
    if (pending.size === 0) return;
    position = Math.min(...pending.keys()) - 1;
    deliverHeld();
  }

  async function poll(): Promise<void> {
    try {
      const last = await options.lastSeq();
      // A message gets one poll interval to arrive by bus before the store is read for it.
      if (polledLast > position && !filling) {
        fillTarget = Math.max(fillTarget, polledLast);
        await fill();
      }
      polledLast = last;
    } catch (error) {
      options.onError?.(error);
    } finally {
      if (!stopped) pollTimer = timers.setTimeout(() => void poll(), pollIntervalMs);
    }
  }

  return {
    get position() {
      return position;
    },
    start(from) {
      if (started) return;
      started = true;
      position = from;
      polledLast = from;
      for (const seq of pending.keys()) if (seq <= position) pending.delete(seq);
      deliverInOrder();
      pollTimer = timers.setTimeout(() => void poll(), pollIntervalMs);
    },
    push(message) {
      if (stopped) return;
      const seq = message.stored.seq;
      if (started && seq <= position) return;
      pending.set(seq, message);
      if (started) deliverInOrder();
    },
    catchUp() {
      if (!started || stopped) return;
      options
        .lastSeq()
        .then((last) => {
          fillTarget = Math.max(fillTarget, last);
          return fill();
        })
        .catch((error: unknown) => options.onError?.(error));
    },
    stop() {
      stopped = true;
      clearGapTimer();
      if (pollTimer !== undefined) timers.clearTimeout(pollTimer);
      pending.clear();
    },
  };
}
