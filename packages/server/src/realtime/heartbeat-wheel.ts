import type { Timers } from './timers.js';

/** Sessions (or anything) pinged once per period, a slice of them at a time. */
export interface HeartbeatWheel<T> {
  /** Adds a member to the least-full slice. */
  add(member: T): void;
  delete(member: T): void;
  readonly size: number;
  /** Stops the ticks. */
  stop(): void;
}

/** How many slices a period is cut into by default: with the default 25 s heartbeat, one tick a second. */
export const HEARTBEAT_SLICES = 25;

/**
 * @internal Spreads heartbeats over their period. Members are dealt into `slices` groups (each new
 * one into the group with the fewest) and one group beats every `periodMs / slices`, so each member
 * still beats once per period, but a node with thousands of connections never writes all their
 * pings (and reads all the pongs) in one turn of the event loop, which stalled every broadcast
 * queued behind them. A member's first beat comes within one period of joining.
 */
export function createHeartbeatWheel<T>(timers: Timers, periodMs: number, beat: (members: ReadonlySet<T>) => void, slices = HEARTBEAT_SLICES): HeartbeatWheel<T> {
  const groups = Array.from({ length: slices }, () => new Set<T>());
  const slotOf = new Map<T, number>();
  let next = 0;
  let stopped = false;
  let handle: unknown;
  const tick = () => {
    if (stopped) return;
    handle = timers.setTimeout(tick, periodMs / slices);
    const group = groups[next]!;
    next = (next + 1) % slices;
    if (group.size > 0) beat(group);
  };
  handle = timers.setTimeout(tick, periodMs / slices);
  return {
    add(member) {
      if (slotOf.has(member)) return;
      let slot = 0;
      for (let i = 1; i < slices; i++) if (groups[i]!.size < groups[slot]!.size) slot = i;
      groups[slot]!.add(member);
      slotOf.set(member, slot);
    },
    delete(member) {
      const slot = slotOf.get(member);
      if (slot === undefined) return;
      groups[slot]!.delete(member);
      slotOf.delete(member);
    },
    get size() {
      return slotOf.size;
    },
    stop() {
      stopped = true;
      timers.clearTimeout(handle);
    },
  };
}
