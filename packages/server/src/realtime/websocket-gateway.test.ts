import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { liveEvent, statusEvent, transcriptEvent } from './__tests__/call-events.js';
import { createManualClock, type ManualClock } from './__tests__/manual-clock.js';
import { API_KEY, startRealtimeServer, type TestRealtimeServer } from './__tests__/start-realtime-server.js';
import { connectWsClient, type WsTestClient } from './__tests__/ws-test-client.js';
import type { CallStore } from '../store/call-store.js';
import { createMemoryStore } from '../store/memory/create-memory-store.js';

const bearer = { Authorization: `Bearer ${API_KEY}` };
let node: TestRealtimeServer | undefined;
const clients: WsTestClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await node?.close();
  node = undefined;
});

async function connect(url: string, options: Parameters<typeof connectWsClient>[1] = { headers: bearer }): Promise<WsTestClient> {
  const client = await connectWsClient(url, options);
  clients.push(client);
  return client;
}

async function subscribe(client: WsTestClient, frame: Record<string, unknown>) {
  await client.waitFor((f) => f.type === 'welcome', 'welcome');
  client.send({ type: 'subscribe', ...frame });
  return client.waitFor((f) => f.type === 'subscribed' && f.id === frame.id, `subscribed ${String(frame.id)}`);
}

