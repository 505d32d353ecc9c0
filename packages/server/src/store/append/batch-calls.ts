import type { Call, CallEvent } from '@callboard/core';
import { providerCallKey, type AppendTransaction } from './append-backend.js';

/** One call as a batch sees it: as loaded, and as the batch has made it so far. */
export interface BatchCall {
  id: string;
  before: Call | undefined;
  current: Call | undefined;
}

/**
 * The calls a batch touches, loaded once and then kept in memory, so several events for one call
 * in one batch see each other's effects.
 */
export class BatchCalls {
  readonly byId = new Map<string, BatchCall>();
  // A null entry: known to have no call (none stored, or deleted earlier in this batch).
  private readonly byProvider = new Map<string, string | null>();
  // Deleted calls by provider call: those deleted before the batch (read once), and in it.
  private readonly storedTombstones = new Map<string, string[]>();
  private readonly deletedInBatch = new Map<string, string[]>();

  constructor(private readonly tx: AppendTransaction) {}

  /**
   * Looks up the provider calls of all these events at once, and loads the calls they name or
   * have, when the transaction can (`findProviderCalls`, `loadCalls`), so that resolving each
   * event reads nothing more.
   */
  async prefetch(events: readonly CallEvent[]): Promise<void> {
    await this.prefetchProviderCalls(events);
    if (!this.tx.loadCalls) return;
    const ids = new Set<string>();
    for (const event of events) {
      const live = this.byProvider.get(providerCallKey(event.provider, event.providerCallId));
      for (const id of [event.callId, live]) if (id && !this.byId.has(id)) ids.add(id);
    }
    if (ids.size === 0) return;
    const loaded = await this.tx.loadCalls([...ids]);
    for (const id of ids) {
      const call = loaded.get(id);
      this.byId.set(id, { id, before: call, current: call });
      if (call) this.byProvider.set(providerCallKey(call.provider, call.providerCallId), id);
    }
  }

  private async prefetchProviderCalls(events: readonly CallEvent[]): Promise<void> {
    if (!this.tx.findProviderCalls) return;
    const wanted = new Map<string, Set<string>>();
    for (const { provider, providerCallId } of events) {
      if (this.byProvider.has(providerCallKey(provider, providerCallId))) continue;
      let ids = wanted.get(provider);
      if (!ids) wanted.set(provider, (ids = new Set()));
      ids.add(providerCallId);
    }
    for (const [provider, ids] of wanted) {
      const { callIds, deletedCallIds } = await this.tx.findProviderCalls(provider, [...ids]);
      for (const providerCallId of ids) {
        const key = providerCallKey(provider, providerCallId);
        this.byProvider.set(key, callIds.get(providerCallId) ?? null);
        this.storedTombstones.set(key, deletedCallIds.get(providerCallId) ?? []);
      }
    }
  }

  /**
   * The ids an event's dedupe key may be stored under, as far as the batch knows them without
   * reading: the call it names, its provider call's live call, and that provider call's deleted calls.
   */
  knownCallIds(event: CallEvent): string[] {
    const key = providerCallKey(event.provider, event.providerCallId);
    const live = this.byProvider.get(key);
    return [...(event.callId !== undefined ? [event.callId] : []), ...(live ? [live] : []), ...(this.storedTombstones.get(key) ?? [])];
  }

  /** The live call with this id, if any. */
  async byCallId(id: string): Promise<BatchCall | undefined> {
    let entry = this.byId.get(id);
    if (!entry) {
      const call = await this.tx.loadCall(id);
      entry = { id, before: call, current: call };
      this.byId.set(id, entry);
      if (call) this.byProvider.set(providerCallKey(call.provider, call.providerCallId), id);
    }
    return entry.current ? entry : undefined;
  }

  /** The live call with this provider call id, if any. */
  async byProviderCallId(provider: string, providerCallId: string): Promise<BatchCall | undefined> {
    const key = providerCallKey(provider, providerCallId);
    let id = this.byProvider.get(key);
    if (id === undefined) {
      id = (await this.tx.findCallId(provider, providerCallId)) ?? null;
      this.byProvider.set(key, id);
    }
    return id === null ? undefined : this.byCallId(id);
  }

  /** The ids of the deleted calls that had this provider call id, before or in this batch. */
  async deletedCallIds(provider: string, providerCallId: string): Promise<string[]> {
    const key = providerCallKey(provider, providerCallId);
    let stored = this.storedTombstones.get(key);
    if (!stored) {
      stored = await this.tx.findDeletedCallIds(provider, providerCallId);
      this.storedTombstones.set(key, stored);
    }
    const deleted = this.deletedInBatch.get(key);
    return deleted ? [...stored, ...deleted] : stored;
  }

  /** Whether this id was used by a call this batch has seen (live or deleted). */
  isKnown(id: string): boolean {
    return this.byId.get(id)?.before !== undefined || this.byId.get(id)?.current !== undefined;
  }

  /** Registers a call created by this batch. */
  created(call: Call): BatchCall {
    const entry: BatchCall = { id: call.id, before: this.byId.get(call.id)?.before, current: call };
    this.byId.set(call.id, entry);
    this.byProvider.set(providerCallKey(call.provider, call.providerCallId), call.id);
    return entry;
  }

  /** Marks a call deleted for the rest of the batch. */
  deleted(entry: BatchCall): void {
    if (entry.current) {
      const key = providerCallKey(entry.current.provider, entry.current.providerCallId);
      this.byProvider.set(key, null);
      this.deletedInBatch.set(key, [...(this.deletedInBatch.get(key) ?? []), entry.id]);
    }
    entry.current = undefined;
  }
}
