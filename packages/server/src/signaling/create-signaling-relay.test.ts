import { afterEach, describe, expect, it } from 'vitest';
import { connectPeer, dropAllPeers, joinRoom, type Frame, type TestPeer, type Transport } from './__tests__/connect-peer.js';
import { API_KEY, startSignalingNode, type SignalingNode } from './__tests__/start-signaling-node.js';
import { createRedisSignalingBackplane } from './create-redis-signaling-backplane.js';

const nodes: SignalingNode[] = [];

afterEach(async () => {
  dropAllPeers();
  await Promise.all(nodes.splice(0).map((node) => node.close()));
});

async function startNode(options: Parameters<typeof startSignalingNode>[0] = {}): Promise<SignalingNode> {
  const node = await startSignalingNode(options);
  nodes.push(node);
  return node;
}

const SIGNAL_FRAME_TYPES = ['offer', 'answer', 'ice-candidate', 'renegotiate', 'leave'];
const signalsOf = (peer: TestPeer) => peer.ofType(...SIGNAL_FRAME_TYPES);

/** An SDP the way browsers write it (CRLF, many attribute lines), `kb` kilobytes long. */
function sdp(kind: 'offer' | 'answer', kb = 2): string {
  const head = `v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\na=extmap-allow-mixed\r\n`;
  let body = '';
  for (let line = 0; body.length < kb * 1024; line += 1) body += `a=candidate:${line} 1 udp 2122260223 192.168.1.${line % 250} 5${line % 10000} typ host generation 0\r\n`;
  return `${head}a=setup:${kind === 'offer' ? 'actpass' : 'active'}\r\n${body}`;
}

function candidate(n: number): Record<string, unknown> {
  return { candidate: `candidate:${n} 1 udp 2122260223 10.0.0.${n} 4${n}000 typ host`, sdpMid: '0', sdpMLineIndex: 0, usernameFragment: 'abcd' };
}

async function inRoom(node: SignalingNode, transport: Transport, room: { roomId: string; callId: string }): Promise<{ peer: TestPeer; joined: Frame }> {
  const peer = await connectPeer(node, transport, API_KEY);
  const joined = await joinRoom(peer, { room: room.roomId, callId: room.callId });
  expect(joined.type).toBe('joined');
  return { peer, joined };
}

describe.each<[Transport, Transport]>([
  ['websocket', 'websocket'],
  ['socket.io', 'socket.io'],
  ['websocket', 'socket.io'],
])('signaling between a %s peer and a %s peer', (first, second) => {
  it('carries an offer/answer/ice-candidate exchange in order, with `from` set by the server and payloads as sent', async () => {
    const node = await startNode();
    const call = await node.initiate();
    const a = await inRoom(node, first, call);
    expect(a.joined).toMatchObject({ room: call.roomId, peers: [], callId: call.callId, self: expect.stringMatching(/^p_/) });
    const b = await inRoom(node, second, call);
    expect(b.joined.peers).toEqual([a.joined.self]);
    expect(await a.peer.waitFor((f) => f.type === 'peer-joined', 'peer-joined')).toEqual({ type: 'peer-joined', room: call.roomId, peerId: b.joined.self });

    const offer = { type: 'offer', sdp: sdp('offer', 12) };
    a.peer.send({ type: 'offer', room: call.roomId, to: b.joined.self, id: 'o1', from: 'p_spoofed', payload: offer });
    for (let n = 0; n < 20; n += 1) a.peer.send({ type: 'ice-candidate', room: call.roomId, to: b.joined.self, id: `a${n}`, from: b.joined.self, payload: candidate(n) });
    a.peer.send({ type: 'ice-candidate', room: call.roomId, to: b.joined.self, id: 'a-end', payload: null });
    await b.peer.waitFor((f) => f.id === 'a-end', 'the end of candidates');
    const atB = signalsOf(b.peer);
    expect(atB.map((f) => f.id)).toEqual(['o1', ...Array.from({ length: 20 }, (_, n) => `a${n}`), 'a-end']);
    expect(atB[0]).toEqual({ type: 'offer', room: call.roomId, from: a.joined.self, to: b.joined.self, id: 'o1', payload: offer });
    expect(atB[5]!.payload).toEqual(candidate(4));
    expect(atB.at(-1)).toMatchObject({ type: 'ice-candidate', payload: null });
    expect(new Set(atB.map((f) => f.from))).toEqual(new Set([a.joined.self]));

    // No `to`: everyone else in the room; no `room`: the one room the connection is in.
    const answer = { type: 'answer', sdp: sdp('answer') };
    b.peer.send({ type: 'answer', id: 'ans', payload: answer });
    for (let n = 0; n < 10; n += 1) b.peer.send({ type: 'ice-candidate', id: `b${n}`, payload: candidate(100 + n) });
    await a.peer.waitFor((f) => f.id === 'b9', 'the answerer’s last candidate');
    const atA = signalsOf(a.peer);
    expect(atA.map((f) => f.id)).toEqual(['ans', ...Array.from({ length: 10 }, (_, n) => `b${n}`)]);
    expect(atA[0]).toEqual({ type: 'answer', room: call.roomId, from: b.joined.self, id: 'ans', payload: answer });
    expect([...a.peer.ofType('error', 'expired'), ...b.peer.ofType('error', 'expired')]).toEqual([]);
  });
});

