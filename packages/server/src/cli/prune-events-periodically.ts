import type { CallStore } from '../store/call-store.js';

/** The longest wait between two prunes. */
const MAX_INTERVAL_MS = 3_600_000;

/** What the pruner reports to the server's log. */
export interface PruneLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** A running pruner. */
export interface EventPruner {
  /**
   * Stops the timer, and a prune in progress after its current step (a first prune of a large log
   * can take many), and waits for that step, so the store can be closed after it.
   */
  stop(): Promise<void>;
}

/**
 * Keeps the store's event log to a retention window: prunes events received more than
 * `retentionMs` ago (calls stay; see `CallStore.pruneEvents`) once at start and then every tenth
 * of the window, at most hourly and at least every second, so the log never holds much more than
 * the window. A prune that fails is logged and tried again at the next tick. The timer never
 * keeps the process alive.
 *
 * @example
 * const pruner = pruneEventsPeriodically(store, 30 * 86_400_000, logger);
 * // on shutdown, before closing the store:
 * await pruner.stop();
 */
export function pruneEventsPeriodically(store: Pick<CallStore, 'pruneEvents'>, retentionMs: number, logger: PruneLogger, now: () => number = Date.now): EventPruner {
  const intervalMs = Math.min(MAX_INTERVAL_MS, Math.max(1_000, Math.floor(retentionMs / 10)));
  let running: Promise<void> | undefined;
  const stopping = new AbortController();
  const prune = () => {
    if (stopping.signal.aborted || running) return;
    const olderThan = new Date(now() - retentionMs);
    running = store
      .pruneEvents(olderThan, { signal: stopping.signal })
      .then(
        (dropped) => {
          if (dropped > 0) logger.info({ dropped, olderThan: olderThan.toISOString() }, `Pruned ${dropped} events older than the retention window`);
        },
        (error: unknown) => logger.warn({ err: error }, 'Pruning old events failed; trying again at the next interval'),
      )
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(prune, intervalMs);
  timer.unref();
  prune();
  return {
    async stop() {
      stopping.abort();
      clearInterval(timer);
      await running;
    },
  };
}
