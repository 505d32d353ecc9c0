/**
 * A source of the current time. Everything that reads the time takes one, so tests and the
 * simulated provider can run on a fake clock.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** The real clock. */
export const systemClock: Clock = { now: () => Date.now() };
