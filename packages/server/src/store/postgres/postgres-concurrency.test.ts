import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallStore } from '../call-store.js';
import { statusEvent, transcriptEvent } from '../contract/contract-events.js';
import { createPostgresStore } from './create-postgres-store.js';
import { quoteIdentifier } from './postgres-migrations.js';
import { TEST_DATABASE, connectTestDatabase, uniqueSchemaName } from './postgres-test-database.js';

let admin: pg.Pool;
const schemas: string[] = [];

beforeAll(async () => {
  admin = await connectTestDatabase(2);
});
afterAll(async () => {
  for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
  await admin.end();
});

/** `count` stores on one fresh schema, each with its own pool, like separate server processes. */
async function nodes(count: number, label: string): Promise<CallStore[]> {
  const schema = uniqueSchemaName(label);
  schemas.push(schema);
  const stores = Array.from({ length: count }, () => createPostgresStore({ connectionString: `postgres://${TEST_DATABASE.user}@${TEST_DATABASE.host}:${TEST_DATABASE.port}/${TEST_DATABASE.database}`, schema, maxConnections: 3 }));
  for (const store of stores) await store.init();
  return stores;
}

const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();

describe('postgres store with several writers', () => {
  it('never lets a reader see seq N+1 before seq N', async () => {
    const all = await nodes(5, 'seq');
    const reader = all[0]!;
    const writers = all.slice(1);
    const perWriter = 150;
    let writing = true;
    const writing$ = Promise.all(
      writers.map(async (store, w) => {
        // Eight appends in flight per writer, so batches of different sizes interleave across nodes.
        await Promise.all(
          Array.from({ length: 8 }, async (_, lane) => {
            for (let i = lane; i < perWriter; i += 8) {
              const n = w * perWriter + i;
              await store.append([statusEvent(`CA${n % 37}`, i % 5 === 4 ? 'completed' : 'ringing', at(n), { key: `w${w}-${i}` })]);
            }
          }),
        );
      }),
    ).finally(() => (writing = false));

    const total = writers.length * perWriter;
    const gaps: string[] = [];
    let seen = 0;
    let polls = 0;
    while (writing || seen < total) {
      const events = await reader.eventsAfter(seen, { limit: 500 });
      polls++;
      events.forEach((stored, index) => {
        if (stored.seq !== seen + index + 1) gaps.push(`after ${seen + index} came ${stored.seq}`);
      });
      if (events.length > 0) seen = events[events.length - 1]!.seq;
      if (!writing && events.length === 0 && seen < total) break;
    }
    await writing$;
    expect(gaps).toEqual([]);
    expect(seen).toBe(total);
    expect(polls).toBeGreaterThan(5);
    expect(await reader.lastSeq()).toBe(total);
    for (const store of all) await store.close();
  });

  it('creates one call and loses no update when nodes append to the same call at once', async () => {
    const stores = await nodes(4, 'same_call');
    await Promise.all(
      stores.map((store, s) => Promise.all(Array.from({ length: 10 }, (_, i) => store.append([transcriptEvent('CA-shared', `s${s}-${i}`, `node ${s} line ${i}`, at(s * 10 + i))])))),
    );
    const call = await stores[0]!.getCall('CA-shared');
    expect(call?.transcript).toHaveLength(40);
    expect(call?.version).toBe(40);
    expect((await stores[1]!.listCalls({ q: 'CA-shared' })).total).toBe(1);
    expect(await stores[2]!.callEvents(call!.id)).toHaveLength(40);
    for (const store of stores) await store.close();
  });

  it('stores an event delivered to two nodes at once only once', async () => {
    const stores = await nodes(2, 'dedupe');
    const event = statusEvent('CA-dup', 'ringing', at(0));
    const outcomes = (await Promise.all(stores.map((store) => store.append([event])))).flat();
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['duplicate', 'stored']);
    expect(await stores[0]!.lastSeq()).toBe(1);
    for (const store of stores) await store.close();
  });
});
