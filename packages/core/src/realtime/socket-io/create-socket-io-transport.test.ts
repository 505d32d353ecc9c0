import { once } from 'node:events';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { io } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallEvent } from '../../model/index.js';
import { reduceCall, type Call } from '../../model/index.js';
import { createRealtimeClient } from '../create-realtime-client.js';
import type { RealtimeClient } from '../realtime-client.js';
import { statusEvent } from '../__tests__/call-events.js';
import { storeReaches, waitFor } from '../__tests__/wait-for.js';
import { createSocketIoTransport } from './create-socket-io-transport.js';

/** A loopback Socket.IO server speaking the protocol's frames in `callboard` events (docs/protocol.md §1, §9). */
async function startSocketIoProtocolServer() {
  const http: HttpServer = createServer();
  const ioServer = new Server(http, { path: '/socket.io', transports: ['websocket'] });
  const log: Array<{ seq: number; event: CallEvent; call: Call }> = [];
  const calls = new Map<string, Call>();
  const sockets: Socket[] = [];
  const frames: Array<Record<string, unknown>> = [];
  const connectionWaiters: Array<(socket: Socket) => void> = [];

  ioServer.use((socket, next) => {
    if (socket.handshake.auth.token === 'good-token') return next();
    next(Object.assign(new Error('UNAUTHORIZED'), { data: { code: 4001 } }));
  });
  ioServer.on('connection', (socket) => {
    sockets.push(socket);
    socket.emit('callboard', { type: 'welcome', protocol: 1, connectionId: socket.id, heartbeatMs: 25_000, scopes: ['read'] });
    socket.on('callboard', (frame: Record<string, unknown>) => {
      frames.push(frame);
      if (frame.type !== 'subscribe') return;
      const fromSeq = frame.fromSeq as number | undefined;
      const last = log.at(-1)?.seq ?? 0;
      if (fromSeq !== undefined) {
        socket.emit('callboard', { type: 'subscribed', id: frame.id, channel: 'calls', recovered: true, seq: fromSeq });
        for (const entry of log) if (entry.seq > fromSeq) socket.emit('callboard', { type: 'event', ...entry });
      } else {
        socket.emit('callboard', { type: 'subscribed', id: frame.id, channel: 'calls', recovered: false, seq: last, snapshot: { active: [], recent: [] } });
      }
      socket.data.subscribed = true;
    });
    connectionWaiters.shift()?.(socket);
  });
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');

  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    frames,
    sockets,
    nextConnection: () => new Promise<Socket>((resolve) => connectionWaiters.push(resolve)),
    publish(event: CallEvent) {
      const seq = log.length + 1;
      const call = { ...reduceCall(calls.get(event.callId!), event), version: seq };
      calls.set(call.id, call);
      log.push({ seq, event, call });
      for (const socket of sockets) if (socket.connected && socket.data.subscribed) socket.emit('callboard', { type: 'event', seq, event, call });
    },
    async close() {
      await ioServer.close();
    },
  };
}

describe('createSocketIoTransport', () => {
  let server: Awaited<ReturnType<typeof startSocketIoProtocolServer>>;
  let client: RealtimeClient;

  beforeEach(async () => {
    server = await startSocketIoProtocolServer();
  });
  afterEach(async () => {
    client?.close();
    await server.close();
  });

  function newClient(token: string): RealtimeClient {
    client = createRealtimeClient({ url: server.url, token, transport: createSocketIoTransport(io), backoff: { minDelayMs: 5, maxDelayMs: 10 } });
    return client;
  }

  it('authenticates in the handshake, subscribes and applies events', async () => {
    newClient('good-token');
    const feed = client.subscribeCalls();
    const connected = server.nextConnection();
    client.connect();
    const socket = await connected;
    expect(socket.handshake.auth).toEqual({ v: 1, legacyEvents: false, token: 'good-token' });
    await storeReaches(client, (s) => s.subscriptions[feed.id]?.status === 'subscribed');
    server.publish(statusEvent('a', 'ringing'));
    await storeReaches(client, (s) => s.calls.get('a')?.status === 'ringing');
    expect(client.state).toBe('open');
    expect(server.frames).toEqual([{ type: 'subscribe', id: feed.id, channel: 'calls', filter: {} }]);
  });

  it('stops when the handshake is refused with 4001', async () => {
    newClient('wrong');
    const reconnects: number[] = [];
    client.on('reconnect', ({ delayMs }) => reconnects.push(delayMs));
    client.connect();
    await waitFor(client, 'state', (state) => state === 'closed');
    expect(client.store.getSnapshot().connection.error).toMatchObject({ code: 'UNAUTHORIZED', details: { closeCode: 4001 } });
    expect(reconnects).toEqual([]);
  });

  it('honours a close frame sent before the server disconnects, then resumes without loss', async () => {
    newClient('good-token');
    const seqs: number[] = [];
    client.onEvent('*', (_event, _call, seq) => seqs.push(seq));
    const feed = client.subscribeCalls();
    const first = server.nextConnection();
    client.connect();
    const socket = await first;
    await storeReaches(client, (s) => s.subscriptions[feed.id]?.status === 'subscribed');
    server.publish(statusEvent('a', 'ringing'));
    await storeReaches(client, (s) => s.calls.get('a') !== undefined);

    const reconnecting = waitFor(client, 'reconnect');
    const second = server.nextConnection();
    socket.emit('callboard', { type: 'close', code: 4013, reason: 'server shutting down', retryAfterMs: 30 });
    socket.disconnect(true);
    server.publish(statusEvent('a', 'in-progress'));
    const [info] = await reconnecting;
    expect(info.code).toBe(4013);
    expect(info.delayMs).toBeGreaterThanOrEqual(30);
    await second;
    await storeReaches(client, (s) => s.calls.get('a')?.status === 'in-progress');
    expect(server.frames.at(-1)).toEqual({ type: 'subscribe', id: feed.id, channel: 'calls', filter: {}, fromSeq: 1 });
    expect(seqs).toEqual([1, 2]);
  });
});
