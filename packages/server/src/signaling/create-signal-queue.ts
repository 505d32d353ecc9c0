import type { Timers } from '../realtime/timers.js';
import type { RoomMessage } from './signaling-backplane.js';

/** @internal A relayed message, before it has a receiver. */
export type UnaddressedSignal = Omit<Extract<RoomMessage, { kind: 'signal' }>, 'to'>;

/** @internal A message waiting for its receiver. */
export interface QueuedSignal {
  readonly message: UnaddressedSignal;
  /** A peer id, or `*` for the next peer to join a room its sender was alone in. */
  readonly target: string;
}

/**
 * @internal Messages of one room's senders on this node that wait for absent receivers, in send
 * order per receiver; each is handed to `onExpired` once `queueMs` passed without its receiver.
 */
export interface SignalQueue {
  readonly size: number;
  /** Whether messages wait for `target` (later ones must queue behind them to keep the order). */
  has(target: string): boolean;
  add(target: string, message: UnaddressedSignal): void;
  /** Hands over, in order, what waits for `target`, except what `receiver` sent itself (that keeps waiting). */
  release(target: string, receiver: string, deliver: (message: UnaddressedSignal) => void): void;
  /** Removes and returns what waits for `target`. */
  take(target: string): QueuedSignal[];
  /** Forgets what `sender` queued. */
  dropFrom(sender: string): void;
  clear(): void;
}

interface Entry extends QueuedSignal {
  timer: unknown;
}

/** @internal */
export function createSignalQueue(options: { timers: Timers; queueMs: number; onExpired(entry: QueuedSignal): void }): SignalQueue {
  const { timers } = options;
  const byTarget = new Map<string, Entry[]>();
  let size = 0;

  function keep(target: string, entries: Entry[]): void {
    if (entries.length > 0) byTarget.set(target, entries);
    else byTarget.delete(target);
  }

  function remove(entry: Entry): void {
    timers.clearTimeout(entry.timer);
    size -= 1;
  }

  return {
    get size() {
      return size;
    },
    has: (target) => byTarget.has(target),
    add(target, message) {
      const entry: Entry = { message, target, timer: undefined };
      entry.timer = timers.setTimeout(() => {
        const waiting = byTarget.get(target) ?? [];
        const at = waiting.indexOf(entry);
        if (at < 0) return;
        waiting.splice(at, 1);
        keep(target, waiting);
        size -= 1;
        options.onExpired(entry);
      }, options.queueMs);
      byTarget.set(target, [...(byTarget.get(target) ?? []), entry]);
      size += 1;
    },
    release(target, receiver, deliver) {
      const kept: Entry[] = [];
      for (const entry of byTarget.get(target) ?? []) {
        if (entry.message.from === receiver) {
          kept.push(entry);
          continue;
        }
        remove(entry);
        deliver(entry.message);
      }
      keep(target, kept);
    },
    take(target) {
      const waiting = byTarget.get(target) ?? [];
      byTarget.delete(target);
      for (const entry of waiting) remove(entry);
      return waiting;
    },
    dropFrom(sender) {
      for (const [target, waiting] of [...byTarget]) {
        keep(
          target,
          waiting.filter((entry) => {
            if (entry.message.from !== sender) return true;
            remove(entry);
            return false;
          }),
        );
      }
    },
    clear() {
      for (const waiting of byTarget.values()) for (const entry of waiting) timers.clearTimeout(entry.timer);
      byTarget.clear();
      size = 0;
    },
  };
}
