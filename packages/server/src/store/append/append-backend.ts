import type { Call } from '@callboard/core';
import type { StoredEvent } from '../call-store.js';

/** How one call changed in a batch: as it was before the batch, and after it (undefined when deleted). */
export interface CallChange {
  before: Call | undefined;
  after: Call | undefined;
}

/** Everything one batch writes, after the seqs are assigned. */
export interface BatchPlan {
  /** New events in seq order. */
  events: StoredEvent[];
  /** Dedupe keys of the new events, each under the call it was stored for. */
  keys: Array<{ provider: string; key: string; callId: string; receivedMs: number }>;
  /** Calls whose row changes, by id. */
  calls: Map<string, CallChange>;
  /** Deleted calls and the seq of their `call.deleted` event: their events below it are removed. */
  deletions: Map<string, number>;
  /** What the deleted calls leave behind so that retries of their events stay duplicates. */
  tombstones: Array<{ provider: string; providerCallId: string; callId: string; deletedMs: number }>;
  /** The highest seq of the batch. */
  lastSeq: number;
}

/**
 * The storage side of one append transaction. The batch algorithm (`appendBatch`) calls the
 * reads first (taking row locks where the store has them), then `takeSeqs` once, then `write`
 * once, all inside `AppendBackend.transaction`.
 */
export interface AppendTransaction {
  /**
   * Whether an event with this provider and key is already stored for this call. Keys are kept
   * by call (new calls' ids sort by time, so their keys go to the end of the index instead of all
   * over it), which is why an event's call is resolved before it is deduped.
   */
  hasEventKey(callId: string, provider: string, key: string): Promise<boolean>;
  /**
   * The ids of deleted calls that had this provider call id (their dedupe keys outlive them, so a
   * provider's retry of one of their events is still a duplicate).
   */
  findDeletedCallIds(provider: string, providerCallId: string): Promise<string[]>;
  /** Reads (and locks, where the store has row locks) a call by id. */
  loadCall(id: string): Promise<Call | undefined>;
  /** The id of the call with this provider call id, if there is one. */
  findCallId(provider: string, providerCallId: string): Promise<string | undefined>;
  /**
   * Reserves a new call's (provider, providerCallId). Returns `call.id`, or the id of a call that
   * another writer created for the same provider call id in the meantime.
   */
  claimCall(call: Call): Promise<string>;
  /**
   * Optional, for stores with one writer at a time, where nothing read here can change before
   * the batch writes: `findCallId` and `findDeletedCallIds` for many provider calls of one
   * provider in one go. The batch asks once per provider before applying its events.
   */
  findProviderCalls?(provider: string, providerCallIds: string[]): Promise<{ callIds: Map<string, string>; deletedCallIds: Map<string, string[]> }>;
  /**
   * Optional, on the same terms: `hasEventKey` for many keys in one go; resolves to the
   * {@link eventKeyId} of each key that is stored.
   */
  findEventKeys?(keys: Array<{ callId: string; provider: string; key: string }>): Promise<Set<string>>;
  /** Optional, on the same terms: `loadCall` for many ids in one go; ids without a call are left out. */
  loadCalls?(ids: string[]): Promise<Map<string, Call>>;
  /** Takes `count` consecutive seqs and returns the first. */
  takeSeqs(count: number): Promise<number>;
  /** Writes the batch: event rows, keys, call rows, search index and rollups. */
  write(plan: BatchPlan): Promise<void>;
}

/** A store's way to run an append transaction. */
export interface AppendBackend {
  /** Runs `work` in one transaction: commits when it resolves (durably), rolls back when it throws. */
  transaction<T>(work: (tx: AppendTransaction) => Promise<T>): Promise<T>;
  /** Whether a failed transaction may succeed when run again (a deadlock, a unique-key race). */
  isRetryable(error: unknown): boolean;
}

// Keys of in-memory maps and sets are built with `join`, which makes one flat string; a template
// literal makes a tree of string pieces (four objects more per key), which a map then keeps for
// as long as it keeps the key (the memory store's for good), and hashing it flattens anyway.

/** One string for a dedupe key under its call, for maps and sets of keys. */
export function eventKeyId(callId: string, provider: string, key: string): string {
  return [callId, provider, key].join('\u0000');
}

/** One string for a provider call, for maps and sets of provider calls. */
export function providerCallKey(provider: string, providerCallId: string): string {
  return [provider, providerCallId].join('\u0000');
}
