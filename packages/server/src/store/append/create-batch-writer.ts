import type { CallEvent } from '@callboard/core';
import type { AppendOutcome } from '../call-store.js';
import type { AppendResult } from './append-batch.js';

/** Runs one batch: the events of several `append` calls, one result per call. */
export type RunBatch = (requests: CallEvent[][]) => Promise<AppendResult[]>;

/** A group-commit queue in front of a store's single writer. */
export interface BatchWriter {
  /** Queues one caller's events; resolves once the batch holding them has committed. */
  append(events: CallEvent[]): Promise<AppendOutcome[]>;
  /**
   * Like `append`, but `settle` is called synchronously when the batch has committed, before
   * `onBatch`: a caller relaying results elsewhere (the SQLite writer thread) can send a whole
   * batch's results at once.
   */
  submit(events: CallEvent[], settle: (result: SettledAppend) => void): void;
  /** Runs other writing work (pruning, imports) between batches, never during one. */
  exclusive<T>(task: () => Promise<T>): Promise<T>;
  /** Resolves when everything queued so far has been done. */
  drain(): Promise<void>;
}

/** How one `submit` ended: its outcomes, or why it failed. */
export type SettledAppend = { outcomes: AppendOutcome[] } | { error: unknown };

/** What one committed batch held, for metrics. */
export interface BatchInfo {
  /** How many `append` calls shared the batch. */
  appends: number;
  events: number;
  /** Time from the start of the transaction to its commit. */
  durationMs: number;
}

/** Options of {@link createBatchWriter}. */
export interface BatchWriterOptions {
  /** Most events per batch (one larger append still goes alone). Default 2000. */
  maxEvents?: number;
  /** Called after each batch, once its callers are settled, for metrics. */
  onBatch?: (info: BatchInfo) => void;
}

type Item =
  | { kind: 'append'; events: CallEvent[]; settle: (result: SettledAppend) => void }
  | { kind: 'task'; run: () => Promise<void> };

/**
 * Group commit: one batch is written at a time, and every `append` that arrives while a batch is
 * being written joins the next one, so a burst of webhooks costs one durable commit (one fsync),
 * not one each. A batch starts on `setImmediate`, after the I/O callbacks of the current turn
 * have queued their appends (better-sqlite3 blocks while it commits, so that is when they
 * arrive). Each caller's promise settles after its own batch commits.
 */
export function createBatchWriter(run: RunBatch, options: BatchWriterOptions = {}): BatchWriter {
  const maxEvents = options.maxEvents ?? 2000;
  const queue: Item[] = [];
  let running: Promise<void> | undefined;

  async function loop(): Promise<void> {
    while (queue.length > 0) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      const head = queue[0]!;
      if (head.kind === 'task') {
        queue.shift();
        await head.run();
        continue;
      }
      const batch: Array<Extract<Item, { kind: 'append' }>> = [];
      let size = 0;
      for (let next = queue[0]; next?.kind === 'append' && (batch.length === 0 || size + next.events.length <= maxEvents); next = queue[0]) {
        batch.push(next);
        size += next.events.length;
        queue.shift();
      }
      try {
        const started = performance.now();
        const results = await run(batch.map((item) => item.events));
        const durationMs = performance.now() - started;
        batch.forEach((item, index) => item.settle(results[index]!));
        options.onBatch?.({ appends: batch.length, events: size, durationMs });
      } catch (error) {
        for (const item of batch) item.settle({ error });
      }
    }
    running = undefined;
  }

  function enqueue(item: Item): void {
    queue.push(item);
    running ??= loop();
  }

  return {
    append(events) {
      if (events.length === 0) return Promise.resolve([]);
      return new Promise((resolve, reject) => enqueue({ kind: 'append', events, settle: (result) => ('error' in result ? reject(result.error) : resolve(result.outcomes)) }));
    },
    submit(events, settle) {
      if (events.length === 0) settle({ outcomes: [] });
      else enqueue({ kind: 'append', events, settle });
    },
    exclusive(task) {
      return new Promise((resolve, reject) => enqueue({ kind: 'task', run: () => task().then(resolve, reject) }));
    },
    async drain() {
      while (running) await running;
    },
  };
}
