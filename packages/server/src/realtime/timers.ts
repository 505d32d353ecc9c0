import { systemClock, type Clock } from '@callboard/core';

/**
 * The timer functions the realtime engine schedules with. Injected with the clock so tests can run
 * heartbeats, auth deadlines and gap-fill windows on virtual time. The shape matches the core
 * realtime client's `Timers`, so one fake clock drives both.
 */
export interface Timers {
  /** Calls `callback` once after `ms` milliseconds; returns a handle for {@link Timers.clearTimeout}. */
  setTimeout(callback: () => void, ms: number): unknown;
  /** Cancels a pending callback. Unknown or fired handles are ignored. */
  clearTimeout(handle: unknown): void;
}

/** A clock that may also bring its own timers (a fake clock in tests). */
export type RealtimeClock = Clock & Partial<Timers>;

/** @internal The clock's timers when it has them, else Node's (unref'd, so they never hold the process open). */
export function timersOf(clock: RealtimeClock | undefined): Timers {
  if (clock && typeof clock.setTimeout === 'function' && typeof clock.clearTimeout === 'function') {
    return { setTimeout: clock.setTimeout.bind(clock), clearTimeout: clock.clearTimeout.bind(clock) };
  }
  return {
    setTimeout(callback, ms) {
      const handle = globalThis.setTimeout(callback, ms);
      handle.unref?.();
      return handle;
    },
    clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
  };
}

/** @internal */
export function clockOf(clock: RealtimeClock | undefined): Clock {
  return clock ?? systemClock;
}

/**
 * @internal Runs `callback` every `ms` on the given timers until the returned function is called.
 * Built on one-shot timeouts so a fake clock only needs `setTimeout`.
 */
export function every(timers: Timers, ms: number, callback: () => void): () => void {
  let stopped = false;
  let handle: unknown;
  const tick = () => {
    if (stopped) return;
    handle = timers.setTimeout(tick, ms);
    callback();
  };
  handle = timers.setTimeout(tick, ms);
  return () => {
    stopped = true;
    timers.clearTimeout(handle);
  };
}
