import { expect } from 'vitest';
import type { CallStore } from '../call-store.js';
import { statusEvent } from './contract-events.js';

const ringing = (providerCallId: string) => statusEvent(providerCallId, 'ringing', '2026-03-01T10:00:00.000Z');

/**
 * The history a store migrated from schema 1 (dedupe keys by provider and key, no tombstones) has
 * to keep deduping: a live call CA1 and a deleted call CA2, one event each.
 */
export async function writeKeysMigrationHistory(store: CallStore): Promise<void> {
  await store.append([ringing('CA1')]);
  const [outcome] = await store.append([ringing('CA2')]);
  if (outcome?.status !== 'stored') throw new Error('CA2 was not stored');
  await store.deleteCall(outcome.stored.callId, new Date('2026-03-01T10:05:00.000Z'));
}

/** After the migration: retries of both calls' events are duplicates, and new events still apply. */
export async function expectKeysMigrated(store: CallStore): Promise<void> {
  const lastSeq = await store.lastSeq();
  const retries = await store.append([ringing('CA1'), ringing('CA2')]);
  expect(retries.map((outcome) => outcome.status)).toEqual(['duplicate', 'duplicate']);
  expect(await store.lastSeq()).toBe(lastSeq);
  expect(await store.getCall('CA2')).toBeUndefined();
  const [next] = await store.append([statusEvent('CA1', 'in-progress', '2026-03-01T10:06:00.000Z')]);
  expect(next).toMatchObject({ status: 'stored', call: { providerCallId: 'CA1', status: 'in-progress' } });
}
