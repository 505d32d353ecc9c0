import { CallboardError, reduceCall, type Call, type CallEvent } from '@callboard/core';
import type { AppendOutcome, StoredEvent } from '../call-store.js';
import { eventKeyId, type AppendBackend, type AppendTransaction, type BatchPlan } from './append-backend.js';
import { BatchCalls, type BatchCall } from './batch-calls.js';

/** What one caller of `append` gets back: its outcomes, or the error of its first failed event. */
export type AppendResult = { outcomes: AppendOutcome[] } | { error: CallboardError };

/** Options of {@link appendBatch}. */
export interface AppendBatchOptions {
  /** Ids for new calls; may answer asynchronously (the SQLite writer thread asks the main thread for injected ones). */
  generateCallId: () => string | Promise<string>;
  /** How often a transaction that failed with a retryable error is run again. Default 8. */
  maxRetries?: number;
}

type EventResult =
  | {
      kind: 'stored';
      event: CallEvent;
      callId: string;
      call: Call | undefined;
      changesCall: boolean;
      /** Set on a `call.deleted`: the provider call of the call it deletes. */
      deletes?: { provider: string; providerCallId: string };
      /** Set once the batch's seqs are assigned; the plan writes it and the caller's outcome carries it. */
      stored?: StoredEvent;
    }
  | { kind: 'duplicate'; callId: string | undefined }
  | { kind: 'error'; error: CallboardError };

/**
 * Appends the events of several callers in ONE transaction (group commit), each event applied as
 * if alone: resolve the call, dedupe on (provider, key) within it, `reduceCall`, next seq, call row with
 * `version = seq`. An event that cannot apply (a `call.deleted` for an unknown call) fails alone.
 * When the transaction itself fails, a retryable failure runs it again and any other failure
 * falls back to one transaction per event, so one bad event never fails its neighbours.
 */
export async function appendBatch(backend: AppendBackend, requests: CallEvent[][], options: AppendBatchOptions): Promise<AppendResult[]> {
  const events = requests.flat();
  let results: EventResult[];
  try {
    results = await withRetries(backend, events, options);
  } catch (error) {
    if (events.length === 1) results = [{ kind: 'error', error: asCallboardError(error) }];
    else {
      results = [];
      for (const event of events) {
        try {
          results.push(...(await withRetries(backend, [event], options)));
        } catch (single) {
          results.push({ kind: 'error', error: asCallboardError(single) });
        }
      }
    }
  }
  let next = 0;
  return requests.map((request) => toAppendResult(results.slice(next, (next += request.length))));
}

async function withRetries(backend: AppendBackend, events: CallEvent[], options: AppendBatchOptions): Promise<EventResult[]> {
  const maxRetries = options.maxRetries ?? 8;
  for (let attempt = 0; ; attempt++) {
    try {
      return await backend.transaction((tx) => applyEvents(tx, events, options.generateCallId));
    } catch (error) {
      if (attempt >= maxRetries || !backend.isRetryable(error)) throw error;
    }
  }
}

async function applyEvents(tx: AppendTransaction, events: CallEvent[], generateCallId: AppendBatchOptions['generateCallId']): Promise<EventResult[]> {
  const calls = new BatchCalls(tx);
  await calls.prefetch(events);
  const keys = await prefetchEventKeys(tx, calls, events);
  const results: EventResult[] = [];
  for (const event of events) {
    const result = await applyEvent(tx, calls, event, generateCallId, keys);
    if (result.kind === 'stored') keys.inBatch.add(eventKeyId(result.callId, event.provider, event.key));
    results.push(result);
  }
  const stored = results.filter((result) => result.kind === 'stored');
  if (stored.length === 0) return results;
  const first = await tx.takeSeqs(stored.length);
  const plan: BatchPlan = { events: [], keys: [], calls: new Map(), deletions: new Map(), tombstones: [], lastSeq: first + stored.length - 1 };
  stored.forEach((result, index) => {
    const seq = first + index;
    // The call object is this event's own snapshot (reduceCall never mutates), so stamping it is safe.
    if (result.changesCall && result.call) result.call.version = seq;
    const receivedMs = Date.parse(result.event.receivedAt);
    if (result.deletes) {
      plan.deletions.set(result.callId, seq);
      plan.tombstones.push({ ...result.deletes, callId: result.callId, deletedMs: receivedMs });
    }
    result.stored = { seq, callId: result.callId, event: withCallId(result.event, result.callId) };
    plan.events.push(result.stored);
    plan.keys.push({ provider: result.event.provider, key: result.event.key, callId: result.callId, receivedMs });
  });
  for (const entry of calls.byId.values()) {
    if (entry.before !== entry.current) plan.calls.set(entry.id, { before: entry.before, after: entry.current });
  }
  await tx.write(plan);
  return results;
}

/**
 * The event with its call's id. By assignment, not a spread: on Node 20's V8 a spread that adds a
 * property makes an object with a map of its own (about 0.6 µs, and reads of it stay
 * polymorphic), while copies made by assignment share their maps.
 */
export function withCallId(event: CallEvent, callId: string): CallEvent {
  return Object.assign({}, event, { callId });
}

/** What a batch knows of dedupe keys (as {@link eventKeyId}s) before it asks the store about one. */
interface BatchKeys {
  /** Stored by this batch so far. */
  inBatch: Set<string>;
  /** Asked about up front (`findEventKeys`), and of those, the ones stored. */
  asked: Set<string>;
  stored: Set<string>;
}

