import type { AnalyticsResult, Call, CallEvent, CallLogPage, CallStatsResult, CallStatus, Direction } from '@callboard/core';

/** An event as stored: its place in the deployment's one ordered log, and the call it belongs to. */
export interface StoredEvent {
  /** Position in the ordered log. Gap-free per deployment only in the sense that seq N+1 is never visible before seq N. */
  seq: number;
  /** Callboard's id of the call. */
  callId: string;
  /** The event, with `callId` set. */
  event: CallEvent;
}

/** What appending one event did. */
export type AppendOutcome =
  | {
      /** The event was new: it is stored with this seq and the call row reflects it. */
      status: 'stored';
      stored: StoredEvent;
      /** The call after the event (undefined only for `call.deleted`). */
      call: Call | undefined;
    }
  | {
      /** An event with the same provider and key was stored before; nothing changed. */
      status: 'duplicate';
      callId: string | undefined;
    };

/** Sort orders for the call log. */
export type CallSort = 'newest' | 'oldest' | 'longest' | 'shortest';

/** Filters for the call log and the CSV export. Every field is optional; all given ones must match. */
export interface CallFilter {
  status?: CallStatus[];
  direction?: Direction;
  provider?: string[];
  /** ISO time, inclusive, on the call's start (`startedAt`, else `createdAt`). */
  from?: string;
  /** ISO time, exclusive. */
  to?: string;
  language?: string[];
  minDurationSec?: number;
  maxDurationSec?: number;
  /**
   * Matches ids (Callboard, provider, bot) that start with it as written, and numbers (`from`,
   * `to`) and (from three characters) transcript text that contain it, ignoring case.
   */
  q?: string;
  /**
   * Keys of the call's `metadata` and the string each must hold exactly, such as
   * `{ tenant: 'acme' }` (at most 8 keys of letters, digits, `_`, `-` and `.`).
   */
  metadata?: Record<string, string>;
}

/** A page request for the call log. */
export interface CallListQuery extends CallFilter {
  sort?: CallSort;
  /** At most 500; default 50. */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/** A page of the call log: the shape `GET /api/calls` answers with. */
export type CallPage = CallLogPage;

/** The quick numbers behind the dashboard's KPI tiles: the shape `GET /api/calls/stats` answers with. */
export type CallStats = CallStatsResult;

/** Time buckets for analytics. */
export type AnalyticsBucket = 'minute' | 'hour' | 'day';

/** An analytics request. */
export interface AnalyticsQuery {
  /** ISO time, inclusive. */
  from: string;
  /** ISO time, exclusive. */
  to: string;
  /** IANA time zone for bucket boundaries, hour-of-day and days (default `UTC`). */
  timeZone?: string;
  /** Bucket size of the volume series (default chosen from the range). */
  bucket?: AnalyticsBucket;
  direction?: Direction;
  provider?: string[];
}

/** Analytics over a time range, computed in the store: the shape `GET /api/calls/analytics` answers with. */
export type CallAnalytics = AnalyticsResult;

/** Options to {@link CallStore.eventsAfter}. */
export interface EventsAfterOptions {
  /** At most this many events (default 1000). */
  limit?: number;
  /** Only this call's events. */
  callId?: string;
}

/** Options to {@link CallStore.pruneEvents} and {@link CallStore.pruneCalls}. */
export interface PruneEventsOptions {
  /**
   * Stops a prune made of several steps (the SQL stores delete a few thousand rows per
   * transaction) before its next step once aborted; what was dropped stays dropped.
   */
  signal?: AbortSignal;
}

/**
 * Where calls and their events live. Every store passes the same contract suite
 * (`store-contract.ts`): memory for tests and demos, SQLite (the embedded default) and Postgres.
 *
 * Queries run in the store (indexes, SQL aggregates, maintained rollups), never by loading every
 * call into memory.
 */
export interface CallStore {
  /** Creates tables and indexes, runs migrations. Idempotent. */
  init(): Promise<void>;
  /**
   * Appends events in order, each in its own transaction: dedupe on (provider, key), resolve the
   * call (by `event.callId`, else by provider + providerCallId, else a new id from the store's id
   * generator), `reduceCall`, store the event row with the next seq and upsert the call row with
   * `version = seq`. Concurrent appends for one call never lose an update. When this resolves,
   * the events are durable (on disk for SQLite and Postgres).
   */
  append(events: CallEvent[]): Promise<AppendOutcome[]>;
  /** Finds a call by its Callboard id, its provider call id, or the call id a bot gave. */
  getCall(idOrProviderId: string): Promise<Call | undefined>;
  /** One page of the call log. */
  listCalls(query: CallListQuery): Promise<CallPage>;
  /** Every non-terminal call, newest first. */
  activeCalls(): Promise<Call[]>;
  /** KPI numbers, over calls matching the filter. */
  stats(filter?: CallFilter): Promise<CallStats>;
  /** Analytics over a time range. */
  analytics(query: AnalyticsQuery): Promise<CallAnalytics>;
  /** Streams every call matching the filter, in the given order, a batch at a time (for CSV export). */
  exportCalls(filter: CallFilter & { sort?: CallSort }): AsyncIterable<Call>;
  /** Stored events with seq greater than `afterSeq`, ascending, read by index. */
  eventsAfter(afterSeq: number, options?: EventsAfterOptions): Promise<StoredEvent[]>;
  /** One call's stored events, ascending by seq (the raw provider events of the detail view). */
  callEvents(callId: string): Promise<StoredEvent[]>;
  /** The highest stored seq (0 when empty). */
  lastSeq(): Promise<number>;
  /** The lowest seq still retained (events at or above it can be replayed); `lastSeq + 1` when empty. */
  firstRetainedSeq(): Promise<number>;
  /** Deletes a call and its events; appends and returns a `call.deleted` event so subscribers learn of it. */
  deleteCall(id: string, at: Date): Promise<StoredEvent | undefined>;
  /** Drops events older than the retention window (calls stay). Returns how many were dropped. */
  pruneEvents(olderThan: Date, options?: PruneEventsOptions): Promise<number>;
  /**
   * Call retention: deletes the calls that started before `olderThan`, with their events, dedupe
   * keys and search entries, and takes them out of the analytics and stats (which keep agreeing
   * with the call log). Unlike {@link CallStore.deleteCall} it appends no `call.deleted` event:
   * nothing is published. The SQL stores delete in steps of a tenth of their `pruneChunk` calls,
   * each its own transaction, which `options.signal` can stop between. Returns how many calls
   * were deleted.
   */
  pruneCalls(olderThan: Date, options?: PruneEventsOptions): Promise<number>;
  /** Releases connections and file handles. */
  close(): Promise<void>;
}
