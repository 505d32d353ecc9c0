import type { Call } from '@callboard/core';
import { afterEach, beforeEach } from 'vitest';
import type { CallStore } from '../call-store.js';
import { DATASET } from './contract-dataset.js';
import { callEvents, type CallSpec } from './contract-events.js';

/** Makes a fresh, empty store for one test. The suite passes a deterministic id generator. */
export type StoreFactory = (options: { generateCallId: () => string }) => CallStore | Promise<CallStore>;

/** What each contract test gets: the store under test and a way to load calls into it. */
export interface ContractStore {
  /** The store of the current test (initialized). */
  readonly store: CallStore;
  /** Appends the events of these calls (default: the dataset), one append per call; returns the calls by provider call id. */
  seed(specs?: CallSpec[]): Promise<Map<string, Call>>;
}

/**
 * Registers `beforeEach`/`afterEach` hooks that give every test its own initialized store, with
 * call ids `call_0001`, `call_0002`, ... in creation order, and close it afterwards.
 */
export function useContractStore(createStore: StoreFactory): ContractStore {
  let current: CallStore | undefined;
  beforeEach(async () => {
    let next = 0;
    current = await createStore({ generateCallId: () => `call_${String(++next).padStart(4, '0')}` });
    await current.init();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    get store() {
      if (!current) throw new Error('The contract store is used outside a test');
      return current;
    },
    async seed(specs = DATASET) {
      const calls = new Map<string, Call>();
      for (const spec of specs) {
        const outcomes = await this.store.append(callEvents(spec));
        const last = outcomes[outcomes.length - 1];
        if (last?.status !== 'stored' || !last.call) throw new Error(`Seeding ${spec.providerCallId} did not store its last event`);
        calls.set(spec.providerCallId, last.call);
      }
      return calls;
    },
  };
}
