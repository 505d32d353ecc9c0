/** What a queued logger request does; reported with every retry and failure. */
export type LoggerOperation = 'call.start' | 'call.transcript' | 'call.end' | 'call.event';

/**
 * One queued request of the call logger. Entries are plain JSON so an {@link OutboxStorage}
 * can keep them anywhere (a file, IndexedDB, a KV store).
 */
export interface OutboxEntry {
  /** Generated once per logical operation and sent as the `Idempotency-Key` header on every attempt. */
  id: string;
  /** The bot's call id; entries of one call are delivered in the order they were queued. */
  callId: string;
  operation: LoggerOperation;
  method: 'POST' | 'PATCH';
  /** Path below the server's base URL, for example `/api/calls/abc/transcript`. */
  path: string;
  /** The JSON body. */
  body: Record<string, unknown>;
  /** When the entry was queued (milliseconds since the epoch). */
  enqueuedAt: number;
}

/**
 * Where an outbox keeps its entries so they survive a restart. `save` receives the whole queue
 * (in delivery order per call) and must replace what was saved before; `load` returns it.
 * Without a storage the outbox lives in memory only.
 *
 * @example
 * // Node: a JSON file, from @callboard/server
 * const logger = createCallLogger({ url, apiKey, outbox: createFileOutbox('./callboard-outbox.json') });
 */
export interface OutboxStorage {
  load(): Promise<OutboxEntry[]>;
  save(entries: readonly OutboxEntry[]): Promise<void>;
}
