import { describeStoreContract } from '../store-contract.js';
import { createMemoryStore } from './create-memory-store.js';

describeStoreContract('memory store', ({ generateCallId }) => createMemoryStore({ generateCallId }));
