import { randomBytes } from 'node:crypto';
import { io as connectSocketIo, type Socket as ClientSocket } from 'socket.io-client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRedisBus } from '../bus/redis-bus.js';
import { createMemoryStore } from '../store/memory/create-memory-store.js';
import { liveEvent, statusEvent, transcriptEvent } from './__tests__/call-events.js';
import { requireRedis, TEST_REDIS_URL } from './__tests__/require-services.js';
import { API_KEY, startRealtimeServer, type TestRealtimeServer } from './__tests__/start-realtime-server.js';
import { connectWsClient, type WsTestClient } from './__tests__/ws-test-client.js';

const nodes: TestRealtimeServer[] = [];
const wsClients: WsTestClient[] = [];
const sioClients: ClientSocket[] = [];

beforeAll(requireRedis);

afterEach(async () => {
  for (const client of wsClients.splice(0)) client.destroy();
  for (const socket of sioClients.splice(0)) socket.disconnect();
  await Promise.all(nodes.splice(0).map((node) => node.close()));
});

describe('several nodes in one process, sharing one store and Redis', () => {
  it('gives every client on every node every event once, in seq order, whichever node ingested it', async () => {
    // One store stands in for the shared Postgres here; each node has its own hub and Redis bus.
    const store = createMemoryStore();
    const channel = `callboard:test:${randomBytes(6).toString('hex')}:events`;
    for (let i = 0; i < 3; i++) {
      const bus = createRedisBus({ url: TEST_REDIS_URL, channel });
      await bus.ready;
      nodes.push(await startRealtimeServer({ store, bus, gapWaitMs: 50 }));
    }
    const headers = { Authorization: `Bearer ${API_KEY}` };
    for (const node of nodes) {
      for (let i = 0; i < 2; i++) {
        const client = await connectWsClient(node.wsUrl, { headers });
        wsClients.push(client);
        await client.waitFor((f) => f.type === 'welcome', 'welcome');
        client.send({ type: 'subscribe', id: 'feed', channel: 'calls' });
        await client.waitFor((f) => f.type === 'subscribed', 'subscribed');
      }
    }
    const sioSeqs: number[][] = [];
    for (const node of nodes) {
      const socket = connectSocketIo(node.httpUrl, { transports: ['websocket'], auth: { token: API_KEY }, reconnection: false, forceNew: true });
      sioClients.push(socket);
      const seqs: number[] = [];
      sioSeqs.push(seqs);
      await new Promise<void>((resolve) => {
        socket.on('callboard', (frame: { type: string; seq: number }) => {
          if (frame.type === 'welcome') socket.emit('callboard', { type: 'subscribe', id: 'feed', channel: 'calls' });
          if (frame.type === 'subscribed') resolve();
          if (frame.type === 'event') seqs.push(frame.seq);
        });
      });
    }

    // Webhooks spread over the nodes, some concurrently.
    const t = Date.now();
    const work: Array<Promise<unknown>> = [];
    for (let i = 0; i < 150; i++) {
      const node = nodes[i % 3]!;
      const n = 1 + (i % 7);
      const event = i % 3 === 0 ? statusEvent(n, 'ringing', t + i) : i % 3 === 1 ? transcriptEvent(n, t + i, `line ${i}`) : liveEvent(n, t + i);
      work.push(node.hub.ingest([event]));
      if (i % 10 === 9) await Promise.all(work.splice(0));
    }
    await Promise.all(work);
    const last = await store.lastSeq();
    expect(last).toBe(150);
    const everything = Array.from({ length: last }, (_, i) => i + 1);
    for (const client of wsClients) {
      await client.waitForSeq(last);
      expect(client.eventSeqs).toEqual(everything);
    }
    await Promise.all(
      sioClients.map(
        (socket, i) =>
          new Promise<void>((resolve) => {
            if (sioSeqs[i]!.at(-1) === last) return resolve();
            socket.on('callboard', (frame: { seq: number }) => frame.seq === last && resolve());
          }),
      ),
    );
    for (const seqs of sioSeqs) expect(seqs).toEqual(everything);
  });

  it('fills from the store what Redis lost, when its connection drops', async () => {
    const store = createMemoryStore();
    const channel = `callboard:test:${randomBytes(6).toString('hex')}:events`;
    const quietBus = createRedisBus({ url: TEST_REDIS_URL, channel });
    const loudBus = createRedisBus({ url: 'redis://127.0.0.1:1', channel, redisOptions: { retryStrategy: () => 1000 }, onError: () => undefined });
    await quietBus.ready;
    const watcher = await startRealtimeServer({ store, bus: quietBus, gapWaitMs: 50, pollIntervalMs: 100 });
    // This node cannot reach Redis at all: its events reach the other node only through the store.
    const cutOff = await startRealtimeServer({ store, bus: loudBus });
    nodes.push(watcher, cutOff);
    const client = await connectWsClient(watcher.wsUrl, { headers: { Authorization: `Bearer ${API_KEY}` } });
    wsClients.push(client);
    await client.waitFor((f) => f.type === 'welcome', 'welcome');
    client.send({ type: 'subscribe', id: 'feed', channel: 'calls' });
    await client.waitFor((f) => f.type === 'subscribed', 'subscribed');
    for (let i = 0; i < 5; i++) await cutOff.hub.ingest([statusEvent(1, 'ringing', Date.now()), liveEvent(1, Date.now())]);
    await client.waitForSeq(10);
    expect(client.eventSeqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});
