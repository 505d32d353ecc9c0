import type { Call, CallboardErrorCode, CallEvent } from '@callboard/core';
import type { BatchInfo } from '../append/create-batch-writer.js';
import type { SqliteWriterSettings } from './open-sqlite-writer.js';

/** What the SQLite store's thread hands its writer thread when starting it. */
export interface SqliteWriterThreadData {
  settings: SqliteWriterSettings;
  /** The store was given its own `generateCallId`: the writer thread asks for each new call's id. */
  askForCallIds: boolean;
}

/** Writes other than appends, run between batches. */
export type SqliteWriterTask =
  | { kind: 'migrate' }
  | { kind: 'prune'; cutoffMs: number; limit: number }
  | { kind: 'prune-calls'; cutoffMs: number; limit: number }
  | { kind: 'compact-search' }
  | { kind: 'import'; calls: Call[] };

/** A `CallboardError` as it crosses threads (structured clone keeps neither its class nor its fields). */
export interface WireError {
  code: CallboardErrorCode;
  message: string;
  isRetryable: boolean;
  details?: Record<string, unknown>;
}

/**
 * An append's outcome as it crosses back: without the stored event, which the store's thread
 * sent and keeps (stored, it is that event with the resolved `callId`).
 */
export type WireOutcome = { status: 'stored'; seq: number; callId: string; call: Call | undefined } | { status: 'duplicate'; callId: string | undefined };

/** How one append or task ended. */
export type SettledTicket = { ticket: number; value: unknown } | { ticket: number; error: WireError };

/** Messages to the writer thread. */
export type ToSqliteWriter =
  | { type: 'append'; appends: Array<{ ticket: number; events: CallEvent[] }> }
  | { type: 'task'; ticket: number; task: SqliteWriterTask }
  | { type: 'call-id'; request: number; id: string }
  | { type: 'close' };

/** Messages from the writer thread. */
export type FromSqliteWriter =
  | { type: 'settled'; results: SettledTicket[]; batch?: BatchInfo }
  | { type: 'call-id'; request: number };
