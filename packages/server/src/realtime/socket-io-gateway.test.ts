import fc from 'fast-check';
import { io as connectSocketIo, type ManagerOptions, type Socket as ClientSocket, type SocketOptions } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { liveEvent, statusEvent, transcriptEvent } from './__tests__/call-events.js';
import { API_KEY, startRealtimeServer, type TestRealtimeServer } from './__tests__/start-realtime-server.js';
import { connectWsClient, createFrameWaiter } from './__tests__/ws-test-client.js';

type Frame = { type: string } & Record<string, any>;

interface SioTestClient {
  socket: ClientSocket;
  frames: Frame[];
  legacy: Array<{ name: string; call: any }>;
  eventSeqs(): number[];
  waitFor(predicate: (frame: Frame) => boolean, what: string): Promise<Frame>;
  roundTrip(): Promise<void>;
}

let node: TestRealtimeServer | undefined;
const sockets: ClientSocket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  await node?.close();
  node = undefined;
});

/** A plain socket.io-client v4, as an existing dashboard would use it. */
function openSio(url: string, options: Partial<ManagerOptions & SocketOptions>): SioTestClient {
  const socket = connectSocketIo(url, { path: '/socket.io', reconnection: false, forceNew: true, ...options });
  sockets.push(socket);
  const frames: Frame[] = [];
  const legacy: Array<{ name: string; call: any }> = [];
  const { wake, waitFor } = createFrameWaiter(frames);
  socket.on('callboard', (frame: Frame) => {
    frames.push(frame);
    wake();
  });
  socket.onAny((name: string, payload: any) => {
    if (name !== 'callboard') {
      legacy.push({ name, call: payload });
      wake();
    }
  });
  let pings = 0;
  return {
    socket,
    frames,
    legacy,
    eventSeqs: () => frames.filter((f) => f.type === 'event').map((f) => f.seq),
    waitFor,
    async roundTrip() {
      const target = ++pings;
      socket.emit('callboard', { type: 'ping' });
      await waitFor(() => frames.filter((f) => f.type === 'pong').length >= target, 'pong');
    },
  };
}

/** A bare `ws` client on the Engine.IO path: every text message it got, in order. */
interface EngineIoTestClient {
  socket: WebSocket;
  messages: string[];
  next(predicate: (message: string) => boolean, what: string): Promise<string>;
  closed: Promise<number>;
}

