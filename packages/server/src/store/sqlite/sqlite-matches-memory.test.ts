import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CallEvent } from '@callboard/core';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { AnalyticsQuery, CallFilter, CallStore } from '../call-store.js';
import { deletedEvent, statusEvent } from '../contract/contract-events.js';
import { createMemoryStore } from '../memory/create-memory-store.js';
import { createSqliteStore } from './create-sqlite-store.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'callboard-diff-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.UTC(2026, 2, 7);
const iso = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

// Events for a handful of calls over three days, in any order, with repeats and deletions.
const eventArb = fc.record({
  call: fc.integer({ min: 0, max: 7 }),
  kind: fc.constantFrom('ringing', 'in-progress', 'completed', 'busy', 'no-answer', 'failed', 'language', 'delete'),
  minute: fc.integer({ min: 0, max: 3 * 24 * 60 }),
  duration: fc.integer({ min: 1, max: 900 }),
  language: fc.constantFrom('en', 'fr', 'sw'),
  provider: fc.constantFrom('twilio', 'telnyx'),
  direction: fc.constantFrom('inbound', 'outbound'),
});

type EventSpec = typeof eventArb extends fc.Arbitrary<infer T> ? T : never;

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

const filters: CallFilter[] = [
  {},
  { status: ['completed', 'busy'] },
  { direction: 'inbound', language: ['en', ''] },
  { from: iso(600 + 7), to: iso(2 * 24 * 60 + 23) },
  { from: iso(24 * 60), status: ['ringing', 'in-progress'] },
  { q: 'ca3' },
  { minDurationSec: 100 },
];

const queries: AnalyticsQuery[] = [
  { from: iso(0), to: iso(4 * 24 * 60), timeZone: 'America/New_York', bucket: 'day' },
  { from: iso(31), to: iso(2 * 24 * 60 + 53), timeZone: 'Asia/Kolkata', bucket: 'hour' },
  { from: iso(24 * 60 + 3), to: iso(25 * 60 + 3), bucket: 'minute', direction: 'outbound' },
];

async function answers(store: CallStore) {
  return {
    pages: await Promise.all(filters.map(async (filter) => {
      const page = await store.listCalls({ ...filter, limit: 500 });
      return { total: page.total, ids: page.calls.map((call) => call.id) };
    })),
    stats: await Promise.all(filters.map((filter) => store.stats(filter))),
    analytics: await Promise.all(queries.map((query) => store.analytics(query))),
    active: (await store.activeCalls()).map((call) => call.id),
  };
}

describe('sqlite store against the memory store', () => {
  it('gives the same pages, totals, stats and analytics for any history of events', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(eventArb, { minLength: 1, maxLength: 40 }), async (specs) => {
        let id = 0;
        let sqlId = 0;
        const memory = createMemoryStore({ generateCallId: () => `call_${++id}` });
        const sqlite = createSqliteStore({ path: path.join(dir, `diff-${++n}.db`), generateCallId: () => `call_${++sqlId}`, synchronous: 'NORMAL' });
        await sqlite.init();
        try {
          for (const spec of specs) {
            const event = toEvent(spec);
            const [a, b] = await Promise.allSettled([memory.append([event]), sqlite.append([event])]);
            expect(b.status).toBe(a.status);
          }
          const [expected, actual] = await Promise.all([answers(memory), answers(sqlite)]);
          expect(actual).toEqual(expected);
        } finally {
          await sqlite.close();
        }
      }),
      { numRuns: 40 },
    );
  });
});
