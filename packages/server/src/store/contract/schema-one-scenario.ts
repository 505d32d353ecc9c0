import { expect } from 'vitest';
import type { CallStore } from '../call-store.js';
import { statusEvent } from './contract-events.js';

const LIVE = 'CA-live-0001';
const DELETED = 'CA-deleted-0002';
const ringing = (providerCallId: string) => statusEvent(providerCallId, 'ringing', '2026-03-01T10:00:00.000Z', { from: '+15550001111' });

/**
 * The history a store migrated from schema 1 has to keep serving: a live call and a deleted
 * call, one event each. Schema 1 kept dedupe keys by provider and key, had no tombstones, and
 * put ids into the search index.
 */
export async function writeSchemaOneHistory(store: CallStore): Promise<void> {
  await store.append([ringing(LIVE)]);
  const [outcome] = await store.append([ringing(DELETED)]);
  if (outcome?.status !== 'stored') throw new Error(`${DELETED} was not stored`);
  await store.deleteCall(outcome.stored.callId, new Date('2026-03-01T10:05:00.000Z'));
}

/**
 * After the migrations: retries of both calls' events are duplicates, new events still apply,
 * and search matches ids by prefix only (the middle of an id no longer matches).
 */
export async function expectSchemaOneMigrated(store: CallStore): Promise<void> {
  const lastSeq = await store.lastSeq();
  const retries = await store.append([ringing(LIVE), ringing(DELETED)]);
  expect(retries.map((outcome) => outcome.status)).toEqual(['duplicate', 'duplicate']);
  expect(await store.lastSeq()).toBe(lastSeq);
  expect(await store.getCall(DELETED)).toBeUndefined();
  const [next] = await store.append([statusEvent(LIVE, 'in-progress', '2026-03-01T10:06:00.000Z')]);
  expect(next).toMatchObject({ status: 'stored', call: { providerCallId: LIVE, status: 'in-progress' } });
  const search = async (q: string) => (await store.listCalls({ q })).calls.map((call) => call.providerCallId);
  expect(await search('live-0001')).toEqual([]);
  expect(await search('CA-live')).toEqual([LIVE]);
  expect(await search('0001111')).toEqual([LIVE]);
}
