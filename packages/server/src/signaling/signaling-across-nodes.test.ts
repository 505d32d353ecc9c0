import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRedisBus, type RedisBus } from '../bus/redis-bus.js';
import { createMemoryStore } from '../store/memory/create-memory-store.js';
import { connectPeer, dropAllPeers, joinRoom, type Frame, type TestPeer, type Transport } from './__tests__/connect-peer.js';
import { REDIS_URL, requireRedis, uniquePrefix } from './__tests__/redis-for-tests.js';
import { API_KEY, startSignalingNode, type SignalingNode } from './__tests__/start-signaling-node.js';
import { createRedisSignalingBackplane } from './create-redis-signaling-backplane.js';
import type { SignalingBackplane } from './signaling-backplane.js';
import type { SignalingRelayOptions } from './create-signaling-relay.js';

let admin: Redis;
const nodes: SignalingNode[] = [];
const backplanes: SignalingBackplane[] = [];

beforeAll(async () => {
  admin = await requireRedis();
});
afterAll(() => admin?.disconnect());

afterEach(async () => {
  dropAllPeers();
  await Promise.all(nodes.splice(0).map((node) => node.close()));
  await Promise.all(backplanes.splice(0).map((backplane) => backplane.close()));
});

type RelayOptions = Omit<SignalingRelayOptions, 'engine' | 'store' | 'backplane'>;

/** Two nodes of one deployment: one store, a Redis bus and a Redis signaling backplane each, a prefix of their own per test. */
async function startTwoNodes(signaling: RelayOptions = {}): Promise<[SignalingNode, SignalingNode]> {
  const prefix = uniquePrefix();
  const store = createMemoryStore();
  const started: SignalingNode[] = [];
  for (let n = 0; n < 2; n += 1) {
    const bus: RedisBus = createRedisBus({ url: REDIS_URL, channel: `${prefix}events` });
    await bus.ready;
    const backplane = createRedisSignalingBackplane({ url: REDIS_URL, prefix });
    backplanes.push(backplane);
    const node = await startSignalingNode({ store, bus, signaling: { ...signaling, backplane } });
    nodes.push(node);
    started.push(node);
  }
  return started as [SignalingNode, SignalingNode];
}

const signalsOf = (peer: TestPeer) => peer.ofType('offer', 'answer', 'ice-candidate', 'renegotiate', 'leave');

async function inRoom(node: SignalingNode, transport: Transport, call: { roomId: string; callId: string }): Promise<{ peer: TestPeer; joined: Frame }> {
  const peer = await connectPeer(node, transport, API_KEY);
  const joined = await joinRoom(peer, { room: call.roomId, callId: call.callId });
  expect(joined.type).toBe('joined');
  return { peer, joined };
}

