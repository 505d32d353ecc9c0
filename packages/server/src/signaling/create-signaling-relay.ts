import type { CallboardErrorCode } from '@callboard/core';
import type { Principal } from '../auth/index.js';
import type { OutboundFrame, RealtimeConnection, RoomGate, RoomJoinVerdict } from '../realtime/realtime-connection.js';
import { consoleLogger, type RealtimeLogger } from '../realtime/realtime-settings.js';
import type { SubscriptionEngine } from '../realtime/subscription-engine.js';
import { clockOf, every, timersOf, type RealtimeClock } from '../realtime/timers.js';
import type { CallStore } from '../store/call-store.js';
import { authorizeRoomJoin } from './authorize-room-join.js';
import { createLocalSignalingBackplane } from './create-local-signaling-backplane.js';
import { SIGNAL_TYPES } from './signal-types.js';
import type { SignalingBackplane } from './signaling-backplane.js';
import { parseJoinRoomFrame, parseLeaveRoomFrame, parseSignalFrame } from './signaling-frames.js';
import { createSignalingRoom, type SignalingRoom } from './signaling-room.js';
import { createTokenBucket, type TokenBucket } from './token-bucket.js';

/** An ICE server for `RTCPeerConnection`, as handed to peers in the join answer. */
export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** Options of {@link createSignalingRelay}. */
export interface SignalingRelayOptions {
  /** The node's subscription engine (`attachRealtime(...).engine`). */
  engine: SubscriptionEngine;
  /** The deployment's store: joins check the call's `metadata.roomId` in it. */
  store: CallStore;
  /** Room directory and messaging between nodes. Default: in-process (one node). The relay never closes one it was given. */
  backplane?: SignalingBackplane;
  /** Time and timers (queue expiry, resume grace, rate limit). Default: the system's. */
  clock?: RealtimeClock;
  logger?: RealtimeLogger;
  /** Peers per room, away ones included (default 4). */
  roomCapacity?: number;
  /** How long a message for an absent peer waits before it comes back as `expired` (default 5 000 ms). */
  queueMs?: number;
  /** How long a peer whose connection dropped may resume its peer id before the room hears `peer-left` (default 5 000 ms; 0: at once). */
  resumeGraceMs?: number;
  /** Largest `payload` (UTF-8 JSON bytes) a relayed frame may carry (default 48 KiB, below the 64 KiB frame cap). */
  maxMessageBytes?: number;
  /** Relay frames a connection may send per second, sustained (default 20). */
  messagesPerSecond?: number;
  /** Relay frames a connection may send at once (default 100: an ICE gathering burst). */
  messageBurst?: number;
  /** Messages waiting for absent peers, per room on a node (default 200). */
  maxQueuedPerRoom?: number;
  /** How often rooms with peers here are checked for peers of dead nodes (default 10 000 ms). */
  sweepMs?: number;
  /** ICE servers (short-lived TURN credentials, say) for the join answer. */
  iceServers?: (context: { principal: Principal; room: string; peerId: string }) => IceServer[] | Promise<IceServer[]>;
}

/** The signaling relay of a node, as returned by {@link createSignalingRelay}. */
export interface SignalingRelay {
  readonly backplane: SignalingBackplane;
  /** Rooms with peers (present or away) on this node. */
  readonly roomCount: number;
  /** Unhooks from the engine; every peer here leaves its room. */
  close(): Promise<void>;
}

const REFUSALS: Record<'full' | 'unknown-peer' | 'bad-resume-key', { code: CallboardErrorCode; message: string }> = {
  full: { code: 'ROOM_FULL', message: 'The room is full' },
  'unknown-peer': { code: 'NOT_FOUND', message: 'No such peer to resume in this room' },
  'bad-resume-key': { code: 'FORBIDDEN', message: 'The resume key does not match' },
};

