import { CallboardError } from '../errors/callboard-error.js';
import type { Clock } from '../util/clock.js';

/** The handle a {@link FakeClock} timer returns (what `setTimeout` returns in a browser). */
export type FakeTimerHandle = number;

/**
 * A clock whose time only moves when a test says so, with `setTimeout`/`clearTimeout`
 * replacements that run on it. Pass it wherever Callboard takes a `clock` (and, for the
 * simulated provider, as the scheduler too).
 */
export interface FakeClock extends Clock {
  /** The fake time, in milliseconds since the Unix epoch. */
  now(): number;
  /**
   * Schedules `callback` to run when the fake time reaches `now() + ms` (`ms` defaults to 0;
   * negative values count as 0). A standalone function: it can be passed around detached.
   */
  setTimeout: (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => FakeTimerHandle;
  /** Cancels a timer. Unknown or already-run handles are ignored, as with the global one. */
  clearTimeout: (handle: unknown) => void;
  /**
   * Moves the time forward by `ms`, running every timer that falls due on the way in due-time
   * order (timers due at the same instant run in the order they were scheduled). Each timer
   * sees `now()` equal to its due time, and timers that those callbacks schedule inside the
   * window run too. Returns how many timers ran.
   */
  advance(ms: number): number;
  /**
   * Runs pending timers, moving the time to each one's due time, until none are left. Throws a
   * `CallboardError` (`INTERNAL`) after `limit` timers, which catches a timer that keeps
   * rescheduling itself (use {@link FakeClock.advance} for those). Returns how many timers ran.
   */
  runAll(limit?: number): number;
  /** How many timers are scheduled and not yet run or cleared. Zero proves nothing leaked. */
  pendingTimers(): number;
}

interface Timer {
  id: number;
  due: number;
  run: () => void;
}

/** 2025-01-01T00:00:00Z: a fixed default start, so ISO times in tests are stable. */
const DEFAULT_START_MS = 1_735_689_600_000;

/**
 * Creates a {@link FakeClock} starting at `startMs` (default 2025-01-01T00:00:00Z).
 *
 * @example
 * const clock = createFakeClock();
 * const fired: number[] = [];
 * clock.setTimeout(() => fired.push(clock.now()), 1_000);
 * clock.advance(999);  // nothing yet
 * clock.advance(1);    // runs the timer with now() === start + 1000
 * clock.pendingTimers(); // 0
 */
export function createFakeClock(startMs: number = DEFAULT_START_MS): FakeClock {
  assertFiniteTime(startMs, 'startMs');
  let now = startMs;
  let nextId = 1;
  const heap: Timer[] = [];
  const live = new Set<number>();

  function popDue(until: number): Timer | undefined {
    while (heap.length > 0) {
      const top = heap[0]!;
      if (!live.has(top.id)) {
        popMin(heap);
        continue;
      }
      if (top.due > until) return undefined;
      popMin(heap);
      live.delete(top.id);
      return top;
    }
    return undefined;
  }

  function runUntil(until: number, limit: number): number {
    let ran = 0;
    for (let timer = popDue(until); timer; timer = popDue(until)) {
      if (ran >= limit) {
        pushTimer(heap, timer);
        live.add(timer.id);
        throw new CallboardError({
          code: 'INTERNAL',
          message: `runAll ran ${limit} timers and more remain: a timer keeps rescheduling itself, use advance() instead`,
        });
      }
      now = Math.max(now, timer.due);
      ran++;
      timer.run();
    }
    return ran;
  }

  return {
    now: () => now,
    setTimeout(callback, ms = 0, ...args) {
      const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
      const id = nextId++;
      pushTimer(heap, { id, due: now + delay, run: () => callback(...args) });
      live.add(id);
      return id;
    },
    clearTimeout(handle) {
      if (typeof handle === 'number') live.delete(handle);
    },
    advance(ms) {
      assertFiniteTime(ms, 'ms');
      if (ms < 0) throw new CallboardError({ code: 'INVALID_ARGUMENT', message: 'A fake clock cannot go back in time' });
      const target = now + ms;
      const ran = runUntil(target, Number.POSITIVE_INFINITY);
      now = target;
      return ran;
    },
    runAll(limit = 100_000) {
      return runUntil(Number.POSITIVE_INFINITY, limit);
    },
    pendingTimers: () => live.size,
  };
}

function assertFiniteTime(value: number, name: string): void {
  if (!Number.isFinite(value)) {
    throw new CallboardError({ code: 'INVALID_ARGUMENT', message: `${name} must be a finite number of milliseconds` });
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.due < b.due || (a.due === b.due && a.id < b.id);
}

// A binary min-heap on (due, id): the simulated provider keeps thousands of timers pending.
function pushTimer(heap: Timer[], timer: Timer): void {
  heap.push(timer);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(heap[i]!, heap[parent]!)) break;
    [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
    i = parent;
  }
}

function popMin(heap: Timer[]): void {
  const last = heap.pop()!;
  if (heap.length === 0) return;
  heap[0] = last;
  let i = 0;
  for (;;) {
    const left = 2 * i + 1;
    const right = left + 1;
    let smallest = i;
    if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left;
    if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right;
    if (smallest === i) return;
    [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
    i = smallest;
  }
}