describe('signaling across two nodes sharing Redis', () => {
  it('relays an exchange between peers on different nodes, in order, with `from` set by the server', async () => {
    const [one, two] = await startTwoNodes();
    const call = await one.initiate();
    const a = await inRoom(one, 'websocket', call);
    const b = await inRoom(two, 'socket.io', call);
    expect(b.joined.peers).toEqual([a.joined.self]);
    await a.peer.waitFor((f) => f.type === 'peer-joined' && f.peerId === b.joined.self, 'peer-joined from the other node');

    const offer = { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n' };
    a.peer.send({ type: 'offer', to: b.joined.self, id: 'o1', from: 'p_forged', payload: offer });
    for (let n = 0; n < 30; n += 1) a.peer.send({ type: 'ice-candidate', to: b.joined.self, id: `c${n}`, payload: { candidate: `candidate:${n}`, sdpMid: '0' } });
    await b.peer.waitFor((f) => f.id === 'c29', 'the last candidate');
    expect(signalsOf(b.peer).map((f) => f.id)).toEqual(['o1', ...Array.from({ length: 30 }, (_, n) => `c${n}`)]);
    expect(signalsOf(b.peer)[0]).toEqual({ type: 'offer', room: call.roomId, from: a.joined.self, to: b.joined.self, id: 'o1', payload: offer });
    expect(new Set(signalsOf(b.peer).map((f) => f.from))).toEqual(new Set([a.joined.self]));

    b.peer.send({ type: 'answer', id: 'ans', payload: { type: 'answer', sdp: 'v=0\r\n' } });
    expect(await a.peer.waitFor((f) => f.id === 'ans', 'the answer')).toMatchObject({ from: b.joined.self, payload: { type: 'answer' } });
  });

  it('queues for a peer that joins on the other node, and expires what no peer comes for', async () => {
    const [one, two] = await startTwoNodes({ queueMs: 1_000 });
    const call = await one.initiate();
    const a = await inRoom(one, 'websocket', call);
    a.peer.send({ type: 'offer', id: 'early', payload: { type: 'offer', sdp: 'v=0\r\n' } });
    a.peer.send({ type: 'offer', to: 'p_never', id: 'lost', payload: {} });
    await a.peer.roundTrip();
    const b = await inRoom(two, 'websocket', call);
    expect(await b.peer.waitFor((f) => f.id === 'early', 'the queued offer')).toMatchObject({ from: a.joined.self });
    expect(await a.peer.waitFor((f) => f.type === 'expired', 'expired')).toMatchObject({ id: 'lost', to: 'p_never' });
    expect(a.peer.ofType('expired')).toHaveLength(1);
  });

  it('holds the room capacity across nodes', async () => {
    const [one, two] = await startTwoNodes({ roomCapacity: 2 });
    const call = await one.initiate();
    await inRoom(one, 'websocket', call);
    await inRoom(two, 'websocket', call);
    for (const node of [one, two]) {
      const late = await connectPeer(node, 'socket.io', API_KEY);
      expect(await joinRoom(late, { room: call.roomId, callId: call.callId })).toMatchObject({ type: 'error', code: 'ROOM_FULL' });
    }
  });

  it('delivers the call’s events to the room’s peers on both nodes', async () => {
    const [one, two] = await startTwoNodes();
    const call = await one.initiate();
    const a = await inRoom(one, 'websocket', call);
    const b = await inRoom(two, 'socket.io', call);
    await one.setStatus(call.callId, 'ringing');
    await two.setStatus(call.callId, 'in-progress');
    for (const peer of [a.peer, b.peer]) {
      await peer.waitFor((f) => f.type === 'event' && f.event.status === 'in-progress', 'in-progress');
      expect(peer.ofType('event').map((f) => f.event.status)).toEqual(['ringing', 'in-progress']);
    }
  });

  it('tells the room when a peer on the other node leaves, or its node shuts down', async () => {
    const [one, two] = await startTwoNodes();
    const call = await one.initiate();
    const a = await inRoom(one, 'websocket', call);
    const b = await inRoom(two, 'websocket', call);
    const c = await inRoom(two, 'socket.io', call);
    b.peer.send({ type: 'leave-room', room: call.roomId });
    expect(await a.peer.waitFor((f) => f.type === 'peer-left' && f.peerId === b.joined.self, 'b left')).toMatchObject({ reason: 'leave' });
    await two.realtime.close({ graceMs: 100 });
    expect(await a.peer.waitFor((f) => f.type === 'peer-left' && f.peerId === c.joined.self, 'c gone')).toMatchObject({ reason: 'disconnect' });
  });

  it('lets a peer that dropped on one node resume its id on the other', async () => {
    const [one, two] = await startTwoNodes({ resumeGraceMs: 300 });
    const call = await one.initiate();
    const a = await inRoom(one, 'websocket', call);
    const b = await inRoom(two, 'websocket', call);
    b.peer.drop();
    await expect.poll(() => two.realtime.engine.connectionCount).toBe(0);
    const back = await connectPeer(one, 'socket.io', API_KEY);
    const resumed = await joinRoom(back, { room: call.roomId, peerId: b.joined.self, resumeKey: b.joined.resumeKey });
    expect(resumed).toMatchObject({ type: 'joined', self: b.joined.self, peers: [a.joined.self] });
    // The old node hands the peer over and forgets the room; its grace timer then finds nothing to remove.
    await expect.poll(() => two.realtime.signaling!.roomCount).toBe(0);
    a.peer.send({ type: 'offer', to: b.joined.self, id: 'after', payload: {} });
    expect(await back.waitFor((f) => f.id === 'after', 'the offer')).toMatchObject({ from: a.joined.self });
    await a.peer.roundTrip();
    expect(a.peer.ofType('peer-left', 'expired')).toEqual([]);
  });
});