/**
 * Relays WebRTC signaling between the peers of a room, over the realtime gateways (plain WebSocket
 * and Socket.IO alike): `join-room`/`leave-room` (or `subscribe` on the `room` channel), then
 * `offer`, `answer`, `ice-candidate`, `renegotiate` and `leave` forwarded unread to one peer (`to`)
 * or all others, with `from` set by the server, in order per pair. Messages for an absent peer
 * wait `queueMs`, then come back as `expired`. The room of a call also gets that call's `event`
 * frames. Frames and codes: docs/protocol.md, "Signaling".
 *
 * `attachRealtime` creates one (in-process backplane unless told otherwise); create one yourself
 * when you build the engine yourself.
 *
 * @example
 * const realtime = attachRealtime(server, { hub, auth, signaling: false });
 * const relay = createSignalingRelay({
 *   engine: realtime.engine,
 *   store: hub.store,
 *   backplane: createRedisSignalingBackplane({ url: process.env.REDIS_URL }),
 * });
 */
export function createSignalingRelay(options: SignalingRelayOptions): SignalingRelay {
  const { engine, store } = options;
  const ownBackplane = options.backplane === undefined;
  const backplane = options.backplane ?? createLocalSignalingBackplane();
  const clock = clockOf(options.clock);
  const timers = timersOf(options.clock);
  const logger = options.logger ?? consoleLogger;
  const capacity = options.roomCapacity ?? 4;
  const maxMessageBytes = options.maxMessageBytes ?? 48 * 1024;
  const settings = {
    queueMs: options.queueMs ?? 5_000,
    resumeGraceMs: options.resumeGraceMs ?? 5_000,
    maxQueued: options.maxQueuedPerRoom ?? 200,
  };
  const rooms = new Map<string, SignalingRoom>();
  const buckets = new WeakMap<RealtimeConnection, TokenBucket>();
  let messageCounter = 0;

  function roomNamed(id: string): SignalingRoom {
    let room = rooms.get(id);
    if (!room) {
      room = createSignalingRoom(id, {
        backplane,
        timers,
        settings,
        logger,
        onIdle(idle) {
          if (rooms.get(idle.id) !== idle) return;
          rooms.delete(idle.id);
          void idle.close().catch((error: unknown) => logger.warn({ err: error, room: idle.id }, 'closing a signaling room failed'));
        },
      });
      rooms.set(id, room);
    }
    return room;
  }

  const refuse = (code: CallboardErrorCode, message: string): RoomJoinVerdict => ({ ok: false, code, message });

  const admit: RoomGate = async (connection, request) => {
    const principal = connection.principal;
    if (!principal) return refuse('UNAUTHORIZED', 'Authenticate first');
    if (rooms.get(request.room)?.localOf(connection)) return refuse('CONFLICT', `This connection is already in room ${request.room}`);
    if ((request.peerId === undefined) !== (request.resumeKey === undefined)) return refuse('BAD_PAYLOAD', 'peerId and resumeKey go together');
    try {
      const access = await authorizeRoomJoin(store, principal, request, () => backplane.roomCall(request.room));
      if (!access.ok) return refuse('FORBIDDEN', access.message);
      const room = roomNamed(request.room);
      const resume = request.peerId === undefined ? undefined : { peerId: request.peerId, key: request.resumeKey! };
      const entry = await room.enter(connection, resume, { capacity, ...(access.call ? { callId: access.call.id } : {}) });
      if (!entry.ok) return refuse(REFUSALS[entry.reason].code, REFUSALS[entry.reason].message);
      const { local } = entry;
      const callId = access.call?.id ?? entry.callId;
      try {
        const call = access.call ?? (callId === undefined ? undefined : await store.getCall(callId));
        const iceServers = await options.iceServers?.({ principal, room: request.room, peerId: local.peerId });
        return {
          ok: true,
          callId,
          reply: {
            self: local.peerId,
            resumeKey: entry.resumeKey,
            peers: entry.peers,
            ...(callId === undefined ? {} : { callId, call: call ?? null }),
            ...(iceServers === undefined ? {} : { iceServers }),
          },
          commit: () => room.commit(local),
          release: () => room.drop(local),
        };
      } catch (error) {
        room.drop(local);
        throw error;
      }
    } catch (error) {
      logger.error({ err: error, room: request.room, connectionId: connection.id }, 'joining a signaling room failed');
      return refuse('INTERNAL', 'Joining the room failed');
    }
  };

  function sendError(connection: RealtimeConnection, code: CallboardErrorCode, message: string, extra: Record<string, unknown> = {}): void {
    connection.send({ type: 'error', code, message, ...extra });
  }

  function withinRate(connection: RealtimeConnection): boolean {
    let bucket = buckets.get(connection);
    if (!bucket) {
      bucket = createTokenBucket({ burst: options.messageBurst ?? 100, perSecond: options.messagesPerSecond ?? 20, clock });
      buckets.set(connection, bucket);
    }
    return bucket.take();
  }

  function relay(connection: RealtimeConnection, input: OutboundFrame): void {
    const messageId = typeof input.id === 'string' ? { messageId: input.id } : {};
    if (!withinRate(connection)) return sendError(connection, 'RATE_LIMITED', 'Too many signaling messages', messageId);
    const parsed = parseSignalFrame(input);
    if (!parsed.ok) return sendError(connection, 'BAD_PAYLOAD', parsed.message, messageId);
    const frame = parsed.frame;
    const joined = connection.rooms();
    const roomId = frame.room ?? (joined.length === 1 ? joined[0] : undefined);
    if (roomId === undefined) return sendError(connection, 'BAD_PAYLOAD', 'Say which room the message is for (room)', messageId);
    const local = rooms.get(roomId)?.localOf(connection);
    if (!local || local.state !== 'present') return sendError(connection, 'FORBIDDEN', `Join room ${roomId} first`, { room: roomId, ...messageId });
    const bytes = frame.payload === undefined ? 0 : Buffer.byteLength(JSON.stringify(frame.payload));
    if (bytes > maxMessageBytes) {
      return sendError(connection, 'PAYLOAD_TOO_LARGE', `The payload has ${bytes} bytes; at most ${maxMessageBytes}`, { room: roomId, ...messageId });
    }
    messageCounter += 1;
    const refusal = rooms.get(roomId)!.send(local, frame, frame.id ?? `m_${messageCounter.toString(36)}`);
    if (refusal) sendError(connection, refusal.code, refusal.message, { room: roomId, ...messageId });
  }

  const removers = [
    engine.gateRooms(admit),
    engine.onRoomChange((change) => {
      if (change.type !== 'leave') return;
      const room = rooms.get(change.room);
      const local = room?.localOf(change.connection);
      if (!room || !local) return;
      if (change.reason === 'closed') room.drop(local);
      else void room.leave(local, 'leave');
    }),
    engine.onFrame('join-room', async (connection, input) => {
      const parsed = parseJoinRoomFrame(input);
      if (!parsed.ok) return sendError(connection, 'BAD_PAYLOAD', parsed.message, typeof input.id === 'string' ? { id: input.id } : {});
      const { type: _type, id, ...request } = parsed.frame;
      await connection.joinRoom({ id: id ?? request.room, ...request });
    }),
    engine.onFrame('leave-room', async (connection, input) => {
      const parsed = parseLeaveRoomFrame(input);
      if (!parsed.ok) return sendError(connection, 'BAD_PAYLOAD', parsed.message);
      const id = await connection.leaveRoom(parsed.frame.room);
      connection.send({ type: 'left', room: parsed.frame.room, ...(id === undefined ? {} : { id }) });
    }),
    ...SIGNAL_TYPES.map((type) => engine.onFrame(type, relay)),
    every(timers, options.sweepMs ?? 10_000, () => {
      for (const room of rooms.values()) {
        room.sweep().catch((error: unknown) => logger.warn({ err: error, room: room.id }, 'checking a room for dead nodes failed'));
      }
    }),
  ];

  return {
    backplane,
    get roomCount() {
      return rooms.size;
    },
    async close() {
      for (const remove of removers.splice(0)) remove();
      const open = [...rooms.values()];
      rooms.clear();
      await Promise.all(open.map((room) => room.close()));
      if (ownBackplane) await backplane.close();
    },
  };
}