describe.each<Transport>(['websocket', 'socket.io'])('signaling relay over %s', (transport) => {
  it('keeps a room to its peers: a client of another room and an unauthenticated client get nothing and cannot get in', async () => {
    const node = await startNode();
    const call = await node.initiate();
    const other = await node.initiate();
    const a = await inRoom(node, transport, call);
    const b = await inRoom(node, transport, call);
    // The dialer of another call: its token names its own room only.
    const { token } = node.auth.mintToken({ subject: 'other-dialer', scopes: [], ttlSec: 60, rooms: [other.roomId] });
    const outsider = { peer: await connectPeer(node, transport, token) };
    expect(await joinRoom(outsider.peer, { room: other.roomId, callId: other.callId })).toMatchObject({ type: 'joined' });
    const anonymous = await connectPeer(node, transport, undefined);

    anonymous.send({ type: 'join-room', room: call.roomId, callId: call.callId });
    expect(await anonymous.waitFor((f) => f.type === 'error', 'refusal')).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await joinRoom(outsider.peer, { room: call.roomId })).toMatchObject({ type: 'error', code: 'FORBIDDEN' });
    expect(await joinRoom(outsider.peer, { room: call.roomId, callId: other.callId })).toMatchObject({ type: 'error', code: 'FORBIDDEN' });
    expect(await joinRoom(outsider.peer, { room: call.roomId, callId: 'call_does_not_exist' })).toMatchObject({ type: 'error', code: 'FORBIDDEN' });
    outsider.peer.send({ type: 'offer', room: call.roomId, to: b.joined.self, id: 'sneak', payload: { type: 'offer', sdp: 'x' } });
    expect(await outsider.peer.waitFor((f) => f.type === 'error' && f.messageId === 'sneak', 'refusal')).toMatchObject({ code: 'FORBIDDEN' });
    anonymous.send({ type: 'offer', room: call.roomId, to: b.joined.self, id: 'anon', payload: {} });

    a.peer.send({ type: 'offer', to: b.joined.self, id: 'o1', payload: { type: 'offer', sdp: sdp('offer') } });
    a.peer.send({ type: 'renegotiate', id: 'r1' });
    await node.setStatus(call.callId, 'ringing');
    await node.setStatus(other.callId, 'ringing');
    await b.peer.waitFor((f) => f.id === 'r1', 'renegotiate');
    await b.peer.waitFor((f) => f.type === 'event', 'the call’s event');
    await outsider.peer.waitFor((f) => f.type === 'event', 'the other call’s event');
    await Promise.all([outsider.peer.roundTrip(), anonymous.roundTrip()]);

    expect(signalsOf(b.peer).map((f) => f.id)).toEqual(['o1', 'r1']);
    expect(signalsOf(outsider.peer)).toEqual([]);
    expect(outsider.peer.ofType('peer-joined', 'peer-left')).toEqual([]);
    expect(outsider.peer.ofType('event').map((f) => f.event.callId)).toEqual([other.callId]);
    expect(new Set(anonymous.frames.map((f) => f.type))).toEqual(new Set(['error', 'pong']));
    expect(anonymous.ofType('error').map((f) => f.code)).toEqual(['UNAUTHORIZED', 'UNAUTHORIZED']);
  });

  it('lets a credential with read into the room of a call it names, or of a call the room is already bound to', async () => {
    const node = await startNode();
    const call = await node.initiate();
    const reader = await connectPeer(node, transport, API_KEY);
    expect(await joinRoom(reader, { room: call.roomId })).toMatchObject({ type: 'error', code: 'FORBIDDEN' });
    expect(await joinRoom(reader, { room: 'room_made_up', callId: call.callId })).toMatchObject({ type: 'error', code: 'FORBIDDEN' });
    expect(await joinRoom(reader, { room: call.roomId, callId: call.callId })).toMatchObject({ type: 'joined', callId: call.callId });
    const second = await connectPeer(node, transport, API_KEY);
    expect(await joinRoom(second, { room: call.roomId })).toMatchObject({ type: 'joined', callId: call.callId });
    const { token } = node.auth.mintToken({ subject: 'bot', scopes: ['ingest'], ttlSec: 60, rooms: ['room_other'] });
    const ingestOnly = await connectPeer(node, transport, token);
    expect(await joinRoom(ingestOnly, { room: call.roomId, callId: call.callId })).toMatchObject({ type: 'error', code: 'FORBIDDEN' });
  });

  it('lets a token scoped to room A into room A only, and gives it the call of the room', async () => {
    const node = await startNode();
    const callA = await node.initiate();
    const callB = await node.initiate();
    const dialer = await inRoom(node, transport, callA);
    const { token } = node.auth.mintToken({ subject: 'supervisor', scopes: [], ttlSec: 60, rooms: [callA.roomId] });
    const supervisor = await connectPeer(node, transport, token);

    expect(await joinRoom(supervisor, { room: callB.roomId })).toMatchObject({ type: 'error', code: 'FORBIDDEN' });
    expect(await joinRoom(supervisor, { room: callB.roomId, callId: callB.callId })).toMatchObject({ type: 'error', code: 'FORBIDDEN' });
    expect(await joinRoom(supervisor, { room: callA.roomId, callId: callB.callId })).toMatchObject({ type: 'error', code: 'FORBIDDEN' });
    supervisor.send({ type: 'subscribe', id: 'feed', channel: 'calls' });
    expect(await supervisor.waitFor((f) => f.type === 'error' && f.id === 'feed', 'feed refusal')).toMatchObject({ code: 'FORBIDDEN' });

    const joined = await joinRoom(supervisor, { room: callA.roomId });
    expect(joined).toMatchObject({ type: 'joined', peers: [dialer.joined.self], callId: callA.callId, call: { id: callA.callId, status: 'queued' } });
    supervisor.send({ type: 'offer', room: callB.roomId, id: 'elsewhere', payload: {} });
    expect(await supervisor.waitFor((f) => f.messageId === 'elsewhere', 'refusal')).toMatchObject({ type: 'error', code: 'FORBIDDEN' });
    await node.setStatus(callA.callId, 'ringing');
    expect(await supervisor.waitFor((f) => f.type === 'event', 'event')).toMatchObject({ event: { callId: callA.callId, status: 'ringing' } });
  });

  it('holds a message for a peer that is not there yet and delivers it, in order, when one joins', async () => {
    const node = await startNode();
    const call = await node.initiate();
    const a = await inRoom(node, transport, call);
    a.peer.send({ type: 'offer', id: 'early', payload: { type: 'offer', sdp: sdp('offer') } });
    a.peer.send({ type: 'ice-candidate', id: 'early-c1', payload: candidate(1) });
    await a.peer.roundTrip();
    const b = await inRoom(node, transport, call);
    await b.peer.waitFor((f) => f.id === 'early-c1', 'the queued candidate');
    expect(signalsOf(b.peer).map((f) => [f.id, f.from])).toEqual([
      ['early', a.joined.self],
      ['early-c1', a.joined.self],
    ]);
    expect(b.peer.frames.indexOf(b.joined)).toBeLessThan(b.peer.frames.indexOf(signalsOf(b.peer)[0]!));
    expect(a.peer.ofType('expired')).toEqual([]);
  });

  it('sends a message back as `expired` when its peer never comes', async () => {
    const node = await startNode({ signaling: { queueMs: 150 } });
    const call = await node.initiate();
    const a = await inRoom(node, transport, call);
    a.peer.send({ type: 'offer', id: 'lonely', payload: { type: 'offer', sdp: sdp('offer') } });
    a.peer.send({ type: 'offer', to: 'p_never_was_here', id: 'lost', payload: {} });
    expect(await a.peer.waitFor((f) => f.type === 'expired' && f.id === 'lonely', 'expired')).toEqual({
      type: 'expired',
      room: call.roomId,
      id: 'lonely',
      messageType: 'offer',
    });
    expect(await a.peer.waitFor((f) => f.type === 'expired' && f.id === 'lost', 'expired')).toMatchObject({ to: 'p_never_was_here' });
    const b = await inRoom(node, transport, call);
    await b.peer.roundTrip();
    expect(signalsOf(b.peer)).toEqual([]);
  });

  it('refuses an oversize payload with PAYLOAD_TOO_LARGE and still relays a large SDP', async () => {
    const node = await startNode();
    const call = await node.initiate();
    const a = await inRoom(node, transport, call);
    const b = await inRoom(node, transport, call);
    a.peer.send({ type: 'offer', id: 'huge', payload: { type: 'offer', sdp: sdp('offer', 52) } });
    expect(await a.peer.waitFor((f) => f.type === 'error' && f.messageId === 'huge', 'refusal')).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', room: call.roomId });
    const large = { type: 'offer', sdp: sdp('offer', 40) };
    a.peer.send({ type: 'offer', id: 'large', payload: large });
    expect((await b.peer.waitFor((f) => f.id === 'large', 'the 40 KB offer')).payload).toEqual(large);
    expect(signalsOf(b.peer).map((f) => f.id)).toEqual(['large']);
  });

  it('refuses a flood with RATE_LIMITED and relays, in order, what the bucket allows', async () => {
    const node = await startNode({ signaling: { messageBurst: 10, messagesPerSecond: 0.001 } });
    const call = await node.initiate();
    const a = await inRoom(node, transport, call);
    const b = await inRoom(node, transport, call);
    for (let n = 0; n < 25; n += 1) a.peer.send({ type: 'ice-candidate', id: `c${n}`, payload: candidate(n) });
    await a.peer.waitFor((f) => f.messageId === 'c24', 'the last refusal');
    await b.peer.roundTrip();
    expect(signalsOf(b.peer).map((f) => f.id)).toEqual(Array.from({ length: 10 }, (_, n) => `c${n}`));
    const refusals = a.peer.ofType('error');
    expect(refusals.map((f) => f.messageId)).toEqual(Array.from({ length: 15 }, (_, n) => `c${n + 10}`));
    expect(new Set(refusals.map((f) => f.code))).toEqual(new Set(['RATE_LIMITED']));
  });

  it('refuses a peer beyond the room capacity with ROOM_FULL', async () => {
    const node = await startNode({ signaling: { roomCapacity: 2 } });
    const call = await node.initiate();
    await inRoom(node, transport, call);
    await inRoom(node, transport, call);
    const third = await connectPeer(node, transport, API_KEY);
    expect(await joinRoom(third, { room: call.roomId, callId: call.callId })).toMatchObject({ type: 'error', code: 'ROOM_FULL', id: call.roomId });
  });

  it('delivers the call’s status events to its room, after the join answer and its snapshot', async () => {
    const node = await startNode();
    const call = await node.initiate();
    const a = await inRoom(node, transport, call);
    expect(a.joined.call).toMatchObject({ id: call.callId, status: 'queued', metadata: { roomId: call.roomId } });
    for (const status of ['ringing', 'in-progress', 'completed'] as const) await node.setStatus(call.callId, status);
    await a.peer.waitFor((f) => f.type === 'event' && f.call?.status === 'completed', 'the completed event');
    const events = a.peer.ofType('event');
    expect(events.map((f) => [f.event.type, f.event.status, f.event.callId])).toEqual([
      ['call.status', 'ringing', call.callId],
      ['call.status', 'in-progress', call.callId],
      ['call.status', 'completed', call.callId],
    ]);
    expect(events.every((f, i) => f.seq > (i === 0 ? a.joined.seq : events[i - 1]!.seq))).toBe(true);
  });

  it('tells the room when a peer leaves, and when a dropped peer’s grace is over', async () => {
    const node = await startNode({ signaling: { resumeGraceMs: 100 } });
    const call = await node.initiate();
    const a = await inRoom(node, transport, call);
    const b = await inRoom(node, transport, call);
    const c = await inRoom(node, transport, call);
    b.peer.send({ type: 'leave-room', room: call.roomId });
    expect(await b.peer.waitFor((f) => f.type === 'left', 'left')).toEqual({ type: 'left', room: call.roomId, id: call.roomId });
    expect(await a.peer.waitFor((f) => f.type === 'peer-left' && f.peerId === b.joined.self, 'b left')).toMatchObject({ reason: 'leave' });
    c.peer.drop();
    expect(await a.peer.waitFor((f) => f.type === 'peer-left' && f.peerId === c.joined.self, 'c gone')).toMatchObject({ reason: 'disconnect' });
    b.peer.send({ type: 'offer', id: 'after-leaving', payload: {} });
    expect(await b.peer.waitFor((f) => f.messageId === 'after-leaving', 'refusal')).toMatchObject({ code: 'BAD_PAYLOAD' });
  });

  it('lets a dropped peer resume its id within the grace and get what was sent to it meanwhile', async () => {
    const node = await startNode({ signaling: { resumeGraceMs: 10_000 } });
    const call = await node.initiate();
    const a = await inRoom(node, transport, call);
    const b = await inRoom(node, transport, call);
    b.peer.drop();
    await expect.poll(() => node.realtime.engine.connectionCount).toBe(1);
    a.peer.send({ type: 'offer', to: b.joined.self, id: 'while-away', payload: { type: 'offer', sdp: sdp('offer') } });
    await a.peer.roundTrip();

    const back = await connectPeer(node, transport, API_KEY);
    expect(await joinRoom(back, { room: call.roomId, peerId: b.joined.self, resumeKey: 'not-the-key' })).toMatchObject({ type: 'error', code: 'FORBIDDEN' });
    expect(await joinRoom(back, { room: call.roomId, peerId: 'p_unknown', resumeKey: b.joined.resumeKey })).toMatchObject({ type: 'error', code: 'NOT_FOUND' });
    const resumed = await joinRoom(back, { room: call.roomId, peerId: b.joined.self, resumeKey: b.joined.resumeKey });
    expect(resumed).toMatchObject({ type: 'joined', self: b.joined.self, peers: [a.joined.self] });
    expect(await back.waitFor((f) => f.id === 'while-away', 'the queued offer')).toMatchObject({ from: a.joined.self });
    back.send({ type: 'answer', id: 'back', payload: {} });
    await a.peer.waitFor((f) => f.id === 'back', 'the answer');
    expect(a.peer.ofType('peer-left', 'expired')).toEqual([]);
    expect(a.peer.ofType('peer-joined')).toHaveLength(1);
  });

  it('answers `subscribe` on the room channel the way it answers `join-room`', async () => {
    const node = await startNode();
    const call = await node.initiate();
    const a = await connectPeer(node, transport, API_KEY);
    a.send({ type: 'subscribe', id: 'r1', channel: 'room', room: call.roomId, callId: call.callId });
    const subscribed = await a.waitFor((f) => f.type === 'subscribed', 'subscribed');
    expect(subscribed).toMatchObject({ id: 'r1', channel: 'room', room: call.roomId, recovered: false, peers: [], callId: call.callId });
    const b = await inRoom(node, transport, call);
    expect(b.joined.peers).toEqual([subscribed.self]);
    a.send({ type: 'unsubscribe', id: 'r1' });
    expect(await b.peer.waitFor((f) => f.type === 'peer-left', 'peer-left')).toMatchObject({ peerId: subscribed.self, reason: 'leave' });
  });
});

