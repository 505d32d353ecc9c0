import type { CallEvent } from '@callboard/core';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { AnalyticsQuery, CallFilter, CallStore } from '../call-store.js';
import { createMemoryStore } from '../memory/create-memory-store.js';
import { deletedEvent, statusEvent } from './contract-events.js';

const T0 = Date.UTC(2026, 2, 7);
const iso = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

/** One random event: a handful of calls over three days around a DST change, in any order, with repeats and deletions. */
export const randomEventSpec = fc.record({
  call: fc.integer({ min: 0, max: 7 }),
  kind: fc.constantFrom('ringing', 'in-progress', 'completed', 'busy', 'no-answer', 'failed', 'language', 'delete'),
  minute: fc.integer({ min: 0, max: 3 * 24 * 60 }),
  duration: fc.integer({ min: 1, max: 900 }),
  language: fc.constantFrom('en', 'fr', 'sw'),
  provider: fc.constantFrom('twilio', 'telnyx'),
  direction: fc.constantFrom('inbound', 'outbound'),
});

type EventSpec = typeof randomEventSpec extends fc.Arbitrary<infer T> ? T : never;

function toEvent(spec: EventSpec): CallEvent {
  const id = `CA${spec.call}`;
  const base = { provider: spec.provider, direction: spec.direction, from: `+1555${spec.call}`, to: '+1666' };
  if (spec.kind === 'delete') return deletedEvent(id, iso(spec.minute), { provider: spec.provider, key: `del-${spec.call}-${spec.minute}` });
  if (spec.kind === 'language') {
    return { v: 1, type: 'call.updated', key: `lang-${spec.call}-${spec.minute}`, providerCallId: id, ...base, occurredAt: iso(spec.minute), receivedAt: iso(spec.minute), language: spec.language };
  }
  const extra = spec.kind === 'completed' ? { durationSec: spec.duration } : {};
  return statusEvent(id, spec.kind, iso(spec.minute), { ...base, ...extra, key: `${spec.kind}-${spec.call}-${spec.minute}` });
}

const FILTERS: CallFilter[] = [
  {},
  { status: ['completed', 'busy'] },
  { direction: 'inbound', language: ['en', ''] },
  { from: iso(600 + 7), to: iso(2 * 24 * 60 + 23) },
  { from: iso(24 * 60), status: ['ringing', 'in-progress'] },
  { q: 'ca3' },
  { minDurationSec: 100 },
];

const QUERIES: AnalyticsQuery[] = [
  { from: iso(0), to: iso(4 * 24 * 60), timeZone: 'America/New_York', bucket: 'day' },
  { from: iso(31), to: iso(2 * 24 * 60 + 53), timeZone: 'Asia/Kolkata', bucket: 'hour' },
  { from: iso(24 * 60 + 3), to: iso(25 * 60 + 3), bucket: 'minute', direction: 'outbound' },
];

async function answers(store: CallStore) {
  return {
    pages: await Promise.all(
      FILTERS.map(async (filter) => {
        const page = await store.listCalls({ ...filter, limit: 500 });
        return { total: page.total, ids: page.calls.map((call) => call.id) };
      }),
    ),
    stats: await Promise.all(FILTERS.map((filter) => store.stats(filter))),
    analytics: await Promise.all(QUERIES.map((query) => store.analytics(query))),
    active: (await store.activeCalls()).map((call) => call.id),
  };
}

/**
 * Property: for any history of events, a store answers pages, totals, stats, analytics and
 * active calls exactly as the memory store (which computes everything by scanning) does. For the
 * SQL stores this checks that rollups stay right through every change and deletion.
 */
export async function assertMatchesMemory(createStore: (generateCallId: () => string) => Promise<CallStore>, numRuns: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.array(randomEventSpec, { minLength: 1, maxLength: 40 }), async (specs) => {
      let memoryIds = 0;
      let storeIds = 0;
      const memory = createMemoryStore({ generateCallId: () => `call_${++memoryIds}` });
      const store = await createStore(() => `call_${++storeIds}`);
      try {
        for (const spec of specs) {
          const event = toEvent(spec);
          const [expected, actual] = await Promise.allSettled([memory.append([event]), store.append([event])]);
          expect(actual.status).toBe(expected.status);
        }
        const [expected, actual] = await Promise.all([answers(memory), answers(store)]);
        expect(actual).toEqual(expected);
      } finally {
        await store.close();
      }
    }),
    { numRuns },
  );
}
