import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { io as connectSocketIo, type Socket as ClientSocket } from 'socket.io-client';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../store/postgres/create-postgres-store.js';
import { requirePostgres, requireRedis, TEST_POSTGRES_URL } from './__tests__/require-services.js';

const API_KEY = `key-${randomBytes(8).toString('hex')}`;
const SCHEMA = `cb_realtime_${process.pid}_${Date.now().toString(36)}`;
const CHANNEL = `callboard:test:${randomBytes(6).toString('hex')}:events`;
const NODE_SCRIPT = fileURLToPath(new URL('./__tests__/realtime-node.ts', import.meta.url));

interface NodeProcess {
  child: ChildProcess;
  port: number;
  alive: boolean;
}

const nodes: NodeProcess[] = [];

async function startNode(): Promise<NodeProcess> {
  const child = spawn(process.execPath, ['--conditions=@callboard/source', '--import', 'tsx', NODE_SCRIPT], {
    cwd: fileURLToPath(new URL('../../../../', import.meta.url)),
    env: { ...process.env, CALLBOARD_TEST_SCHEMA: SCHEMA, CALLBOARD_TEST_CHANNEL: CHANNEL, CALLBOARD_TEST_API_KEY: API_KEY },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /READY (\d+)/.exec(out);
      if (ready) resolve(Number(ready[1]));
    });
    child.once('exit', (code) => reject(new Error(`node exited with ${code} before it was ready:\n${errors}`)));
  });
  return { child, port, alive: true };
}

beforeAll(async () => {
  await requirePostgres();
  await requireRedis();
  const store = createPostgresStore({ connectionString: TEST_POSTGRES_URL, schema: SCHEMA, maxConnections: 1 });
  await store.init();
  await store.close();
  nodes.push(...(await Promise.all([startNode(), startNode(), startNode()])));
}, 120_000);

afterAll(async () => {
  for (const node of nodes) if (node.alive) node.child.kill('SIGKILL');
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  await client.end();
});

function alive(): NodeProcess[] {
  return nodes.filter((node) => node.alive);
}

/** What a dashboard client saw across all its connections. */
interface ClientLog {
  seqs: number[];
  duplicates: number;
  /** Each subscribe sent; `recovered` is filled in by the `subscribed` reply. */
  subscribes: Array<{ node: number; fromSeq: number | undefined; recovered?: boolean }>;
}

/** A frame of the protocol as the test clients read it. */
interface FeedFrame {
  type: string;
  seq: number;
  recovered: boolean;
}

/**
 * One dashboard's view of the calls feed across all its connections: subscribes (resuming from
 * the last seq it applied) on `welcome`, and counts every event it applies and every duplicate.
 */
function createFeedTracker() {
  const log: ClientLog = { seqs: [], duplicates: 0, subscribes: [] };
  let position: number | undefined;
  return {
    log,
    receive(frame: FeedFrame, node: number, send: (frame: object) => void): void {
      if (frame.type === 'welcome') {
        send({ type: 'subscribe', id: 'feed', channel: 'calls', ...(position === undefined ? {} : { fromSeq: position }) });
        log.subscribes.push({ node, fromSeq: position });
      } else if (frame.type === 'subscribed') {
        log.subscribes.at(-1)!.recovered = frame.recovered;
        position ??= frame.seq;
      } else if (frame.type === 'event') {
        if (frame.seq > position!) {
          position = frame.seq;
          log.seqs.push(frame.seq);
        } else log.duplicates += 1;
      } else if (frame.type === 'ping') send({ type: 'pong' });
    },
  };
}

/**
 * A dashboard on a plain `ws` client that, when its node dies, reconnects to another live node
 * and resumes from the last seq it applied.
 */
function resumingWsClient(startAt: number): ClientLog {
  const feed = createFeedTracker();
  const log = feed.log;
  const connect = (index: number) => {
    const node = nodes[index]!;
    const ws = new WebSocket(`ws://127.0.0.1:${node.port}/realtime`, { headers: { Authorization: `Bearer ${API_KEY}` } });
    ws.on('message', (data) => feed.receive(JSON.parse(data.toString()), index, (frame) => ws.send(JSON.stringify(frame))));
    ws.on('error', () => undefined);
    ws.once('close', () => {
      // A real client backs off before reconnecting: events keep coming meanwhile.
      if (!node.alive) setTimeout(() => connect(nodes.indexOf(alive()[0]!)), 300);
    });
    clients.push(() => ws.terminate());
  };
  connect(startAt);
  return log;
}

