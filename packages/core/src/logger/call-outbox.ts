import { CallboardError } from '../errors/index.js';
import type { OutboxEntry, OutboxStorage } from './outbox-entry.js';

/** @internal The queue behind the call logger: per-call FIFO queues, optionally persisted. */
export interface CallOutbox {
  /** Entries queued, in flight included. */
  readonly size: number;
  /** Reads persisted entries back (once, before anything else). */
  load(): Promise<void>;
  /** Queues an entry; resolves once it is persisted. Rejects with `OUTBOX_FULL` at the bound. */
  add(entry: OutboxEntry): Promise<void>;
  /** Removes a delivered or dropped entry (persisted lazily: a resend after a crash is deduped by its key). */
  remove(entry: OutboxEntry): void;
  /** The first persisted entry of every call with queued entries, oldest call first. */
  heads(): OutboxEntry[];
  /** Resolves when every change so far is persisted. */
  settled(): Promise<void>;
}

/** @internal */
export function createCallOutbox(options: { storage?: OutboxStorage; maxEntries: number }): CallOutbox {
  const { storage, maxEntries } = options;
  const queues = new Map<string, OutboxEntry[]>();
  // Entries whose save has not completed yet are not sent: a crash must not lose an entry the
  // server has not seen, nor deliver one the caller was told had failed.
  const unsaved = new Set<string>();
  let size = 0;
  let lastSave: Promise<void> = Promise.resolve();
  let nextSave: Promise<void> | undefined;

  function insert(entry: OutboxEntry): void {
    const queue = queues.get(entry.callId);
    if (queue) queue.push(entry);
    else queues.set(entry.callId, [entry]);
    size++;
  }

  function drop(entry: OutboxEntry): boolean {
    const queue = queues.get(entry.callId);
    const index = queue ? queue.findIndex((queued) => queued.id === entry.id) : -1;
    if (!queue || index === -1) return false;
    queue.splice(index, 1);
    if (queue.length === 0) queues.delete(entry.callId);
    size--;
    return true;
  }

  // Saves are coalesced: at most one runs, and every change made while it runs goes into the
  // one that follows, so a burst of N entries costs a handful of writes, not N.
  function persist(): Promise<void> {
    if (!storage) return Promise.resolve();
    if (nextSave) return nextSave;
    const save = lastSave.then(() => {
      nextSave = undefined;
      return storage.save([...queues.values()].flat());
    });
    nextSave = save;
    lastSave = save.catch(() => undefined);
    return save;
  }

  return {
    get size() {
      return size;
    },
    async load() {
      if (!storage) return;
      for (const entry of await storage.load()) insert(entry);
    },
    async add(entry) {
      if (size >= maxEntries) {
        throw new CallboardError({
          code: 'OUTBOX_FULL',
          message: `The call logger outbox holds ${size} entries (its bound); the server has not accepted them yet`,
          isRetryable: true,
          details: { maxEntries, callId: entry.callId, operation: entry.operation },
        });
      }
      insert(entry);
      if (!storage) return;
      unsaved.add(entry.id);
      try {
        await persist();
      } catch (error) {
        drop(entry);
        throw new CallboardError({ code: 'INTERNAL', message: 'Could not persist the call logger outbox', cause: error });
      } finally {
        unsaved.delete(entry.id);
      }
    },
    remove(entry) {
      if (drop(entry)) persist().catch(() => undefined);
    },
    heads() {
      const heads: OutboxEntry[] = [];
      for (const queue of queues.values()) {
        const head = queue[0];
        if (head && !unsaved.has(head.id)) heads.push(head);
      }
      return heads;
    },
    settled() {
      return lastSave;
    },
  };
}