/** Asks, when the transaction can, about every key the batch's events may be duplicates of, at once. */
async function prefetchEventKeys(tx: AppendTransaction, calls: BatchCalls, events: readonly CallEvent[]): Promise<BatchKeys> {
  const keys: BatchKeys = { inBatch: new Set(), asked: new Set(), stored: new Set() };
  if (!tx.findEventKeys) return keys;
  const wanted: Array<{ callId: string; provider: string; key: string }> = [];
  for (const event of events) {
    for (const callId of calls.knownCallIds(event)) {
      const id = eventKeyId(callId, event.provider, event.key);
      if (keys.asked.has(id)) continue;
      keys.asked.add(id);
      wanted.push({ callId, provider: event.provider, key: event.key });
    }
  }
  if (wanted.length > 0) keys.stored = await tx.findEventKeys(wanted);
  return keys;
}

/**
 * Applies one event: resolves its call (by the id the hub gave it, else by provider call id),
 * dedupes it against that call's keys and those of deleted calls with the same provider call id,
 * then creates, updates or deletes the call.
 */
async function applyEvent(
  tx: AppendTransaction,
  calls: BatchCalls,
  event: CallEvent,
  generateCallId: AppendBatchOptions['generateCallId'],
  keys: BatchKeys,
): Promise<EventResult> {
  const isDuplicate = async (callId: string) => {
    const id = eventKeyId(callId, event.provider, event.key);
    if (keys.inBatch.has(id)) return true;
    return keys.asked.has(id) ? keys.stored.has(id) : tx.hasEventKey(callId, event.provider, event.key);
  };
  let entry: BatchCall | undefined;
  if (event.callId !== undefined) entry = await calls.byCallId(event.callId);
  // A call the hub named but that the provider's own webhooks created first is the same call.
  entry ??= await calls.byProviderCallId(event.provider, event.providerCallId);
  if (entry && (await isDuplicate(entry.id))) return { kind: 'duplicate', callId: entry.id };
  // A retry of a deleted call's event stays a duplicate, even once the provider call id has a new call.
  for (const id of await calls.deletedCallIds(event.provider, event.providerCallId)) {
    if (await isDuplicate(id)) return { kind: 'duplicate', callId: id };
  }
  if (event.type === 'call.deleted') {
    if (!entry?.current) return failed('NOT_FOUND', `No call ${event.callId ?? event.providerCallId} to delete`);
    const { provider, providerCallId } = entry.current;
    const callId = entry.id;
    calls.deleted(entry);
    return { kind: 'stored', event, callId, call: undefined, changesCall: true, deletes: { provider, providerCallId } };
  }
  if (!entry) {
    const id = event.callId ?? (await generateCallId());
    if (calls.isKnown(id)) return failed('CONFLICT', `Call ${id} was deleted in the same batch`);
    const created = reduce(undefined, event, id);
    if ('kind' in created) return created;
    const claimedId = await tx.claimCall(created);
    if (claimedId === id) {
      calls.created(created);
      return { kind: 'stored', event, callId: id, call: created, changesCall: true };
    }
    // Another writer created this provider call first: apply the event to its call instead.
    entry = await calls.byCallId(claimedId);
    if (!entry) throw new Error(`claimCall returned ${claimedId}, which cannot be loaded`);
    if (await isDuplicate(entry.id)) return { kind: 'duplicate', callId: entry.id };
  }
  const changesCall = event.type !== 'call.live';
  if (!changesCall) return { kind: 'stored', event, callId: entry.id, call: entry.current, changesCall };
  const next = reduce(entry.current, event, entry.id);
  if ('kind' in next) return next;
  entry.current = next;
  return { kind: 'stored', event, callId: entry.id, call: next, changesCall };
}

function reduce(call: Call | undefined, event: CallEvent, id: string): Call | EventResult {
  try {
    return reduceCall(call, withCallId(event, id));
  } catch (cause) {
    return failed('BAD_PAYLOAD', `Event ${event.key} cannot be applied to call ${id}`, cause);
  }
}

function failed(code: 'NOT_FOUND' | 'CONFLICT' | 'BAD_PAYLOAD', message: string, cause?: unknown): EventResult {
  return { kind: 'error', error: new CallboardError({ code, message, cause }) };
}

function toAppendResult(results: EventResult[]): AppendResult {
  const outcomes: AppendOutcome[] = [];
  let firstError: { index: number; error: CallboardError } | undefined;
  results.forEach((result, index) => {
    if (result.kind === 'error') firstError ??= { index, error: result.error };
    else if (result.kind === 'duplicate') outcomes.push({ status: 'duplicate', callId: result.callId });
    else {
      outcomes.push({ status: 'stored', stored: result.stored!, call: result.call && { ...result.call } });
    }
  });
  if (!firstError) return { outcomes };
  const { index, error } = firstError;
  return {
    error: new CallboardError({
      code: error.code,
      message: `Event ${index} of the append failed: ${error.message}`,
      cause: error,
      isRetryable: error.isRetryable,
      details: { ...error.details, index },
    }),
  };
}

function asCallboardError(error: unknown): CallboardError {
  if (CallboardError.isInstance(error)) return error;
  return new CallboardError({ code: 'INTERNAL', message: 'The store could not append an event', cause: error, isRetryable: true });
}
