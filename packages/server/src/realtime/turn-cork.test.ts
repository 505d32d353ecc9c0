import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { statusEvent } from './__tests__/call-events.js';
import { API_KEY, startRealtimeServer, type TestRealtimeServer } from './__tests__/start-realtime-server.js';
import { connectWsClient, type WsTestClient } from './__tests__/ws-test-client.js';
import { createTurnCork, type CorkableSocket, type CorkSlot } from './turn-cork.js';

type FakeSocket = CorkableSocket & { corks: number; uncorks: number; writableLength: number; slot: CorkSlot };

function fakeSocket(): FakeSocket {
  return {
    slot: { writtenTurn: -1, corkedTurn: -1 },
    corks: 0,
    uncorks: 0,
    writableLength: 0,
    cork() {
      this.corks += 1;
    },
    uncork() {
      this.uncorks += 1;
    },
  };
}

function manualTurns(): { defer: (run: () => void) => void; endTurn: () => void; pending: () => number } {
  const queued: Array<() => void> = [];
  return {
    defer: (run) => queued.push(run),
    endTurn: () => {
      for (const run of queued.splice(0)) run();
    },
    pending: () => queued.length,
  };
}

describe('createTurnCork', () => {
  it('lets the first frame of a turn go at once and holds the later ones until the turn ends', () => {
    const turns = manualTurns();
    const cork = createTurnCork({ maxBytes: 1024, defer: turns.defer });
    const socket = fakeSocket();
    cork.hold(socket, socket.slot);
    cork.check(socket, socket.slot);
    expect(socket.corks).toBe(0);
    for (let i = 0; i < 3; i++) {
      cork.hold(socket, socket.slot);
      cork.check(socket, socket.slot);
    }
    expect(socket).toMatchObject({ corks: 1, uncorks: 0 });
    turns.endTurn();
    expect(socket).toMatchObject({ corks: 1, uncorks: 1 });
  });

  it('starts every turn afresh: a lone frame in the next turn is not held', () => {
    const turns = manualTurns();
    const cork = createTurnCork({ maxBytes: 1024, defer: turns.defer });
    const socket = fakeSocket();
    cork.hold(socket, socket.slot);
    turns.endTurn();
    cork.hold(socket, socket.slot);
    expect(socket.corks).toBe(0);
  });

  it('ends the turn of every socket with one deferred callback', () => {
    const turns = manualTurns();
    const cork = createTurnCork({ maxBytes: 1024, defer: turns.defer });
    const sockets = [fakeSocket(), fakeSocket(), fakeSocket()];
    for (const socket of [...sockets, ...sockets]) cork.hold(socket, socket.slot);
    expect(turns.pending()).toBe(1);
    turns.endTurn();
    expect(sockets.map((socket) => [socket.corks, socket.uncorks])).toEqual([
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
  });

  it('writes at once what a socket holds past maxBytes, and holds again for the rest of the turn', () => {
    const turns = manualTurns();
    const cork = createTurnCork({ maxBytes: 1024, defer: turns.defer });
    const socket = fakeSocket();
    cork.hold(socket, socket.slot);
    cork.hold(socket, socket.slot);
    socket.writableLength = 1024;
    cork.check(socket, socket.slot);
    expect(socket).toMatchObject({ corks: 1, uncorks: 1 });
    socket.writableLength = 0;
    cork.hold(socket, socket.slot);
    turns.endTurn();
    expect(socket).toMatchObject({ corks: 2, uncorks: 2 });
  });
});

describe('plain WebSocket gateway: coalescing', () => {
  let node: TestRealtimeServer | undefined;
  let client: WsTestClient | undefined;

  afterEach(async () => {
    client?.destroy();
    await node?.close();
    node = undefined;
  });

  it('sends the events one append publishes in two socket writes (the first at once), each still its own frame, in order', async () => {
    node = await startRealtimeServer();
    let serverSide: Socket | undefined;
    node.server.on('upgrade', (_request, socket: Socket) => {
      serverSide = socket;
    });
    client = await connectWsClient(node.wsUrl, { headers: { Authorization: `Bearer ${API_KEY}` } });
    await client.waitFor((frame) => frame.type === 'welcome', 'welcome');
    client.send({ type: 'subscribe', id: 'feed', channel: 'calls' });
    await client.waitFor((frame) => frame.type === 'subscribed', 'subscribed');
    await client.roundTrip();

    // Count the writes that reach the socket's underlying handle from here on.
    const socket = serverSide!;
    let writes = 0;
    const write = socket._write.bind(socket);
    const writev = socket._writev!.bind(socket);
    socket._write = (chunk, encoding, callback) => {
      writes += 1;
      write(chunk, encoding, callback);
    };
    socket._writev = (chunks, callback) => {
      writes += 1;
      writev(chunks, callback);
    };

    const at = Date.now();
    const events = [statusEvent(1, 'ringing', at), statusEvent(1, 'in-progress', at + 1), statusEvent(1, 'completed', at + 2), statusEvent(2, 'ringing', at + 3)];
    await node.hub.ingest(events);
    await client.waitForSeq(4);
    expect(client.eventSeqs).toEqual([1, 2, 3, 4]);
    expect(writes).toBe(2);
  });
});
