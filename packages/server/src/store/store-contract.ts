import { describe } from 'vitest';
import { analyticsContract } from './contract/analytics-contract.js';
import { appendContract } from './contract/append-contract.js';
import { callLogContract } from './contract/call-log-contract.js';
import { eventLogContract } from './contract/event-log-contract.js';
import { useContractStore, type StoreFactory } from './contract/use-contract-store.js';

export type { StoreFactory } from './contract/use-contract-store.js';

/**
 * The behaviour every {@link CallStore} must have, as one vitest suite: append (dedupe, call
 * resolution, ordering, monotonic status, concurrency, per-event failures), the event log,
 * deleting calls, the call log (every filter, search, sorts, keyset pagination, totals), active
 * calls, stats, analytics (UTC, +05:30, DST days, zero-filling) and export.
 *
 * `createStore` must return a fresh, empty store using the given id generator.
 *
 * @example
 * describeStoreContract('memory store', ({ generateCallId }) => createMemoryStore({ generateCallId }));
 */
export function describeStoreContract(name: string, createStore: StoreFactory): void {
  describe(name, () => {
    const ctx = useContractStore(createStore);
    appendContract(ctx);
    eventLogContract(ctx);
    callLogContract(ctx);
    analyticsContract(ctx);
  });
}
