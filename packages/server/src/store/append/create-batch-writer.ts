import type { CallEvent } from '@callboard/core';
import type { AppendOutcome } from '../call-store.js';
import type { AppendResult } from './append-batch.js';

/** Runs one batch: the events of several `append` calls, one result per call. */
export type RunBatch = (requests: CallEvent[][]) => Promise<AppendResult[]>;

/** A group-commit queue in front of a store's writer. */
export interface BatchWriter {
  /** Queues one caller's events; resolves once the batch holding them has committed. */
  append(events: CallEvent[]): Promise<AppendOutcome[]>;
  /** Resolves when everything queued so far has been written. */
  drain(): Promise<void>;
}

/**
 * Group commit: one batch is written at a time, and every `append` that arrives while a batch is
 * being written joins the next one, so a burst of webhooks costs one durable commit (one fsync),
 * not one each. Each caller's promise settles after its own batch commits; batches hold at most
 * `maxEvents` events (a single larger append still goes in one batch).
 */
export function createBatchWriter(run: RunBatch, maxEvents = 2000): BatchWriter {
  const queue: Array<{ events: CallEvent[]; resolve: (outcomes: AppendOutcome[]) => void; reject: (error: unknown) => void }> = [];
  let running: Promise<void> | undefined;

  async function loop(): Promise<void> {
    // Yield once so appends made in the same tick as the first one share its batch.
    await Promise.resolve();
    while (queue.length > 0) {
      let size = 0;
      let take = 0;
      while (take < queue.length && (take === 0 || size + queue[take]!.events.length <= maxEvents)) {
        size += queue[take]!.events.length;
        take++;
      }
      const batch = queue.splice(0, take);
      try {
        const results = await run(batch.map((item) => item.events));
        batch.forEach((item, index) => {
          const result = results[index]!;
          if ('error' in result) item.reject(result.error);
          else item.resolve(result.outcomes);
        });
      } catch (error) {
        for (const item of batch) item.reject(error);
      }
    }
    running = undefined;
  }

  return {
    append(events) {
      if (events.length === 0) return Promise.resolve([]);
      return new Promise((resolve, reject) => {
        queue.push({ events, resolve, reject });
        running ??= loop();
      });
    },
    async drain() {
      while (running) await running;
    },
  };
}