async function openEngineIo(httpUrl: string, query = 'EIO=4&transport=websocket'): Promise<EngineIoTestClient> {
  const socket = new WebSocket(`${httpUrl.replace('http', 'ws')}/socket.io/?${query}`);
  const messages: string[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data) => {
    messages.push(data.toString());
    for (const wake of [...waiters]) wake();
  });
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return {
    socket,
    messages,
    closed,
    next(predicate, what) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(messages)}`)), 10_000);
        const check = () => {
          const found = messages.find(predicate);
          if (found === undefined) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        waiters.add(check);
        check();
      });
    },
  };
}

function connectError(socket: ClientSocket): Promise<Error & { data?: any }> {
  return new Promise((resolve) => socket.once('connect_error', resolve));
}

async function subscribe(client: SioTestClient, frame: Record<string, unknown>): Promise<Frame> {
  await client.waitFor((f) => f.type === 'welcome', 'welcome');
  client.socket.emit('callboard', { type: 'subscribe', ...frame });
  return client.waitFor((f) => f.type === 'subscribed' && f.id === frame.id, 'subscribed');
}

describe('Socket.IO gateway', () => {
  for (const transport of ['websocket', 'polling'] as const) {
    it(`carries a full session over the ${transport} transport, with the same frames as plain WebSocket`, async () => {
      node = await startRealtimeServer();
      const client = openSio(node.httpUrl, { transports: [transport], auth: { token: API_KEY, v: 1 } });
      const plain = await connectWsClient(node.wsUrl, { headers: { Authorization: `Bearer ${API_KEY}` } });
      expect(await client.waitFor((f) => f.type === 'welcome', 'welcome')).toMatchObject({ protocol: 1, heartbeatMs: 25_000 });
      expect(await subscribe(client, { id: 'feed', channel: 'calls' })).toMatchObject({ recovered: false, seq: 0, snapshot: { active: [], recent: [] } });
      await plain.waitFor((f) => f.type === 'welcome', 'welcome');
      plain.send({ type: 'subscribe', id: 'feed', channel: 'calls' });
      await plain.waitFor((f) => f.type === 'subscribed', 'subscribed');

      const t = Date.now();
      for (let n = 1; n <= 3; n++) await node.hub.ingest([statusEvent(n, 'ringing', t), transcriptEvent(n, t, 'hi'), statusEvent(n, 'completed', t)]);
      await client.waitFor((f) => f.type === 'event' && f.seq === 9, 'seq 9');
      await client.roundTrip();
      expect(client.eventSeqs()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      await plain.waitForSeq(9);
      expect(client.frames.filter((f) => f.type === 'event')).toEqual(plain.frames.filter((f) => f.type === 'event'));
      plain.destroy();
    });
  }

  it('resumes from fromSeq after a reconnect with every missed event exactly once', async () => {
    node = await startRealtimeServer();
    const first = openSio(node.httpUrl, { transports: ['websocket'], auth: { token: API_KEY } });
    await subscribe(first, { id: 'c', channel: 'call', callId: 'call_test_1' });
    await node.hub.ingest([statusEvent(1, 'ringing', Date.now()), statusEvent(2, 'ringing', Date.now())]);
    await first.waitFor((f) => f.type === 'event' && f.seq === 1, 'seq 1');
    first.socket.disconnect();
    for (let i = 0; i < 30; i++) await node.hub.ingest([liveEvent(1 + (i % 2), Date.now())]);
    const missed = (await node.store.callEvents('call_test_1')).map((s) => s.seq).filter((seq) => seq > 1);

    const second = openSio(node.httpUrl, { transports: ['websocket'], auth: { token: API_KEY } });
    expect(await subscribe(second, { id: 'c', channel: 'call', callId: 'call_test_1', fromSeq: 1 })).toMatchObject({ recovered: true, seq: 1 });
    await node.hub.ingest([statusEvent(1, 'completed', Date.now())]);
    const last = await node.store.lastSeq();
    await second.waitFor((f) => f.type === 'event' && f.seq === last, 'last seq');
    expect(second.eventSeqs()).toEqual([...missed, last]);
  });

  it('refuses a wrong credential in the handshake with connect_error UNAUTHORIZED, code 4001', async () => {
    node = await startRealtimeServer();
    const client = openSio(node.httpUrl, { transports: ['websocket'], auth: { token: 'wrong' } });
    const error = await connectError(client.socket);
    expect(error.message).toBe('UNAUTHORIZED');
    expect(error.data).toEqual({ code: 4001 });
  });

  it('refuses a credential without read scope or rooms with code 4003', async () => {
    node = await startRealtimeServer();
    const { token } = node.auth.mintToken({ subject: 'bot', scopes: ['ingest'], ttlSec: 60 });
    const client = openSio(node.httpUrl, { transports: ['websocket'], extraHeaders: { Authorization: `Bearer ${token}` } });
    expect((await connectError(client.socket)).data).toEqual({ code: 4003 });
  });

  it('authenticates with a first auth frame when the handshake carried no credential', async () => {
    node = await startRealtimeServer();
    const client = openSio(node.httpUrl, { transports: ['websocket'] });
    await new Promise<void>((resolve) => client.socket.once('connect', () => resolve()));
    client.socket.emit('callboard', { type: 'auth', token: API_KEY });
    expect(await subscribe(client, { id: 'f', channel: 'calls' })).toMatchObject({ recovered: false });
  });

  it('emits the legacy event names with the call when legacyEvents is on, unless the client opts out', async () => {
    node = await startRealtimeServer({ legacyEvents: true });
    const dashboard = openSio(node.httpUrl, { transports: ['websocket'], auth: { token: API_KEY } });
    const modern = openSio(node.httpUrl, { transports: ['websocket'], auth: { token: API_KEY, legacyEvents: false } });
    await dashboard.waitFor((f) => f.type === 'welcome', 'welcome');
    await modern.waitFor((f) => f.type === 'welcome', 'welcome');
    const t = Date.now();
    await node.hub.ingest([statusEvent(1, 'ringing', t)]);
    await node.hub.ingest([statusEvent(1, 'in-progress', t + 1000)]);
    await node.hub.ingest([transcriptEvent(1, t + 2000, 'hello')]);
    await node.hub.ingest([liveEvent(1, t + 2500)]);
    await node.hub.ingest([statusEvent(1, 'completed', t + 3000)]);
    await dashboard.roundTrip();
    await modern.roundTrip();
    expect(dashboard.legacy.map(({ name, call }) => `${name}:${call.status}`)).toEqual([
      'new_call:ringing',
      'callStarted:ringing',
      'callUpdated:in-progress',
      'call-status:in-progress',
      'transcriptUpdated:in-progress',
      'callUpdated:completed',
      'call-status:completed',
      'callTerminated:completed',
    ]);
    expect(dashboard.legacy[0]!.call).toMatchObject({ id: 'call_test_1', from: '+15550001111' });
    expect(modern.legacy).toEqual([]);
  });

  it('sends a close frame with 4013 and the retry hint on shutdown', async () => {
    node = await startRealtimeServer();
    const client = openSio(node.httpUrl, { transports: ['websocket'], auth: { token: API_KEY } });
    await client.waitFor((f) => f.type === 'welcome', 'welcome');
    const disconnected = new Promise((resolve) => client.socket.once('disconnect', resolve));
    await node.realtime.close({ retryAfterMs: 2500, graceMs: 500 });
    expect(await disconnected).toBe('io server disconnect');
    expect(client.frames.at(-1)).toEqual({ type: 'close', code: 4013, reason: 'server shutting down', retryAfterMs: 2500 });
  });

  it('closes a Socket.IO client that stops reading once its buffer passes the cap', async () => {
    node = await startRealtimeServer({ maxBufferedBytes: 256 * 1024 });
    const slow = openSio(node.httpUrl, { transports: ['websocket'], auth: { token: API_KEY } });
    await subscribe(slow, { id: 'f', channel: 'calls' });
    const rawSocket = (slow.socket.io.engine.transport as unknown as { ws: { _socket: { pause(): void; destroy(): void } } }).ws._socket;
    rawSocket.pause();
    for (let i = 0; i < 2000 && node.realtime.engine.connectionCount > 0; i++) {
      await node.hub.ingest([liveEvent(1, Date.now(), 16_000)]);
      if (i % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    expect(node.realtime.engine.connectionCount).toBe(0);
    expect(await node.store.lastSeq()).toBeLessThan(2000);
    rawSocket.destroy();
  });

  it('applies the send cap to legacy events too', async () => {
    node = await startRealtimeServer({ maxBufferedBytes: 256 * 1024, legacyEvents: true });
    const slow = openSio(node.httpUrl, { transports: ['websocket'], auth: { token: API_KEY } });
    await slow.waitFor((f) => f.type === 'welcome', 'welcome');
    const rawSocket = (slow.socket.io.engine.transport as unknown as { ws: { _socket: { pause(): void; destroy(): void } } }).ws._socket;
    rawSocket.pause();
    // Each transcriptUpdated carries the whole call, so the payloads grow with the transcript.
    for (let i = 0; i < 300 && node.realtime.engine.connectionCount > 0; i++) {
      await node.hub.ingest([transcriptEvent(1, Date.now() + i, 'x'.repeat(1000))]);
      if (i % 10 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    expect(node.realtime.engine.connectionCount).toBe(0);
    rawSocket.destroy();
  });

  describe('WebSocket-only clients, served directly on ws', () => {
    it('serves them without a Socket.IO socket, and long-polling clients (with their upgrade) through Socket.IO', async () => {
      node = await startRealtimeServer();
      const direct = openSio(node.httpUrl, { transports: ['websocket'], auth: { token: API_KEY } });
      const upgrading = openSio(node.httpUrl, { auth: { token: API_KEY } });
      await subscribe(direct, { id: 'feed', channel: 'calls' });
      await subscribe(upgrading, { id: 'feed', channel: 'calls' });
      if (upgrading.socket.io.engine.transport.name !== 'websocket') {
        await new Promise((resolve) => upgrading.socket.io.engine.once('upgrade', resolve));
      }
      expect(node.realtime.io!.engine.clientsCount).toBe(1);
      expect(node.realtime.engine.connectionCount).toBe(2);
      await node.hub.ingest([statusEvent(1, 'ringing', Date.now()), statusEvent(1, 'completed', Date.now())]);
      await direct.waitFor((f) => f.type === 'event' && f.seq === 2, 'seq 2');
      await upgrading.waitFor((f) => f.type === 'event' && f.seq === 2, 'seq 2');
      expect(direct.eventSeqs()).toEqual([1, 2]);
      expect(upgrading.eventSeqs()).toEqual([1, 2]);
      expect(direct.frames.filter((f) => f.type === 'event')).toEqual(upgrading.frames.filter((f) => f.type === 'event'));
    });

    it('still ends an upgrade to a path nobody serves, as Socket.IO does', async () => {
      node = await startRealtimeServer();
      const stray = new WebSocket(`${node.httpUrl.replace('http', 'ws')}/nowhere`);
      const outcome = await new Promise<string>((resolve) => {
        stray.once('open', () => resolve('open'));
        stray.once('error', () => resolve('error'));
      });
      expect(outcome).toBe('error');
    });

    it('serves them on a custom Socket.IO path too', async () => {
      node = await startRealtimeServer({ socketIo: { path: '/live' } });
      const client = openSio(node.httpUrl, { path: '/live', transports: ['websocket'], auth: { token: API_KEY } });
      await subscribe(client, { id: 'feed', channel: 'calls' });
      expect(node.realtime.io!.engine.clientsCount).toBe(0);
      expect(node.realtime.engine.connectionCount).toBe(1);
    });

    it('sends every WebSocket client through Socket.IO when socketIoDirect is false', async () => {
      node = await startRealtimeServer({ socketIoDirect: false });
      const client = openSio(node.httpUrl, { transports: ['websocket'], auth: { token: API_KEY } });
      await subscribe(client, { id: 'feed', channel: 'calls' });
      expect(node.realtime.io!.engine.clientsCount).toBe(1);
    });

    it('speaks Engine.IO v4: the open packet, CONNECT with its sid, events both ways, ping and pong', async () => {
      node = await startRealtimeServer({ heartbeatMs: 250, heartbeatTimeoutMs: 5_000 });
      const client = await openEngineIo(node.httpUrl, 'EIO=4&transport=websocket&v=1');
      const open = JSON.parse((await client.next((m) => m.startsWith('0'), 'open packet')).slice(1));
      expect(open).toEqual({ sid: expect.stringMatching(/^[\w-]{20}$/), upgrades: [], pingInterval: 250, pingTimeout: 5_000, maxPayload: 65_536 });
      client.socket.send(`40${JSON.stringify({ token: API_KEY })}`);
      expect(JSON.parse((await client.next((m) => m.startsWith('40'), 'CONNECT')).slice(2))).toEqual({ sid: expect.stringMatching(/^[\w-]{20}$/) });
      await client.next((m) => m.startsWith('42["callboard",{"type":"welcome"'), 'welcome');
      // An ack id after the packet type is allowed (and not answered: the protocol has no acks).
      client.socket.send('4212["callboard",{"type":"ping"}]');
      await client.next((m) => m === '42["callboard",{"type":"pong"}]', 'pong');
      // Binary events are not part of the protocol: answered as on /realtime.
      client.socket.send('451-["callboard",{"_placeholder":true,"num":0}]');
      client.socket.send(Buffer.from([1, 2, 3]));
      expect(JSON.parse((await client.next((m) => m.includes('"BAD_PAYLOAD"'), 'BAD_PAYLOAD')).slice(2))[1]).toMatchObject({ type: 'error', code: 'BAD_PAYLOAD' });
      // The server pings with Engine.IO's `2`; answered, the connection outlives several periods.
      await client.next((m) => m === '2', 'ping');
      client.socket.on('message', (data) => data.toString() === '2' && client.socket.send('3'));
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(client.socket.readyState).toBe(WebSocket.OPEN);
      client.socket.close();
    });

    it('closes a client that stops answering pings, with the heartbeat close frame and a DISCONNECT', async () => {
      node = await startRealtimeServer({ heartbeatMs: 100, heartbeatTimeoutMs: 200 });
      const client = await openEngineIo(node.httpUrl);
      client.socket.send(`40${JSON.stringify({ token: API_KEY })}`);
      await client.next((m) => m.startsWith('42["callboard",{"type":"welcome"'), 'welcome');
      await client.closed;
      const close = client.messages.find((m) => m.startsWith('42["callboard",{"type":"close"'));
      expect(JSON.parse(close!.slice(2))[1]).toMatchObject({ type: 'close', code: 4002, reason: 'heartbeat timeout' });
      expect(client.messages.at(-1)).toBe('41');
    });

    it('refuses other namespaces, and answers a refused CONNECT without closing so the client can try again', async () => {
      node = await startRealtimeServer();
      const admin = connectSocketIo(`${node.httpUrl}/admin`, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: API_KEY } });
      sockets.push(admin);
      expect((await connectError(admin)).message).toBe('Invalid namespace');

      const client = await openEngineIo(node.httpUrl);
      client.socket.send('40{"token":"wrong"}');
      expect(await client.next((m) => m.startsWith('44'), 'CONNECT_ERROR')).toBe('44{"message":"UNAUTHORIZED","data":{"code":4001}}');
      client.socket.send(`40${JSON.stringify({ token: API_KEY })}`);
      await client.next((m) => m.startsWith('42["callboard",{"type":"welcome"'), 'welcome');
      client.socket.close();
    });

    it('closes a connection that sends a packet it cannot read, or never joins the namespace', async () => {
      node = await startRealtimeServer({ socketIo: { connectTimeout: 300 } });
      const garbled = await openEngineIo(node.httpUrl);
      garbled.socket.send(`40${JSON.stringify({ token: API_KEY })}`);
      await garbled.next((m) => m.startsWith('42["callboard",{"type":"welcome"'), 'welcome');
      garbled.socket.send('42["callboard",{"type"');
      await garbled.closed;
      const silent = await openEngineIo(node.httpUrl);
      await silent.closed;
      expect(silent.messages.map((m) => m[0])).toEqual(['0']);
      expect(node.realtime.engine.connectionCount).toBe(0);
    });

    it('survives arbitrary packets: each garbled connection is closed or ignored, the others go on', async () => {
      node = await startRealtimeServer();
      const watcher = openSio(node.httpUrl, { transports: ['websocket'], auth: { token: API_KEY } });
      await subscribe(watcher, { id: 'feed', channel: 'calls' });
      const packet = fc.oneof(
        fc.string(),
        fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '40', '41', '42', '43', '44', '45', '46', '40/', '42/x,'),
        fc.tuple(fc.constantFrom('40', '42', '421', '40/admin,', '451-'), fc.json()).map(([head, body]) => head + body),
        fc.tuple(fc.constantFrom('42', '4299'), fc.jsonValue()).map(([head, value]) => head + JSON.stringify(['callboard', value])),
      );
      const samples = fc.sample(fc.array(packet, { minLength: 1, maxLength: 8 }), { numRuns: 250, seed: 42 });
      for (const packets of samples) {
        const client = await openEngineIo(node.httpUrl);
        client.socket.send(`40${JSON.stringify({ token: API_KEY })}`);
        for (const text of packets) client.socket.send(text);
        client.socket.close();
        await client.closed;
      }
      await node.hub.ingest([statusEvent(1, 'ringing', Date.now())]);
      await watcher.waitFor((f) => f.type === 'event' && f.seq === 1, 'seq 1');
      await watcher.roundTrip();
      expect(node.realtime.engine.connectionCount).toBe(1);
    });
  });
});
