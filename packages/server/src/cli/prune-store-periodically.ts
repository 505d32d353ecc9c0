import type { CallStore } from '../store/call-store.js';

/** The longest wait between two prunes. */
const MAX_INTERVAL_MS = 3_600_000;
/** The shortest. */
const MIN_INTERVAL_MS = 1_000;

/** What the pruner reports to the server's log. */
export interface PruneLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** The retention windows, in ms; 0 or unset keeps everything of that kind. */
export interface RetentionWindows {
  /** Calls that started longer ago are deleted (see `CallStore.pruneCalls`). */
  callsMs?: number;
  /** Events received longer ago are pruned; their calls stay (see `CallStore.pruneEvents`). */
  eventsMs?: number;
}

/** A running pruner. */
export interface StorePruner {
  /**
   * Stops the timer, and a prune in progress after its current step (a first prune of a large log
   * can take many), and waits for that step, so the store can be closed after it.
   */
  stop(): Promise<void>;
}

/**
 * Keeps the store to its retention windows: deletes the calls older than `callsMs` and then prunes
 * the events older than `eventsMs`, one after the other, once at start and then every tenth of
 * the shorter window (at most hourly, at least every second), so the store never holds much more
 * than the windows. A prune that fails is logged and tried again at the next tick. The timer
 * never keeps the process alive.
 *
 * @example
 * const pruner = pruneStorePeriodically(store, { callsMs: 365 * 86_400_000, eventsMs: 30 * 86_400_000 }, logger);
 * // on shutdown, before closing the store:
 * await pruner.stop();
 */
export function pruneStorePeriodically(
  store: Pick<CallStore, 'pruneCalls' | 'pruneEvents'>,
  windows: RetentionWindows,
  logger: PruneLogger,
  now: () => number = Date.now,
): StorePruner {
  const jobs = [
    { windowMs: windows.callsMs ?? 0, what: 'calls', run: (olderThan: Date, signal: AbortSignal) => store.pruneCalls(olderThan, { signal }) },
    { windowMs: windows.eventsMs ?? 0, what: 'events', run: (olderThan: Date, signal: AbortSignal) => store.pruneEvents(olderThan, { signal }) },
  ].filter((job) => job.windowMs > 0);
  const shortest = Math.min(...jobs.map((job) => job.windowMs));
  const intervalMs = Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, Math.floor(shortest / 10)));
  let running: Promise<void> | undefined;
  const stopping = new AbortController();
  const pruneAll = async () => {
    for (const job of jobs) {
      if (stopping.signal.aborted) return;
      const olderThan = new Date(now() - job.windowMs);
      try {
        const dropped = await job.run(olderThan, stopping.signal);
        if (dropped > 0) logger.info({ what: job.what, dropped, olderThan: olderThan.toISOString() }, `Pruned ${dropped} ${job.what} older than the retention window`);
      } catch (error) {
        logger.warn({ what: job.what, err: error }, `Pruning old ${job.what} failed; trying again at the next interval`);
      }
    }
  };
  const tick = () => {
    if (stopping.signal.aborted || running || jobs.length === 0) return;
    running = pruneAll().finally(() => {
      running = undefined;
    });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    async stop() {
      stopping.abort();
      clearInterval(timer);
      await running;
    },
  };
}
