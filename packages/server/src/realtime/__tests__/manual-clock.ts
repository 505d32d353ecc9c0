/**
 * A clock with timers that only move when the test says so. Every timer sees the time it was due
 * at, so five virtual minutes run every heartbeat, poll and deadline of those five minutes.
 */
export interface ManualClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Moves time forward by `ms`, firing due timers in order. */
  advance(ms: number): void;
  /** Timers scheduled and not yet fired. */
  readonly pending: number;
}

export function createManualClock(start = Date.parse('2026-03-02T09:00:00.000Z')): ManualClock {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();

  function due(until: number): [number, { at: number; callback: () => void }] | undefined {
    let found: [number, { at: number; callback: () => void }] | undefined;
    for (const entry of timers) {
      if (entry[1].at <= until && (!found || entry[1].at < found[1].at || (entry[1].at === found[1].at && entry[0] < found[0]))) found = entry;
    }
    return found;
  }

  return {
    now: () => now,
    setTimeout(callback, ms) {
      const id = nextId++;
      timers.set(id, { at: now + Math.max(0, ms), callback });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    advance(ms) {
      const until = now + ms;
      for (let next = due(until); next; next = due(until)) {
        timers.delete(next[0]);
        now = Math.max(now, next[1].at);
        next[1].callback();
      }
      now = until;
    },
    get pending() {
      return timers.size;
    },
  };
}