/** A client-to-server round trip: when the pong is back, the server has handled every earlier frame. */
async function roundTrip(client: WsTestClient): Promise<void> {
  await client.roundTrip();
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

describe('plain WebSocket gateway', () => {
  it('streams the events of a call in seq order, once each, with the call after each event', async () => {
    node = await startRealtimeServer();
    const client = await connect(node.wsUrl);
    const subscribed = await subscribe(client, { id: 'c1', channel: 'call', callId: 'call_test_1' });
    expect(subscribed).toMatchObject({ recovered: false, seq: 0, snapshot: { call: null } });

    const t = Date.parse('2026-03-02T09:00:00Z');
    const statuses = ['initiated', 'ringing', 'in-progress', 'completed'] as const;
    await Promise.all(
      statuses.flatMap((status, i) => [
        node!.hub.ingest([statusEvent(1, status, t + i * 1000)]),
        node!.hub.ingest([statusEvent(2, status, t + i * 1000)]),
        node!.hub.ingest([transcriptEvent(1, t + i * 1000 + 500, `line ${i}`)]),
      ]),
    );
    const expected = (await node.store.callEvents('call_test_1')).map((stored) => stored.seq);
    expect(expected).toHaveLength(8);
    await client.waitForSeq(expected.at(-1)!);
    await roundTrip(client);
    expect(client.eventSeqs).toEqual(expected);
    const last = client.frames.filter((f) => f.type === 'event').at(-1)!;
    expect(last.call).toMatchObject({ id: 'call_test_1', status: 'completed', version: expected.at(-1) });
    expect(last.call.transcript).toHaveLength(4);
  });

  it('sends every event to a feed subscriber in seq order, and only matching ones to a filtered feed', async () => {
    node = await startRealtimeServer();
    const all = await connect(node.wsUrl);
    const inbound = await connect(node.wsUrl);
    await subscribe(all, { id: 'all', channel: 'calls' });
    await subscribe(inbound, { id: 'in', channel: 'calls', filter: { direction: 'inbound', status: ['ringing', 'in-progress'] } });
    const t = Date.parse('2026-03-02T09:00:00Z');
    for (let n = 1; n <= 4; n++) {
      await node.hub.ingest([statusEvent(n, 'ringing', t), transcriptEvent(n, t + 1, 'hello'), statusEvent(n, 'completed', t + 2), transcriptEvent(n, t + 3, 'bye')]);
    }
    const last = await node.store.lastSeq();
    await all.waitForSeq(last);
    expect(all.eventSeqs).toEqual(range(1, last));
    await roundTrip(inbound);
    // Inbound calls are the odd ones; a status change always comes (so the client sees the call
    // leave the filter), a transcript only while the call matches the whole filter.
    const received = inbound.frames.filter((f) => f.type === 'event').map((f) => `${f.call.id}:${f.event.type}:${f.call.status}`);
    expect(received).toEqual([
      'call_test_1:call.status:ringing',
      'call_test_1:call.transcript:ringing',
      'call_test_1:call.status:completed',
      'call_test_3:call.status:ringing',
      'call_test_3:call.transcript:ringing',
      'call_test_3:call.status:completed',
    ]);
  });

  it("gives a feed filtered by metadata only its tenant's calls: snapshot and live events", async () => {
    node = await startRealtimeServer();
    const t = Date.parse('2026-03-02T09:00:00Z');
    const tenant = (n: number) => ({ metadata: { tenant: n % 3 === 0 ? 'zen' : 'acme' } });
    // Before anyone subscribes: calls 1-3 ring, 4 finished (acme), 6 finished (zen).
    await node.hub.ingest([1, 2, 3].map((n) => statusEvent(n, 'ringing', t + n, tenant(n))));
    await node.hub.ingest([statusEvent(4, 'completed', t + 4, tenant(4)), statusEvent(6, 'completed', t + 6, tenant(6))]);
    const acme = await connect(node.wsUrl);
    const zen = await connect(node.wsUrl);
    const acmeSubscribed = await subscribe(acme, { id: 'acme', channel: 'calls', filter: { metadata: { tenant: 'acme' } }, recent: 10 });
    await subscribe(zen, { id: 'zen', channel: 'calls', filter: { metadata: { tenant: 'zen' } } });
    expect(acmeSubscribed.snapshot.active.map((call: { id: string }) => call.id).sort()).toEqual(['call_test_1', 'call_test_2']);
    expect(acmeSubscribed.snapshot.recent.map((call: { id: string }) => call.id)).toEqual(['call_test_4']);

    for (const n of [1, 2, 3]) await node.hub.ingest([statusEvent(n, 'completed', t + 100 + n), transcriptEvent(n, t + 200 + n, 'bye')]);
    await node.hub.delete('call_test_3');
    await node.hub.delete('call_test_2');
    await roundTrip(acme);
    await roundTrip(zen);
    const seen = (client: WsTestClient) => client.frames.filter((f) => f.type === 'event').map((f) => `${f.event.callId ?? f.call?.id}:${f.event.type}`);
    // A deletion carries no call to judge, so every feed of the provider gets it (docs/protocol.md §4).
    expect(seen(acme)).toEqual([
      'call_test_1:call.status',
      'call_test_1:call.transcript',
      'call_test_2:call.status',
      'call_test_2:call.transcript',
      'call_test_3:call.deleted',
      'call_test_2:call.deleted',
    ]);
    expect(seen(zen)).toEqual(['call_test_3:call.status', 'call_test_3:call.transcript', 'call_test_3:call.deleted', 'call_test_2:call.deleted']);
  });

  it('refuses a metadata filter that is not a small map of strings', async () => {
    node = await startRealtimeServer();
    const client = await connect(node.wsUrl);
    await client.waitFor((f) => f.type === 'welcome', 'welcome');
    for (const metadata of [{}, { tenant: 7 }, { 'a b': 'x' }, Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i}`, 'v']))]) {
      client.send({ type: 'subscribe', id: 'x', channel: 'calls', filter: { metadata } });
    }
    await roundTrip(client);
    expect(client.frames.filter((f) => f.type === 'error').map((f) => f.code)).toEqual(['BAD_PAYLOAD', 'BAD_PAYLOAD', 'BAD_PAYLOAD', 'BAD_PAYLOAD']);
  });

  it('answers a feed subscription without fromSeq with the active calls and the latest finished ones', async () => {
    node = await startRealtimeServer();
    const t = Date.parse('2026-03-02T09:00:00Z');
    await node.hub.ingest([statusEvent(1, 'ringing', t), statusEvent(2, 'completed', t + 1), statusEvent(3, 'in-progress', t + 2), statusEvent(4, 'busy', t + 3)]);
    const client = await connect(node.wsUrl);
    const subscribed = await subscribe(client, { id: 'f', channel: 'calls', recent: 1 });
    expect(subscribed.recovered).toBe(false);
    expect(subscribed.seq).toBe(4);
    expect(subscribed.snapshot.active.map((call: { id: string }) => call.id).sort()).toEqual(['call_test_1', 'call_test_3']);
    expect(subscribed.snapshot.recent).toHaveLength(1);
    expect(['completed', 'busy']).toContain(subscribed.snapshot.recent[0].status);
  });

  describe('resume after a cut while events keep coming', () => {
    for (const seconds of [1, 10, 60]) {
      it(`replays every event missed during a ${seconds} s cut exactly once, then goes live`, async () => {
        const clock = createManualClock();
        node = await startRealtimeServer({ clock });
        const ingestTick = async (tick: number) => {
          // Steady rate: 20 events per second of virtual time, over five calls.
          await node!.hub.ingest([liveEvent(tick % 5, clock.now(), 64), statusEvent(tick % 5, 'ringing', clock.now())]);
        };
        const first = await connect(node.wsUrl);
        await subscribe(first, { id: 'feed', channel: 'calls' });
        for (let tick = 0; tick < 10; tick++) {
          await ingestTick(tick);
          clock.advance(100);
        }
        await first.waitForSeq(await node.store.lastSeq());
        const position = first.eventSeqs.at(-1)!;

        first.cutOff();
        for (let tick = 0; tick < seconds * 10; tick++) {
          await ingestTick(tick);
          clock.advance(100);
        }

        const second = await connect(node.wsUrl);
        await second.waitFor((f) => f.type === 'welcome', 'welcome');
        second.send({ type: 'subscribe', id: 'feed', channel: 'calls', fromSeq: position });
        // Live events keep coming while the replay runs.
        for (let tick = 0; tick < 20; tick++) await ingestTick(tick);
        const subscribed = await second.waitFor((f) => f.type === 'subscribed', 'subscribed');
        expect(subscribed).toMatchObject({ recovered: true, seq: position });
        const last = await node.store.lastSeq();
        await second.waitForSeq(last);
        await roundTrip(second);
        expect(last - position).toBeGreaterThanOrEqual(seconds * 20 + 40);
        expect(second.eventSeqs).toEqual(range(position + 1, last));
      });
    }
  });

  it('merges live events that arrive while the replay reads the store, by seq, with no gap and no duplicate', async () => {
    const store = createMemoryStore();
    let release: (() => void) | undefined;
    let blocked: (() => void) | undefined;
    const readStarted = new Promise<void>((resolve) => (blocked = resolve));
    const gated: CallStore = {
      ...store,
      async eventsAfter(afterSeq, options) {
        const page = await store.eventsAfter(afterSeq, options);
        if (release === undefined) {
          await new Promise<void>((resolve) => {
            release = resolve;
            blocked!();
          });
        }
        return page;
      },
    };
    node = await startRealtimeServer({ store: gated });
    const t = Date.now();
    for (let i = 0; i < 10; i++) await node.hub.ingest([statusEvent(1 + (i % 3), 'ringing', t), liveEvent(1 + (i % 3), t)]);
    const client = await connect(node.wsUrl);
    // A live subscription on the same connection: its events during the replay wait too.
    await subscribe(client, { id: 'c2', channel: 'call', callId: 'call_test_2' });
    client.send({ type: 'subscribe', id: 'feed', channel: 'calls', fromSeq: 5 });
    await readStarted;
    // The replay has read seqs 6..20 and is held; these go live meanwhile and must wait behind it.
    for (let i = 0; i < 10; i++) await node.hub.ingest([liveEvent(1 + (i % 3), t)]);
    release!();
    await client.waitForSeq(30);
    await roundTrip(client);
    expect(client.eventSeqs).toEqual(range(6, 30));
  });

  it('answers a subscribe the store cannot serve with an INTERNAL error naming it, and keeps the connection', async () => {
    const store = createMemoryStore();
    const broken: CallStore = {
      ...store,
      getCall: async () => Promise.reject(new Error('database is down')),
      eventsAfter: async () => Promise.reject(new Error('database is down')),
    };
    node = await startRealtimeServer({ store: broken });
    await node.hub.ingest([statusEvent(1, 'ringing', Date.now())]);
    const client = await connect(node.wsUrl);
    await client.waitFor((f) => f.type === 'welcome', 'welcome');
    client.send({ type: 'subscribe', id: 'one', channel: 'call', callId: 'call_test_1' });
    client.send({ type: 'subscribe', id: 'feed', channel: 'calls', fromSeq: 0 });
    expect(await client.waitFor((f) => f.type === 'error' && f.id === 'one', 'error one')).toMatchObject({ code: 'INTERNAL' });
    expect(await client.waitFor((f) => f.type === 'error' && f.id === 'feed', 'error feed')).toMatchObject({ code: 'INTERNAL' });
    await node.hub.ingest([statusEvent(1, 'completed', Date.now())]);
    await roundTrip(client);
    expect(client.eventSeqs).toEqual([]);
    // The failed ids are free again.
    const before = client.frames.length;
    client.send({ type: 'subscribe', id: 'feed', channel: 'calls' });
    const again = await client.waitFor((f) => f.type === 'subscribed' && f.id === 'feed' && client.frames.indexOf(f) >= before, 'subscribed');
    expect(again).toMatchObject({ recovered: false, seq: 2 });
  });

  it('recovers a call subscription that was quiet for 5 minutes while heartbeats and retention ran', async () => {
    const clock = createManualClock();
    node = await startRealtimeServer({ clock });
    const client = await connect(node.wsUrl);
    await subscribe(client, { id: 'quiet', channel: 'call', callId: 'call_test_1' });
    await node.hub.ingest([statusEvent(1, 'in-progress', clock.now())]);
    await client.waitForSeq(1);
    const position = client.eventSeqs.at(-1)!;

    // Five virtual minutes: other calls keep the log moving, the server pings, the client answers,
    // and a retention job keeps 10 minutes of events.
    for (let second = 1; second <= 300; second++) {
      await node.hub.ingest([liveEvent(2 + (second % 3), clock.now())]);
      clock.advance(1000);
      if (second % 5 === 0) await roundTrip(client);
      if (second % 60 === 0) await node.store.pruneEvents(new Date(clock.now() - 10 * 60_000));
    }
    expect(client.frames.filter((f) => f.type === 'ping').length).toBeGreaterThanOrEqual(11);
    expect(client.eventSeqs).toEqual([position]);

    client.cutOff();
    await node.hub.ingest([transcriptEvent(1, clock.now(), 'still here'), liveEvent(3, clock.now())]);
    const callSeq = (await node.store.callEvents('call_test_1')).at(-1)!.seq;
    const again = await connect(node.wsUrl);
    const subscribed = await subscribe(again, { id: 'quiet', channel: 'call', callId: 'call_test_1', fromSeq: position });
    expect(subscribed).toMatchObject({ recovered: true, seq: position });
    await again.waitForSeq(callSeq);
    await roundTrip(again);
    expect(again.eventSeqs).toEqual([callSeq]);
  });

  it('closes a connection that stays silent past the heartbeat window with 4002', async () => {
    const clock = createManualClock();
    node = await startRealtimeServer({ clock });
    const client = await connect(node.wsUrl, { headers: bearer, answerPings: false });
    await client.waitFor((f) => f.type === 'welcome', 'welcome');
    let closed = false;
    void client.closed.then(() => (closed = true));
    // Pinged within one heartbeat period (25 s)...
    clock.advance(25_000);
    await client.waitFor((f) => f.type === 'ping', 'ping');
    // ...still open after 44 s of silence (heartbeat 25 s + timeout 20 s not yet passed)...
    clock.advance(19_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(false);
    // ...and closed by the next heartbeat of its slice, at most one period later.
    clock.advance(31_000);
    expect((await client.closed).code).toBe(4002);
  });

  it('spreads the pings of many connections over the heartbeat period', async () => {
    const clock = createManualClock();
    node = await startRealtimeServer({ clock });
    const many = await Promise.all(Array.from({ length: 50 }, () => connect(node!.wsUrl)));
    await Promise.all(many.map((client) => client.waitFor((f) => f.type === 'welcome', 'welcome')));
    const pingsSoFar = () => many.reduce((sum, client) => sum + client.frames.filter((f) => f.type === 'ping').length, 0);
    const perSecond: number[] = [];
    for (let second = 0; second < 25; second++) {
      const before = pingsSoFar();
      clock.advance(1000);
      await Promise.all(many.map((client) => client.roundTrip()));
      perSecond.push(pingsSoFar() - before);
    }
    // Every connection got one ping in the period, never more than 2 (50 over 25 slices) in one second.
    expect(perSecond.reduce((a, b) => a + b, 0)).toBe(50);
    expect(Math.max(...perSecond)).toBeLessThanOrEqual(2);
  });

  it('answers recovered:false with a fresh snapshot when fromSeq is older than retention, never a partial replay', async () => {
    const clock = createManualClock();
    node = await startRealtimeServer({ clock });
    const start = clock.now();
    await node.hub.ingest([statusEvent(1, 'ringing', start), statusEvent(2, 'ringing', start)]);
    const position = 1; // the client had applied seq 1 only
    clock.advance(10 * 60_000);
    await node.hub.ingest([statusEvent(1, 'in-progress', clock.now()), statusEvent(3, 'completed', clock.now())]);
    await node.store.pruneEvents(new Date(clock.now() - 5 * 60_000));
    expect(await node.store.firstRetainedSeq()).toBeGreaterThan(position + 1);

    const client = await connect(node.wsUrl);
    const feed = await subscribe(client, { id: 'feed', channel: 'calls', fromSeq: position });
    expect(feed).toMatchObject({ recovered: false, seq: 4 });
    expect(feed.snapshot.active.map((c: { id: string; status: string }) => `${c.id}:${c.status}`).sort()).toEqual([
      'call_test_1:in-progress',
      'call_test_2:ringing',
    ]);
    const call = await subscribe(client, { id: 'one', channel: 'call', callId: 'CA1', fromSeq: position });
    expect(call).toMatchObject({ recovered: false, seq: 4, callId: 'call_test_1', snapshot: { call: { id: 'call_test_1', status: 'in-progress' } } });
    await roundTrip(client);
    expect(client.eventSeqs).toEqual([]);
  });

  it('treats a fromSeq beyond the end of the log (a reset store) as not recovered', async () => {
    node = await startRealtimeServer();
    await node.hub.ingest([statusEvent(1, 'ringing', Date.now())]);
    const client = await connect(node.wsUrl);
    expect(await subscribe(client, { id: 'feed', channel: 'calls', fromSeq: 500 })).toMatchObject({ recovered: false, seq: 1 });
  });
});

describe('plain WebSocket gateway: auth', () => {
  it('closes with 4001 for a wrong key on the upgrade', async () => {
    node = await startRealtimeServer();
    const client = await connect(node.wsUrl, { headers: { Authorization: 'Bearer nope' } });
    expect((await client.closed).code).toBe(4001);
  });

  it('closes with 4001 for a wrong token in the query', async () => {
    node = await startRealtimeServer();
    const client = await connect(`${node.wsUrl}?token=cb1.forged.token`, {});
    expect((await client.closed).code).toBe(4001);
  });

  it('accepts a token in the query and a credential in a first auth frame', async () => {
    node = await startRealtimeServer();
    const { token } = node.auth.mintToken({ subject: 'wall', scopes: ['read'], ttlSec: 60 });
    const viaQuery = await connect(`${node.wsUrl}?token=${encodeURIComponent(token)}`, {});
    expect(await viaQuery.waitFor((f) => f.type === 'welcome', 'welcome')).toMatchObject({ protocol: 1, scopes: ['read'] });
    const viaFrame = await connect(node.wsUrl, {});
    viaFrame.send({ type: 'subscribe', id: 'early', channel: 'calls' });
    expect(await viaFrame.waitFor((f) => f.type === 'error', 'error')).toMatchObject({ code: 'UNAUTHORIZED' });
    viaFrame.send({ type: 'auth', token });
    await viaFrame.waitFor((f) => f.type === 'welcome', 'welcome');
    expect(await subscribe(viaFrame, { id: 'feed', channel: 'calls' })).toMatchObject({ recovered: false });
  });

  it('closes with 4001 when no auth frame comes within the deadline', async () => {
    const clock = createManualClock();
    node = await startRealtimeServer({ clock });
    const client = await connect(node.wsUrl, {});
    await roundTrip(client);
    clock.advance(5_000);
    expect((await client.closed).code).toBe(4001);
  });

  it('closes with 4003 for a credential that may not use realtime at all', async () => {
    node = await startRealtimeServer();
    const { token } = node.auth.mintToken({ subject: 'bot', scopes: ['ingest'], ttlSec: 60 });
    const client = await connect(node.wsUrl, { headers: { Authorization: `Bearer ${token}` } });
    expect((await client.closed).code).toBe(4003);
  });

  it('refuses a calls subscription without the read scope, and a room the token does not list', async () => {
    node = await startRealtimeServer();
    const { token } = node.auth.mintToken({ subject: 'dialer', scopes: ['ingest'], ttlSec: 60, rooms: ['room_1'] });
    const client = await connect(node.wsUrl, { headers: { Authorization: `Bearer ${token}` } });
    await client.waitFor((f) => f.type === 'welcome', 'welcome');
    client.send({ type: 'subscribe', id: 'feed', channel: 'calls' });
    expect(await client.waitFor((f) => f.type === 'error' && f.id === 'feed', 'error')).toMatchObject({ code: 'FORBIDDEN' });
    client.send({ type: 'subscribe', id: 'r2', channel: 'room', room: 'room_2' });
    expect(await client.waitFor((f) => f.type === 'error' && f.id === 'r2', 'error')).toMatchObject({ code: 'FORBIDDEN' });
    expect(await subscribe(client, { id: 'r1', channel: 'room', room: 'room_1' })).toMatchObject({ recovered: false, room: 'room_1' });
    await node.hub.ingest([statusEvent(1, 'ringing', Date.now())]);
    await roundTrip(client);
    expect(client.eventSeqs).toEqual([]);
  });

  it('closes with 4001 when the token expires, unless the client refreshed it', async () => {
    const clock = createManualClock();
    node = await startRealtimeServer({ clock, auth: (await import('../auth/index.js')).createAuth({ apiKeys: [API_KEY], clock }) });
    const short = node.auth.mintToken({ subject: 'a', scopes: ['read'], ttlSec: 30 }).token;
    const refreshed = await connect(node.wsUrl, { headers: { Authorization: `Bearer ${short}` } });
    const stale = await connect(node.wsUrl, { headers: { Authorization: `Bearer ${short}` } });
    await subscribe(refreshed, { id: 'feed', channel: 'calls' });
    await stale.waitFor((f) => f.type === 'welcome', 'welcome');
    refreshed.send({ type: 'auth', token: node.auth.mintToken({ subject: 'a', scopes: ['read'], ttlSec: 3600 }).token });
    await refreshed.waitFor((f) => f.type === 'welcome' && f !== refreshed.frames[0], 'second welcome');
    // Expiry is checked at each connection's heartbeat: within one period (25 s) of the 30 s TTL.
    for (let second = 0; second < 55; second += 5) {
      clock.advance(5_000);
      await roundTrip(refreshed);
    }
    expect((await stale.closed).code).toBe(4001);
    await node.hub.ingest([statusEvent(1, 'ringing', clock.now())]);
    await refreshed.waitForSeq(1);
  });
});

describe('plain WebSocket gateway: load and lifecycle', () => {
  it('closes a client that stops reading with 4008 once its buffer passes the cap, without buffering more', async () => {
    const cap = 256 * 1024;
    node = await startRealtimeServer({ maxBufferedBytes: cap });
    // The server's side of each connection, to read how much it queues for each.
    const serverSockets: Socket[] = [];
    node.server.on('upgrade', (_request, socket: Socket) => serverSockets.push(socket));
    const slow = await connect(node.wsUrl);
    const healthy = await connect(node.wsUrl);
    await subscribe(slow, { id: 'feed', channel: 'calls' });
    await subscribe(healthy, { id: 'feed', channel: 'calls' });
    slow.pauseReading();
    let mostQueued = 0;
    // ~34 MB of frames (17 KB each): far more than the kernel buffers of a loopback socket absorb.
    for (let i = 0; i < 2000; i++) {
      await node.hub.ingest([liveEvent(1 + (i % 3), Date.now(), 16_000)]);
      for (const socket of serverSockets) mostQueued = Math.max(mostQueued, socket.writableLength);
      if (i % 50 === 0) await roundTrip(healthy);
    }
    const last = await node.store.lastSeq();
    await healthy.waitForSeq(last, 30_000);
    expect(node.realtime.engine.connectionCount).toBe(1);
    // What the server ever queued for a socket: at most the cap and the frame that crossed it.
    expect(serverSockets).toHaveLength(2);
    expect(mostQueued).toBeGreaterThan(0);
    expect(mostQueued).toBeLessThan(cap + 64 * 1024);
    slow.resumeReading();
    const closed = await slow.closed;
    expect(closed.code).toBe(4008);
    // What the slow client got before the close is a prefix of the log, so it can resume from it.
    expect(slow.eventSeqs).toEqual(range(1, slow.eventSeqs.length));
    expect(slow.eventSeqs.length).toBeLessThan(last);
  });

  it('closes every connection with 4013 and the retry hint on shutdown', async () => {
    node = await startRealtimeServer();
    const client = await connect(node.wsUrl);
    await subscribe(client, { id: 'feed', channel: 'calls' });
    await node.realtime.close({ retryAfterMs: 1500, graceMs: 1000 });
    const closed = await client.closed;
    expect(closed.code).toBe(4013);
    expect(JSON.parse(closed.reason)).toEqual({ message: 'server shutting down', retryAfterMs: 1500 });
    expect(client.frames.at(-1)).toEqual({ type: 'close', code: 4013, reason: 'server shutting down', retryAfterMs: 1500 });
  });

  it('closes connections beyond the limit with 4029 and a retry hint', async () => {
    node = await startRealtimeServer({ maxConnections: 1, tooManyConnectionsRetryAfterMs: 3000 });
    await connect(node.wsUrl);
    const extra = await connect(node.wsUrl);
    const closed = await extra.closed;
    expect(closed.code).toBe(4029);
    expect(JSON.parse(closed.reason).retryAfterMs).toBe(3000);
  });

  it('answers malformed frames with BAD_PAYLOAD and unknown types with UNSUPPORTED, and keeps the connection', async () => {
    node = await startRealtimeServer();
    const client = await connect(node.wsUrl);
    await client.waitFor((f) => f.type === 'welcome', 'welcome');
    client.socket.send('not json');
    client.send({ type: 'subscribe', id: 'x', channel: 'calls', filter: { status: ['dancing'] } });
    client.send({ type: 'teleport' });
    await client.waitFor((f) => f.type === 'error' && f.code === 'UNSUPPORTED', 'UNSUPPORTED');
    expect(client.frames.filter((f) => f.type === 'error').map((f) => f.code)).toEqual(['BAD_PAYLOAD', 'BAD_PAYLOAD', 'UNSUPPORTED']);
    expect(await subscribe(client, { id: 'x', channel: 'calls' })).toMatchObject({ recovered: false });
    client.send({ type: 'subscribe', id: 'x', channel: 'calls' });
    expect(await client.waitFor((f) => f.type === 'error' && f.code === 'CONFLICT', 'CONFLICT')).toMatchObject({ id: 'x' });
    client.send({ type: 'unsubscribe', id: 'x' });
    await client.waitFor((f) => f.type === 'unsubscribed' && f.id === 'x', 'unsubscribed');
    await node.hub.ingest([statusEvent(1, 'ringing', Date.now())]);
    await roundTrip(client);
    expect(client.eventSeqs).toEqual([]);
  });
});
