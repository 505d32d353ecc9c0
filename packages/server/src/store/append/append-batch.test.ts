import { describe, expect, it } from 'vitest';
import { statusEvent } from '../contract/contract-events.js';
import { createMemoryBackend, type MemoryState } from '../memory/memory-backend.js';
import { MemoryEventLog } from '../memory/memory-event-log.js';
import type { AppendBackend } from './append-backend.js';
import { appendBatch } from './append-batch.js';

function memoryState(): MemoryState {
  return { calls: new Map(), providerIndex: new Map(), events: new MemoryEventLog(), keys: new Map(), tombstones: new Map(), lastSeq: 0, retainedFrom: 1 };
}

/** A backend whose transaction fails (after doing nothing) whenever it holds an event with this key. */
function failingOn(key: string, state: MemoryState, retryable = false): AppendBackend & { attempts: number } {
  const inner = createMemoryBackend(state);
  const backend = {
    attempts: 0,
    isRetryable: () => retryable,
    transaction: <T>(work: Parameters<AppendBackend['transaction']>[0]) =>
      inner.transaction(async (tx) => {
        backend.attempts++;
        return work({
          ...tx,
          async write(plan) {
            if (plan.events.some((stored) => stored.event.key === key)) throw new Error('disk on fire');
            return tx.write(plan);
          },
        }) as Promise<T>;
      }),
  };
  return backend;
}

describe('appendBatch', () => {
  let id = 0;
  const options = { generateCallId: () => `call_${++id}` };

  it('falls back to one transaction per event when a batch fails, so only the bad event fails', async () => {
    const state = memoryState();
    const results = await appendBatch(failingOn('bad', state), [[statusEvent('CA1', 'ringing', '2026-01-01T00:00:00Z')], [statusEvent('CA2', 'ringing', '2026-01-01T00:00:01Z', { key: 'bad' })], [statusEvent('CA3', 'ringing', '2026-01-01T00:00:02Z')]], options);
    expect(results[0]).toMatchObject({ outcomes: [{ status: 'stored', stored: { seq: 1 } }] });
    expect(results[1]).toMatchObject({ error: { code: 'INTERNAL', details: { index: 0 } } });
    expect(results[2]).toMatchObject({ outcomes: [{ status: 'stored', stored: { seq: 2 } }] });
    expect([...state.calls.values()].map((call) => call.providerCallId).sort()).toEqual(['CA1', 'CA3']);
  });

  it('retries a retryable failure a bounded number of times, then reports it', async () => {
    const state = memoryState();
    const backend = failingOn('bad', state, true);
    const [result] = await appendBatch(backend, [[statusEvent('CA1', 'ringing', '2026-01-01T00:00:00Z', { key: 'bad' })]], { ...options, maxRetries: 3 });
    expect(backend.attempts).toBe(4);
    expect(result).toMatchObject({ error: { code: 'INTERNAL' } });
    expect(state.lastSeq).toBe(0);
  });
});
