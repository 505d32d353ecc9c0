import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { CallEvent } from '../model/index.js';
import { createRealtimeClient } from './create-realtime-client.js';
import type { RealtimeClient, RealtimeClientOptions } from './realtime-client.js';
import type { ConnectionState } from './connection-state.js';
import { liveEvent, statusEvent, transcriptEvent } from './__tests__/call-events.js';
import { startProtocolTestServer, type ProtocolTestServer } from './__tests__/protocol-test-server.js';
import { storeReaches, waitFor } from './__tests__/wait-for.js';

describe('createRealtimeClient over WebSocket', () => {
  let server: ProtocolTestServer;
  let client: RealtimeClient;

  beforeEach(async () => {
    server = await startProtocolTestServer();
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
      backoff: { minDelayMs: 5, maxDelayMs: 20 },
      ...extra,
    });
    return client;
  }

  function recordStates(target: RealtimeClient): ConnectionState[] {
    const states: ConnectionState[] = [target.state];
    target.on('state', (state) => states.push(state));
    return states;
  }

  function recordEvents(target: RealtimeClient): number[] {
    const seqs: number[] = [];
    target.onEvent('*', (_event, _call, seq) => seqs.push(seq));
    return seqs;
  }

  it('goes idle -> connecting -> open, reconnecting after a drop, closed on close()', async () => {
    newClient();
    const states = recordStates(client);
    const connected = server.nextConnection();
    client.connect();
    await waitFor(client, 'state', (state) => state === 'open');
    await connected;
    const reconnected = server.nextConnection();
    server.dropAll();
    await waitFor(client, 'state', (state) => state === 'open');
    await reconnected;
    client.close();
    expect(states).toEqual(['idle', 'connecting', 'open', 'reconnecting', 'open', 'closed']);
    expect(client.store.getSnapshot().connection).toEqual({ state: 'closed', error: undefined });
  });

  it('authenticates with a first auth frame, never in the URL', async () => {
    newClient();
    const connected = server.nextConnection();
    client.connect();
    const connection = await connected;
    expect(connection.frames[0]).toEqual({ type: 'auth', token: 'good-token' });
  });

  it('stops on an authentication failure instead of looping', async () => {
    newClient({ token: 'wrong' });
    const states = recordStates(client);
    const errors: string[] = [];
    client.on('error', (error) => errors.push(error.code));
    client.on('reconnect', () => errors.push('reconnect'));
    client.connect();
    await waitFor(client, 'state', (state) => state === 'closed');
    expect(states).toEqual(['idle', 'connecting', 'closed']);
    expect(errors).toEqual(['UNAUTHORIZED']);
    expect(client.store.getSnapshot().connection.error?.code).toBe('UNAUTHORIZED');
  });

  it('resubscribes from the last applied seq after a drop and delivers every event once', async () => {
    newClient();
    const seqs = recordEvents(client);
    const feed = client.subscribeCalls();
    const first = server.nextConnection();
    client.connect();
    const connection = await first;
    expect(await connection.nextFrame('subscribe')).toEqual({ type: 'subscribe', id: feed.id, channel: 'calls', filter: {} });
    await storeReaches(client, (s) => s.subscriptions[feed.id]?.status === 'subscribed');
    server.publish(statusEvent('a', 'ringing'));
    server.publish(statusEvent('a', 'in-progress'));
    server.publish(transcriptEvent('a', 'hello'));
    await storeReaches(client, (s) => s.calls.get('a')?.transcript.length === 1);

    server.dropAll();
    server.publish(transcriptEvent('a', 'missed one'));
    server.publish(statusEvent('b', 'ringing'));
    const second = await server.nextConnection();
    expect(await second.nextFrame('subscribe')).toEqual({ type: 'subscribe', id: feed.id, channel: 'calls', filter: {}, fromSeq: 3 });
    const [recovered] = await waitFor(client, 'recovered');
    expect(recovered).toEqual({ subscriptionId: feed.id, seq: 3 });
    server.publish(statusEvent('a', 'completed'));
    await storeReaches(client, (s) => s.calls.get('a')?.status === 'completed');

    expect(seqs).toEqual([1, 2, 3, 4, 5, 6]);
    const snapshot = client.store.getSnapshot();
    expect(snapshot.calls.get('a')?.transcript.map((segment) => segment.text)).toEqual(['hello', 'missed one']);
    expect(snapshot.feeds[feed.id]).toEqual(['b', 'a']);
    expect(snapshot.active).toEqual(['b']);
  });

  it('ignores duplicate and old seqs', async () => {
    newClient();
    const seqs = recordEvents(client);
    const feed = client.subscribeCalls();
    const connected = server.nextConnection();
    client.connect();
    const connection = await connected;
    await storeReaches(client, (s) => s.subscriptions[feed.id]?.status === 'subscribed');
    server.publish(statusEvent('a', 'ringing'));
    server.publish(statusEvent('a', 'in-progress'));
    await storeReaches(client, (s) => s.calls.get('a')?.status === 'in-progress');
    const before = client.store.getSnapshot();

    // Replays of seq 2 and 1 with a stale call, then a fresh event to know the others were read.
    const stale = server.log[0]!;
    connection.send({ type: 'event', seq: 2, event: server.log[1]!.event, call: server.log[1]!.call });
    connection.send({ type: 'event', seq: 1, event: stale.event, call: stale.call });
    server.publish(liveEvent('a', 'intent', { name: 'billing' }));
    await waitFor(client, 'event');

    expect(seqs).toEqual([1, 2, 3]);
    expect(client.store.getSnapshot()).toBe(before);
    expect(client.store.getSnapshot().calls.get('a')?.status).toBe('in-progress');
  });

  it('replaces the feed with the snapshot and emits resync when the server cannot recover', async () => {
    newClient();
    const feed = client.subscribeCalls();
    const first = server.nextConnection();
    client.connect();
    await first;
    await storeReaches(client, (s) => s.subscriptions[feed.id]?.status === 'subscribed');
    server.publish(statusEvent('old', 'ringing', { at: '2025-01-01T00:00:01.000Z' }));
    server.publish(statusEvent('kept', 'ringing', { at: '2025-01-01T00:00:02.000Z' }));
    await storeReaches(client, (s) => s.feeds[feed.id]?.length === 2);
    const keptBefore = client.store.getSnapshot().calls.get('kept');

    server.dropAll();
    server.publish(statusEvent('old', 'canceled'));
    server.publish({ ...statusEvent('old', 'canceled'), type: 'call.deleted' } as CallEvent);
    server.publish(statusEvent('kept', 'in-progress'));
    server.publish(statusEvent('new', 'ringing', { at: '2025-01-01T00:00:03.000Z' }));
    server.firstRetainedSeq = 5; // the events after seq 2 are no longer all there
    const [resync] = await waitFor(client, 'resync');

    expect(resync).toEqual({ subscriptionId: feed.id, seq: 6 });
    const snapshot = client.store.getSnapshot();
    expect(snapshot.feeds[feed.id]).toEqual(['new', 'kept']);
    expect([...snapshot.calls.keys()].sort()).toEqual(['kept', 'new']);
    expect(snapshot.calls.get('kept')).not.toBe(keptBefore);
    expect(snapshot.calls.get('kept')?.status).toBe('in-progress');
  });

  it('follows one call, under the id the server names', async () => {
    newClient();
    const seqs = recordEvents(client);
    const followed = client.subscribeCall('a');
    const connected = server.nextConnection();
    client.connect();
    await connected;
    await storeReaches(client, (s) => s.subscriptions[followed.id]?.status === 'subscribed');
    server.publish(statusEvent('b', 'ringing'));
    server.publish(statusEvent('a', 'ringing'));
    await storeReaches(client, (s) => s.calls.get('a')?.status === 'ringing');
    expect(seqs).toEqual([2]);
    expect(client.store.getSnapshot().calls.get('b')).toBeUndefined();
    expect(client.store.getSnapshot().subscriptions[followed.id]).toEqual({ channel: 'call', status: 'subscribed', callId: 'a' });
  });

  it('shares one server subscription between holders of the same filter', async () => {
    newClient();
    const connected = server.nextConnection();
    client.connect();
    const connection = await connected;
    const one = client.subscribeCalls({ direction: 'inbound', status: ['ringing', 'in-progress'] });
    const two = client.subscribeCalls({ status: ['in-progress', 'ringing'], direction: 'inbound' });
    expect(two.id).toBe(one.id);
    await connection.nextFrame('subscribe');
    one.unsubscribe();
    one.unsubscribe();
    expect(client.store.getSnapshot().subscriptions[one.id]?.status).toBeDefined();
    two.unsubscribe();
    expect(await connection.nextFrame('unsubscribe')).toEqual({ type: 'unsubscribe', id: one.id });
    expect(connection.frames.filter((frame) => frame.type === 'subscribe')).toHaveLength(1);
    expect(client.store.getSnapshot().subscriptions[one.id]).toBeUndefined();
    expect(client.store.getSnapshot().feeds[one.id]).toBeUndefined();
  });

  it('keeps a filtered feed to the calls that match, and sees calls leave it', async () => {
    newClient();
    const feed = client.subscribeCalls({ status: ['ringing'] });
    const connected = server.nextConnection();
    client.connect();
    await connected;
    await storeReaches(client, (s) => s.subscriptions[feed.id]?.status === 'subscribed');
    server.publish(statusEvent('a', 'ringing'));
    await storeReaches(client, (s) => s.feeds[feed.id]?.length === 1);
    server.publish(statusEvent('a', 'in-progress'));
    await storeReaches(client, (s) => s.feeds[feed.id]?.length === 0);
    expect(client.store.getSnapshot().calls.get('a')).toBeUndefined();
  });

  it('reports a subscription the server refuses and forgets it', async () => {
    newClient();
    const connected = server.nextConnection();
    client.connect();
    const connection = await connected;
    const feed = client.subscribeCalls();
    await connection.nextFrame('subscribe');
    const failed = waitFor(client, 'error');
    connection.send({ type: 'error', code: 'FORBIDDEN', message: 'needs read', id: feed.id });
    const [error] = await failed;
    expect(error).toMatchObject({ code: 'FORBIDDEN', details: { subscriptionId: feed.id } });
    expect(client.store.getSnapshot().subscriptions[feed.id]).toBeUndefined();
  });

  it('passes extension frames both ways (the signaling relay rides on this)', async () => {
    newClient();
    expect(client.sendFrame({ type: 'join-room', room: 'r1' })).toBe(false);
    const connected = server.nextConnection();
    client.connect();
    const connection = await connected;
    await waitFor(client, 'state', (state) => state === 'open');
    expect(client.sendFrame({ type: 'join-room', room: 'r1' })).toBe(true);
    expect(await connection.nextFrame('join-room')).toEqual({ type: 'join-room', room: 'r1' });
    const joined = waitFor(client, 'frame', (frame) => frame.type === 'joined');
    connection.send({ type: 'joined', room: 'r1', self: 'p_1', peers: [] });
    expect((await joined)[0]).toEqual({ type: 'joined', room: 'r1', self: 'p_1', peers: [] });
    const refused = waitFor(client, 'frame', (frame) => frame.type === 'error');
    connection.send({ type: 'error', code: 'ROOM_FULL', id: 'r1' });
    expect((await refused)[0]).toEqual({ type: 'error', code: 'ROOM_FULL', id: 'r1' });
  });

  it('answers the server ping with pong', async () => {
    newClient();
    const connected = server.nextConnection();
    client.connect();
    const connection = await connected;
    connection.send({ type: 'ping' });
    expect(await connection.nextFrame('pong')).toEqual({ type: 'pong' });
  });

  it('reconnects at once after 4008 and after the retry hint on 4013', async () => {
    newClient({ backoff: { minDelayMs: 5, maxDelayMs: 20, random: () => 0.5 } });
    client.connect();
    await server.nextConnection();
    const slow = waitFor(client, 'reconnect');
    server.closeAll(4008, 'slow consumer');
    expect((await slow)[0]).toMatchObject({ delayMs: 0, code: 4008 });
    await server.nextConnection();
    const goingAway = waitFor(client, 'reconnect');
    server.closeAll(4013, 'server shutting down', 40);
    expect((await goingAway)[0]).toMatchObject({ delayMs: 43, code: 4013 }); // 40 + 0.5 * 5 of jitter
    await server.nextConnection();
  });

  it('stops for good on 4003 and 4400', async () => {
    for (const [code, expected] of [[4003, 'FORBIDDEN'], [4400, 'UNSUPPORTED']] as const) {
      newClient();
      client.connect();
      await server.nextConnection();
      const closed = waitFor(client, 'state', (state) => state === 'closed');
      server.closeAll(code, 'no');
      await closed;
      expect(client.store.getSnapshot().connection.error?.code).toBe(expected);
    }
  });
});
