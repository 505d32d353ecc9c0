import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCallboard, type CallboardProcess } from './testing/spawn-callboard.js';

const DATABASE = 'postgres://postgres@127.0.0.1:5432/test';
const KEY = 'postgres-start-key-0123456789';
const schema = `cb_cli_${process.pid}_${Date.now().toString(36)}`;
let client: pg.Client;
let callboard: CallboardProcess | undefined;

beforeAll(async () => {
  client = new pg.Client({ connectionString: DATABASE });
  try {
    await client.connect();
  } catch (cause) {
    throw new Error(`PostgreSQL is not running on 127.0.0.1:5432 (database "test", user postgres): ${String(cause)}`);
  }
});

afterAll(async () => {
  callboard?.child.kill('SIGTERM');
  await callboard?.exited;
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
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