/** The same over a plain `socket.io-client`: on disconnect it opens a new socket to a live node. */
function resumingSocketIoClient(startAt: number): ClientLog {
  const feed = createFeedTracker();
  const log = feed.log;
  const connect = (index: number) => {
    const node = nodes[index]!;
    const socket: ClientSocket = connectSocketIo(`http://127.0.0.1:${node.port}`, { transports: ['websocket'], auth: { token: API_KEY }, reconnection: false, forceNew: true });
    socket.on('callboard', (frame: FeedFrame) => feed.receive(frame, index, (reply) => socket.emit('callboard', reply)));
    socket.once('disconnect', () => {
      if (!node.alive) setTimeout(() => connect(nodes.indexOf(alive()[0]!)), 300);
    });
    clients.push(() => socket.disconnect());
  };
  connect(startAt);
  return log;
}

const clients: Array<() => void> = [];
let completedRequests = 0;
let onRequestDone: (() => void) | undefined;

/** A bot's HTTP request to some live node; retried on another one if the node is gone (deduped by Idempotency-Key). */
async function botRequest(i: number, method: string, path: string, body: unknown): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const live = alive();
    const node = live[(i + attempt) % live.length]!;
    try {
      const response = await fetch(`http://127.0.0.1:${node.port}${path}`, {
        method,
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json', 'idempotency-key': `req-${i}` },
        body: JSON.stringify(body),
      });
      if (response.ok) {
        completedRequests += 1;
        onRequestDone?.();
        return;
      }
      throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    } catch (error) {
      if (node.alive && attempt === 4) throw error;
    }
  }
}

/** One bot call: start, transcript lines and live events, end; every step a separate request. */
async function botCall(callNo: number, firstRequest: number): Promise<void> {
  const id = `bot-${callNo}`;
  let i = firstRequest;
  await botRequest(i++, 'POST', '/api/calls', { callId: id, type: callNo % 2 ? 'inbound' : 'outbound', status: 'ringing', caller: '+15550001111', receiver: '+15550002222' });
  for (let line = 0; line < 4; line++) {
    await botRequest(i++, 'PATCH', `/api/calls/${id}/transcript`, { text: `line ${line}`, role: 'caller' });
    await botRequest(i++, 'POST', `/api/calls/${id}/events`, { name: 'tick', data: { line } });
  }
  await botRequest(i++, 'PATCH', `/api/calls/${id}`, { status: 'completed' });
}

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // Polls a condition fed by socket callbacks in this process; no event to await covers all of them at once.
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('three node processes sharing Postgres and Redis', () => {
  it('delivers every event once, in seq order, to clients on every node, and resumes clients of a node killed with SIGKILL', async () => {
    const logs = [0, 1, 2].flatMap((index) => [resumingWsClient(index), resumingWsClient(index), resumingSocketIoClient(index)]);
    await waitUntil(() => logs.every((log) => log.subscribes[0]?.recovered !== undefined), 'first subscriptions');

    // Bots report 24 calls (10 requests each) through all three nodes, four calls at a time.
    const runCalls = async (from: number, to: number) => {
      const queue = Array.from({ length: to - from }, (_, i) => from + i);
      const worker = async () => {
        for (let callNo = queue.shift(); callNo !== undefined; callNo = queue.shift()) await botCall(callNo, callNo * 100);
      };
      await Promise.all([worker(), worker(), worker(), worker()]);
    };
    // Node 1 dies mid-stream, with requests in flight to it.
    onRequestDone = () => {
      if (completedRequests !== 120) return;
      nodes[1]!.alive = false;
      nodes[1]!.child.kill('SIGKILL');
    };
    await runCalls(0, 24);

    const db = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await db.connect();
    const { rows } = await db.query(`SELECT max(seq)::int AS last, count(*)::int AS count FROM ${SCHEMA}.events`);
    await db.end();
    const last = rows[0].last as number;
    expect(rows[0].count).toBe(last);
    expect(last).toBeGreaterThanOrEqual(24 * 10);
    await waitUntil(() => logs.every((log) => log.seqs.at(-1) === last), 'every client to reach the last seq');

    const everything = Array.from({ length: last }, (_, i) => i + 1);
    for (const log of logs) {
      expect(log.seqs).toEqual(everything);
      expect(log.duplicates).toBe(0);
    }
    const resumed = logs.filter((log) => log.subscribes.length > 1);
    expect(resumed).toHaveLength(3);
    for (const log of resumed) {
      expect(log.subscribes[0]!.node).toBe(1);
      expect(log.subscribes[1]!.fromSeq).toBeLessThan(last - 20);
      expect(log.subscribes.slice(1)).toEqual([expect.objectContaining({ recovered: true })]);
    }
    for (const close of clients.splice(0)) close();
  }, 120_000);
});
