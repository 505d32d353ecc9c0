import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createFakeClock, type FakeClock } from '../testing/fake-clock.js';
import { createRealtimeClient } from './create-realtime-client.js';
import type { RealtimeClient, RealtimeClientOptions } from './realtime-client.js';
import { startProtocolTestServer, type ProtocolTestServer } from './__tests__/protocol-test-server.js';
import { waitFor } from './__tests__/wait-for.js';

// Timers run on a fake clock; sockets are real. Each test moves the clock itself.
describe('realtime client timing (fake clock, real sockets)', () => {
  let server: ProtocolTestServer;
  let clock: FakeClock;
  let client: RealtimeClient;

  beforeEach(async () => {
    server = await startProtocolTestServer();
    clock = createFakeClock();
  });
  afterEach(async () => {
    client?.close();
    await server.close();
  });

  function newClient(extra: Partial<RealtimeClientOptions> = {}): RealtimeClient {
    client = createRealtimeClient({
      url: server.url,
      token: 'good-token',
      WebSocket: WebSocket as unknown as RealtimeClientOptions['WebSocket'],
      clock,
      backoff: { random: () => 0.5 },
      ...extra,
    });
    return client;
  }

  it('backs off with full jitter from 500 ms up to 20 s while the server is unreachable', async () => {
    await server.close();
    newClient({ backoff: { random: () => 0.99 } });
    const delays: number[] = [];
    const done = new Promise<void>((resolve) => {
      client.on('reconnect', ({ delayMs }) => {
        delays.push(delayMs);
        if (delays.length === 9) return resolve();
        setImmediate(() => clock.advance(delayMs));
      });
    });
    client.connect();
    await done;
    // 500 + 0.99 * min(20 000, 500 * 2^n), capped at 20 000
    expect(delays).toEqual([995, 1490, 2480, 4460, 8420, 16_340, 20_000, 20_000, 20_000]);
    expect(client.state).toBe('reconnecting');
  });

  it('starts the backoff over once a connection has been stable', async () => {
    newClient();
    const delays: number[] = [];
    client.on('reconnect', ({ delayMs }) => delays.push(delayMs));
    client.connect();
    await server.nextConnection();
    for (let i = 0; i < 2; i++) {
      const next = server.nextConnection();
      server.dropAll();
      const [{ delayMs }] = await waitFor(client, 'reconnect');
      clock.advance(delayMs);
      await next;
      await waitFor(client, 'state', (state) => state === 'open');
    }
    clock.advance(10_000);
    server.dropAll();
    await waitFor(client, 'reconnect');
    expect(delays).toEqual([750, 1000, 750]);
  });

  it('reconnects when nothing arrives within the heartbeat interval plus the margin', async () => {
    server.heartbeatMs = 1000;
    newClient();
    client.connect();
    const first = await server.nextConnection();
    await waitFor(client, 'state', (state) => state === 'open');

    clock.advance(10_999);
    first.send({ type: 'ping' });
    await first.nextFrame('pong');
    clock.advance(10_999);
    expect(client.state).toBe('open');

    const lost = waitFor(client, 'reconnect');
    clock.advance(1);
    expect((await lost)[0]).toMatchObject({ reason: 'heartbeat timeout', attempt: 1 });
    expect(client.state).toBe('reconnecting');
  });

  it('gets a fresh token after an expired one, but stops when the fresh one is refused too', async () => {
    const tokens = ['good-token', 'revoked-token'];
    newClient({ token: () => tokens.shift() ?? 'none' });
    client.connect();
    await server.nextConnection();
    const retried = waitFor(client, 'reconnect');
    server.closeAll(4001, 'token expired');
    const [{ delayMs }] = await retried;
    clock.advance(delayMs);
    await waitFor(client, 'state', (state) => state === 'closed');
    expect(tokens).toEqual([]);
    expect(client.store.getSnapshot().connection.error?.code).toBe('UNAUTHORIZED');
    expect(clock.pendingTimers()).toBe(0);
  });

  it('refreshes an expiring token on the open connection, keeping its subscriptions', async () => {
    server.expiresAt = new Date(clock.now() + 120_000).toISOString();
    server.heartbeatMs = 600_000; // no heartbeat check within the minute this test moves
    let issued = 0;
    newClient({ token: () => (issued++, 'good-token') });
    client.subscribeCalls();
    client.connect();
    const connection = await server.nextConnection();
    await connection.nextFrame('subscribe');

    const reauth = connection.nextFrame('auth');
    clock.advance(60_000);
    expect(await reauth).toEqual({ type: 'auth', token: 'good-token' });
    expect(issued).toBe(2);
    expect(client.state).toBe('open');
    expect(connection.frames.filter((frame) => frame.type === 'subscribe')).toHaveLength(1);
  });

  it('drops the connection when the browser goes offline and reconnects as soon as it is back online', async () => {
    const network = new EventTarget();
    newClient({ network });
    client.connect();
    await server.nextConnection();
    await waitFor(client, 'state', (state) => state === 'open');

    const lost = waitFor(client, 'reconnect');
    network.dispatchEvent(new Event('offline'));
    expect((await lost)[0]).toMatchObject({ reason: 'offline', delayMs: 750 });
    const back = server.nextConnection();
    network.dispatchEvent(new Event('online')); // no need to wait out the 750 ms
    await back;
    await waitFor(client, 'state', (state) => state === 'open');
    client.close();
    network.dispatchEvent(new Event('offline'));
    expect(client.state).toBe('closed');
  });

  it('leaves no timer behind once closed', async () => {
    newClient();
    client.connect();
    await server.nextConnection();
    await waitFor(client, 'state', (state) => state === 'open');
    client.close();
    expect(clock.pendingTimers()).toBe(0);
  });
});
