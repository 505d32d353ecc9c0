import { io as connectSocketIo, type Socket } from 'socket.io-client';
import { connectWsClient, createFrameWaiter, type Frame, type WsTestClient } from '../../realtime/__tests__/ws-test-client.js';

export type { Frame };

/** Which gateway a test peer speaks through. */
export type Transport = 'websocket' | 'socket.io';

/**
 * A plain client of either gateway, as a browser dialer without the SDK would be: it records every
 * frame and can wait for one.
 */
export interface TestPeer {
  readonly transport: Transport;
  readonly frames: Frame[];
  send(frame: Record<string, unknown>): void;
  /** Resolves with the first frame (past or future) that matches. */
  waitFor(predicate: (frame: Frame) => boolean, what: string): Promise<Frame>;
  /** A `ping`/`pong` round trip: once back, the server has handled every earlier frame. */
  roundTrip(): Promise<void>;
  /** Frames of these types, in arrival order. */
  ofType(...types: string[]): Frame[];
  /** Drops the connection without a goodbye (the network went away). */
  drop(): void;
  /** For plain WebSocket: stops reading and answering pings, as a frozen client. */
  freeze(): void;
  readonly closed: Promise<unknown>;
}

const open: Array<{ drop(): void }> = [];

/** Drops every peer a test opened. */
export function dropAllPeers(): void {
  for (const peer of open.splice(0)) peer.drop();
}

/** Connects a peer; `credential` undefined connects without one (it must send `auth` itself). */
export async function connectPeer(url: { wsUrl: string; httpUrl: string }, transport: Transport, credential: string | undefined): Promise<TestPeer> {
  const peer = transport === 'websocket' ? await wsPeer(url.wsUrl, credential) : await socketIoPeer(url.httpUrl, credential);
  open.push(peer);
  if (credential !== undefined) await peer.waitFor((f) => f.type === 'welcome', 'welcome');
  return peer;
}

async function wsPeer(url: string, credential: string | undefined): Promise<TestPeer> {
  const client: WsTestClient = await connectWsClient(url, credential === undefined ? {} : { headers: { Authorization: `Bearer ${credential}` } });
  return {
    transport: 'websocket',
    frames: client.frames,
    send: client.send,
    waitFor: (predicate, what) => client.waitFor(predicate, what),
    roundTrip: () => client.roundTrip(),
    ofType: (...types) => client.frames.filter((f) => types.includes(f.type)),
    drop: () => client.destroy(),
    freeze: () => client.cutOff(),
    closed: client.closed,
  };
}

async function socketIoPeer(url: string, credential: string | undefined): Promise<TestPeer> {
  const socket: Socket = connectSocketIo(url, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(credential === undefined ? {} : { auth: { token: credential } }),
  });
  const frames: Frame[] = [];
  const { wake, waitFor } = createFrameWaiter(frames);
  let pongs = 0;
  socket.on('callboard', (frame: Frame) => {
    frames.push(frame);
    if (frame.type === 'pong') pongs += 1;
    wake();
  });
  const closed = new Promise((resolve) => socket.once('disconnect', resolve));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return {
    transport: 'socket.io',
    frames,
    send: (frame) => socket.emit('callboard', frame),
    waitFor,
    async roundTrip() {
      const target = pongs + 1;
      socket.emit('callboard', { type: 'ping' });
      await waitFor(() => pongs >= target, 'pong');
    },
    ofType: (...types) => frames.filter((f) => types.includes(f.type)),
    drop: () => socket.io.engine.close(),
    freeze: () => {
      throw new Error('freeze is for plain WebSocket peers');
    },
    closed,
  };
}

/** Joins a room and resolves with the `joined` answer (or the `error` naming the room). */
export async function joinRoom(peer: TestPeer, frame: Record<string, unknown>): Promise<Frame> {
  const id = (frame.id as string | undefined) ?? (frame.room as string);
  const before = peer.frames.length;
  peer.send({ type: 'join-room', ...frame });
  return peer.waitFor((f) => (f.type === 'joined' || f.type === 'error') && f.id === id && peer.frames.indexOf(f) >= before, `join answer for ${id}`);
}