describe('signaling relay over plain WebSocket only', () => {
  it('answers a join with INTERNAL when the room directory cannot be reached, and stays usable', async () => {
    // Nothing listens on port 1: every Redis command fails at once.
    const backplane = createRedisSignalingBackplane({ url: 'redis://127.0.0.1:1', redisOptions: { retryStrategy: () => null, maxRetriesPerRequest: 0 } });
    const node = await startNode({ signaling: { backplane } });
    const call = await node.initiate();
    const peer = await connectPeer(node, 'websocket', API_KEY);
    expect(await joinRoom(peer, { room: call.roomId, callId: call.callId })).toMatchObject({ type: 'error', code: 'INTERNAL' });
    expect(await joinRoom(peer, { room: call.roomId, callId: call.callId, id: 'again' })).toMatchObject({ type: 'error', code: 'INTERNAL' });
    expect(node.realtime.signaling!.roomCount).toBe(0);
    await backplane.close();
  });

  it('closes on a frame past the 64 KiB transport cap with 1009', async () => {
    const node = await startNode();
    const call = await node.initiate();
    const a = await inRoom(node, 'websocket', call);
    a.peer.send({ type: 'offer', id: 'too-big', payload: { sdp: 'x'.repeat(70 * 1024) } });
    expect(await a.peer.closed).toMatchObject({ code: 1009 });
  });

  it('closes a silent peer with the heartbeat and tells the room it left', async () => {
    const node = await startNode({ heartbeatMs: 100, heartbeatTimeoutMs: 100, signaling: { resumeGraceMs: 50 } });
    const call = await node.initiate();
    const a = await inRoom(node, 'websocket', call);
    const b = await inRoom(node, 'websocket', call);
    b.peer.freeze();
    expect(await a.peer.waitFor((f) => f.type === 'peer-left', 'peer-left')).toEqual({
      type: 'peer-left',
      room: call.roomId,
      peerId: b.joined.self,
      reason: 'disconnect',
    });
  });
});
