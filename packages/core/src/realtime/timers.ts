/**
 * The timer functions the realtime client and the call logger schedule with. Injected so tests
 * can run on virtual time; the default is the runtime's own `setTimeout` / `clearTimeout`.
 */
export interface Timers {
  /** Calls `callback` once after `ms` milliseconds; returns a handle for {@link Timers.clearTimeout}. */
  setTimeout(callback: () => void, ms: number): unknown;
  /** Cancels a pending callback. Unknown or fired handles are ignored. */
  clearTimeout(handle: unknown): void;
}

/** The runtime's timers (browser, Node, edge). */
export const systemTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/** @internal The clock's own timers when it has them (a fake clock), else the runtime's. */
export function timersOf(clock: Partial<Timers> | undefined): Timers {
  return clock && typeof clock.setTimeout === 'function' && typeof clock.clearTimeout === 'function'
    ? { setTimeout: clock.setTimeout.bind(clock), clearTimeout: clock.clearTimeout.bind(clock) }
    : systemTimers;
}
