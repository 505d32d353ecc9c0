import { Redis } from 'ioredis';
import pg from 'pg';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCallboard, type CallboardProcess } from './__tests__/spawn-callboard.js';

const DATABASE = 'postgres://postgres@127.0.0.1:5432/test';
const KEY = 'postgres-start-key-0123456789';
const schema = `cb_cli_${process.pid}_${Date.now().toString(36)}`;
let client: pg.Client;
let callboard: CallboardProcess | undefined;
const nodes: CallboardProcess[] = [];

beforeAll(async () => {
  client = new pg.Client({ connectionString: DATABASE });
  try {
    await client.connect();
  } catch (cause) {
    throw new Error(`PostgreSQL is not running on 127.0.0.1:5432 (database "test", user postgres): ${String(cause)}`);
  }
});

afterAll(async () => {
  for (const node of [callboard, ...nodes]) node?.child.kill('SIGTERM');
  await Promise.all([callboard, ...nodes].map((node) => node?.exited));
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.query(`DROP SCHEMA IF EXISTS "${schema}_nodes" CASCADE`);
  await client.end();
});

describe('callboard start --db postgres://...', () => {
  it('stores and reads calls in the given schema', async () => {
    callboard = await spawnCallboard(['start', '--port', '0', '--db', `${DATABASE}?schema=${schema}`], { CALLBOARD_API_KEY: KEY, CALLBOARD_SIMULATE: '0' });
    const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
    const created = await fetch(`${callboard.url}/api/calls`, { method: 'POST', headers, body: JSON.stringify({ callId: 'PG-1', type: 'inbound', caller: '+254700000001' }) });
    expect(created.status).toBe(201);
    const { call } = (await (await fetch(`${callboard.url}/api/calls/PG-1`, { headers })).json()) as { call: { from: string } };
    expect(call.from).toBe('+254700000001');
    const rows = await client.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1`, [schema]);
    expect(rows.rows[0].n).toBeGreaterThan(0);
  });
});

describe('two callboard start nodes sharing Postgres and Redis', () => {
  it('streams a call written through one node to a client of the other', async () => {
    const redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
    } catch (cause) {
      throw new Error(`Redis is not running on 127.0.0.1:6379: ${String(cause)}`);
    } finally {
      redis.disconnect();
    }
    const env = {
      CALLBOARD_API_KEY: KEY,
      CALLBOARD_SIMULATE: '0',
      REDIS_URL: 'redis://127.0.0.1:6379',
      CALLBOARD_REDIS_CHANNEL: `callboard-test:${schema}`,
    };
    const db = `${DATABASE}?schema=${schema}_nodes`;
    nodes.push(...(await Promise.all([spawnCallboard(['start', '--port', '0', '--db', db], env), spawnCallboard(['start', '--port', '0', '--db', db], env)])));
    const [a, b] = nodes as [CallboardProcess, CallboardProcess];
    const socket = new WebSocket(`${b.url.replace('http', 'ws')}/realtime?token=${KEY}`);
    const seen = new Promise<any>((resolve) => {
      socket.on('message', (data) => {
        const frame = JSON.parse(data.toString());
        if (frame.type === 'welcome') socket.send(JSON.stringify({ type: 'subscribe', id: 'feed', channel: 'calls' }));
        if (frame.type === 'subscribed') {
          void fetch(`${a.url}/api/calls`, {
            method: 'POST',
            headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
            body: JSON.stringify({ callId: 'TWO-NODES', type: 'outbound' }),
          });
        }
        if (frame.type === 'event' && frame.event.providerCallId === 'TWO-NODES') resolve(frame);
      });
    });
    const frame = await seen;
    expect(frame.call).toMatchObject({ providerCallId: 'TWO-NODES', direction: 'outbound' });
    socket.close();
  });
});
