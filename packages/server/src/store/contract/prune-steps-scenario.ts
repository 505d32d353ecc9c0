import { expect } from 'vitest';
import type { CallStore } from '../call-store.js';
import { statusEvent } from './contract-events.js';

const OLD = '2026-01-01T00:00:00Z';
const at = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

/**
 * For a SQL store opened with `pruneChunk: 2`: 7 old events (5 calls' callbacks, 2 calls deleted
 * with their tombstones) and 3 newer ones, pruned in steps of two rows per table. Checks that
 * the steps drop what one large prune would: the old events, their dedupe keys (a provider's
 * retry of an old callback is stored again) and the tombstones; and that the calls and the newer
 * events stay. Resolves with the order in which the prune and an append made while it ran settled.
 */
export async function pruneStepsScenario(store: CallStore): Promise<string[]> {
  for (let i = 1; i <= 7; i++) await store.append([statusEvent(`CA${i}`, 'ringing', at(OLD, i))]);
  // Two deletions in the window leave tombstones (deleted_ms is the deletion time).
  await store.deleteCall((await store.getCall('CA6'))!.id, new Date(at(OLD, 10)));
  await store.deleteCall((await store.getCall('CA7'))!.id, new Date(at(OLD, 11)));
  for (let i = 1; i <= 3; i++) await store.append([statusEvent(`CA${i}`, 'in-progress', at('2026-01-20T00:00:00Z', i))]);
  // seqs 1-5 (6 and 7 went with their calls), the deletions 8 and 9, then 10-12.
  expect((await store.eventsAfter(0)).map((stored) => stored.seq)).toEqual([1, 2, 3, 4, 5, 8, 9, 10, 11, 12]);
  const settled: string[] = [];
  const pruned = store.pruneEvents(new Date('2026-01-10T00:00:00Z')).finally(() => settled.push('pruned'));
  const appended = store.append([statusEvent('CA8', 'ringing', '2026-01-21T00:00:00Z')]).finally(() => settled.push('appended'));
  expect(await pruned).toBe(7);
  expect(await appended).toMatchObject([{ status: 'stored', stored: { seq: 13 } }]);
  expect(await store.firstRetainedSeq()).toBe(10);
  expect((await store.eventsAfter(0)).map((stored) => stored.seq)).toEqual([10, 11, 12, 13]);
  expect((await store.getCall('CA1'))?.status).toBe('in-progress');
  expect((await store.getCall('CA5'))?.status).toBe('ringing');
  // Keys and tombstones went too: a retry of CA5's first callback is stored again, and CA6 (deleted) comes back as a new call.
  expect(await store.append([statusEvent('CA5', 'ringing', at(OLD, 5))])).toMatchObject([{ status: 'stored' }]);
  expect(await store.append([statusEvent('CA6', 'ringing', at(OLD, 6))])).toMatchObject([{ status: 'stored' }]);
  expect((await store.getCall('CA6'))?.status).toBe('ringing');
  return settled;
}

/**
 * For a SQL store opened with `pruneChunk: 20` (two calls per step): five calls that started
 * before the cutoff and one after it. A `pruneCalls` aborted right after it is called stops after
 * its first step (two calls gone, stats already without them); a second one deletes the other
 * three in two more steps; the newer call stays.
 */
export async function pruneCallsStepsScenario(store: CallStore): Promise<void> {
  for (let i = 1; i <= 5; i++) await store.append([statusEvent(`CA${i}`, 'ringing', at(OLD, i))]);
  await store.append([statusEvent('CA9', 'ringing', '2026-01-20T00:00:00Z')]);
  const cutoff = new Date('2026-01-10T00:00:00Z');
  const controller = new AbortController();
  const pruning = store.pruneCalls(cutoff, { signal: controller.signal });
  controller.abort(); // the first step is already under way
  expect(await pruning).toBe(2);
  expect((await store.stats()).total).toBe(4);
  expect(await store.getCall('CA1')).toBeUndefined();
  expect(await store.getCall('CA3')).toBeDefined();
  expect(await store.pruneCalls(cutoff)).toBe(3);
  expect((await store.listCalls({})).calls.map((call) => call.providerCallId)).toEqual(['CA9']);
  expect((await store.analytics({ from: '2026-01-01T00:00:00Z', to: '2026-01-21T00:00:00Z', bucket: 'day' })).totals.calls).toBe(1);
}
