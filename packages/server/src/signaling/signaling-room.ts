import type { OutboundFrame, RealtimeConnection } from '../realtime/realtime-connection.js';
import type { RealtimeLogger } from '../realtime/realtime-settings.js';
import type { Timers } from '../realtime/timers.js';
import { createSignalQueue, type QueuedSignal } from './create-signal-queue.js';
import { createPeerId, createResumeKey, digestResumeKey } from './peer-credentials.js';
import type { DirectoryJoin, PeerLeftReason, RoomMessage, SignalingBackplane } from './signaling-backplane.js';
import type { SignalFrame } from './signaling-frames.js';

/** @internal A peer whose connection is on this node. */
export interface LocalPeer {
  readonly peerId: string;
  readonly resumed: boolean;
  connection: RealtimeConnection | undefined;
  /** `joining` until the join answer is out (frames wait in `held`), `away` once the connection dropped. */
  state: 'joining' | 'present' | 'away';
  /** The peers this connection has been told about (join answer, `peer-joined`), so each is announced once. */
  readonly known: Set<string>;
  held: OutboundFrame[];
  awayTimer: unknown;
}

/** @internal The relay's knobs a room needs. */
export interface RoomSettings {
  queueMs: number;
  resumeGraceMs: number;
  maxQueued: number;
}

/** @internal What entering a room gave. */
export type RoomEntry =
  | { ok: true; local: LocalPeer; resumeKey: string; peers: string[]; callId: string | undefined }
  | Extract<DirectoryJoin, { ok: false }>;

/** @internal One room as this node sees it: its roster, its peers here, and what they queued for absent peers. */
export interface SignalingRoom {
  readonly id: string;
  /** No peer here and no join under way. */
  readonly idle: boolean;
  localPeers(): Iterable<LocalPeer>;
  localOf(connection: RealtimeConnection): LocalPeer | undefined;
  /** Joins (or resumes in) the directory; the peer stays `joining` until {@link SignalingRoom.commit}. */
  enter(
    connection: RealtimeConnection,
    resume: { peerId: string; key: string } | undefined,
    options: { capacity: number; callId?: string },
  ): Promise<RoomEntry>;
  /** The join answer is out: release held frames and announce the peer. */
  commit(local: LocalPeer): void;
  /** The connection is gone: the peer is away until it resumes or its grace ends. */
  drop(local: LocalPeer): void;
  /** The peer leaves for good. */
  leave(local: LocalPeer, reason: PeerLeftReason): Promise<void>;
  /** Forwards (or queues) a frame from a peer here; answers a refusal when the queue is full. */
  send(local: LocalPeer, frame: SignalFrame, id: string): { code: 'RATE_LIMITED' | 'BAD_PAYLOAD'; message: string } | undefined;
  /** Announces peers of dead nodes as left. */
  sweep(): Promise<void>;
  /** Stops listening; every peer here leaves. */
  close(): Promise<void>;
}

/** @internal */
export function createSignalingRoom(
  roomId: string,
  deps: { backplane: SignalingBackplane; timers: Timers; settings: RoomSettings; logger: RealtimeLogger; onIdle(room: SignalingRoom): void },
): SignalingRoom {
  const { backplane, timers, settings, logger } = deps;
  const roster = new Map<string, { away: boolean }>();
  const locals = new Map<string, LocalPeer>();
  const queue = createSignalQueue({ timers, queueMs: settings.queueMs, onExpired: expire });
  let joining = 0;
  let buffer: RoomMessage[] = [];
  let stopListening: (() => Promise<void>) | undefined;
  let closing = false;
  // Listen before the first directory read, so no message after it can be missed.
  const listening = backplane.listen(roomId, (message) => {
    if (joining > 0) buffer.push(message);
    else apply(message);
  });
  listening.then(
    (stop) => (stopListening = stop),
    () => undefined,
  );

  function publish(message: RoomMessage): void {
    backplane.publish(message).catch((error: unknown) => logger.error({ err: error, room: roomId, kind: message.kind }, 'signaling publish failed'));
  }

  function toLocal(local: LocalPeer, frame: OutboundFrame): void {
    if (local.state === 'joining') local.held.push(frame);
    else if (local.state === 'present') local.connection?.send(frame);
  }

  function apply(message: RoomMessage): void {
    if (message.kind === 'peer-joined') {
      const { peerId, nodeId } = message.peer;
      roster.set(peerId, { away: false });
      const here = locals.get(peerId);
      if (here && nodeId !== backplane.nodeId) takenOver(here);
      for (const local of locals.values()) {
        if (local.peerId === peerId || local.state === 'away' || local.known.has(peerId)) continue;
        local.known.add(peerId);
        toLocal(local, { type: 'peer-joined', room: roomId, peerId });
      }
      const deliver = (waiting: QueuedSignal['message']) => publish(Object.assign({}, waiting, { to: peerId }));
      queue.release(peerId, peerId, deliver);
      if (!message.resumed) queue.release('*', peerId, deliver);
    } else if (message.kind === 'peer-away') {
      const entry = roster.get(message.peerId);
      if (entry) entry.away = true;
    } else if (message.kind === 'peer-left') {
      roster.delete(message.peerId);
      for (const local of locals.values()) {
        if (local.known.delete(message.peerId)) toLocal(local, { type: 'peer-left', room: roomId, peerId: message.peerId, reason: message.reason });
      }
      for (const entry of queue.take(message.peerId)) expire(entry);
    } else if (message.kind === 'signal') {
      const local = locals.get(message.to);
      if (!local) return;
      if (local.state === 'away') {
        // It dropped while the message was on its way: the sender hears so at once.
        publish({ kind: 'expired', room: roomId, to: message.from, id: message.id, type: message.type, peer: message.to });
        return;
      }
      const { type, from, to, id, addressed } = message;
      toLocal(local, { type, room: roomId, from, ...(addressed ? { to } : {}), id, ...('payload' in message ? { payload: message.payload } : {}) });
    } else {
      const local = locals.get(message.to);
      if (local) toLocal(local, { type: 'expired', room: roomId, id: message.id, messageType: message.type, to: message.peer });
    }
  }

  // A peer resumed on another connection: the one here no longer speaks for it.
  function takenOver(local: LocalPeer): void {
    locals.delete(local.peerId);
    timers.clearTimeout(local.awayTimer);
    queue.dropFrom(local.peerId);
    if (local.state !== 'away' && local.connection) {
      local.connection.send({ type: 'error', code: 'CONFLICT', message: `Peer ${local.peerId} resumed on another connection`, room: roomId });
      void local.connection.leaveRoom(roomId);
    }
    checkIdle();
  }

  function expire(entry: QueuedSignal): void {
    const sender = locals.get(entry.message.from);
    if (!sender) return;
    const { id, type } = entry.message;
    toLocal(sender, { type: 'expired', room: roomId, id, messageType: type, ...(entry.target === '*' ? {} : { to: entry.target }) });
  }

  function checkIdle(): void {
    if (!closing && locals.size === 0 && joining === 0) deps.onIdle(room);
  }

  async function leave(local: LocalPeer, reason: PeerLeftReason): Promise<void> {
    if (locals.get(local.peerId) !== local) return;
    locals.delete(local.peerId);
    timers.clearTimeout(local.awayTimer);
    local.state = 'away';
    queue.dropFrom(local.peerId);
    try {
      if (await backplane.leave(roomId, local.peerId)) publish({ kind: 'peer-left', room: roomId, peerId: local.peerId, reason });
    } catch (error) {
      logger.error({ err: error, room: roomId }, 'leaving the signaling directory failed');
    }
    checkIdle();
  }

  const room: SignalingRoom = {
    id: roomId,
    get idle() {
      return locals.size === 0 && joining === 0;
    },
    localPeers: () => locals.values(),
    localOf(connection) {
      for (const local of locals.values()) if (local.connection === connection) return local;
      return undefined;
    },
    async enter(connection, resume, options) {
      joining += 1;
      try {
        await listening;
        const key = resume?.key ?? createResumeKey();
        const entry = { peerId: resume?.peerId ?? createPeerId(), resumeDigest: digestResumeKey(key) };
        const result = resume ? await backplane.resume(roomId, entry) : await backplane.join(roomId, entry, options);
        if (!result.ok) return result;
        for (const peer of result.peers) roster.set(peer.peerId, { away: peer.away });
        for (const gone of result.pruned) publish({ kind: 'peer-left', room: roomId, peerId: gone, reason: 'timeout' });
        const previous = locals.get(entry.peerId);
        if (previous) takenOver(previous);
        const peers = result.peers.map((peer) => peer.peerId);
        const local: LocalPeer = {
          peerId: entry.peerId,
          resumed: resume !== undefined,
          connection,
          state: 'joining',
          known: new Set(peers),
          held: [],
          awayTimer: undefined,
        };
        locals.set(local.peerId, local);
        return { ok: true, local, resumeKey: key, peers, callId: result.callId };
      } finally {
        joining -= 1;
        if (joining === 0) {
          const later = buffer;
          buffer = [];
          for (const message of later) apply(message);
        }
        checkIdle();
      }
    },
    commit(local) {
      if (local.state !== 'joining' || locals.get(local.peerId) !== local) return;
      local.state = 'present';
      for (const frame of local.held.splice(0)) local.connection?.send(frame);
      publish({ kind: 'peer-joined', room: roomId, peer: { peerId: local.peerId, nodeId: backplane.nodeId, away: false }, resumed: local.resumed });
    },
    drop(local) {
      if (local.state === 'away' || locals.get(local.peerId) !== local) return;
      if (settings.resumeGraceMs <= 0) {
        void leave(local, 'disconnect');
        return;
      }
      local.state = 'away';
      local.connection = undefined;
      local.held = [];
      queue.dropFrom(local.peerId);
      backplane
        .markAway(roomId, local.peerId)
        .then(() => publish({ kind: 'peer-away', room: roomId, peerId: local.peerId }))
        .catch((error: unknown) => logger.error({ err: error, room: roomId }, 'marking a peer away failed'));
      local.awayTimer = timers.setTimeout(() => {
        // Still ours and still away: the grace is over.
        if (locals.get(local.peerId) === local && local.state === 'away') void leave(local, 'disconnect');
      }, settings.resumeGraceMs);
    },
    leave,
    send(local, frame, id) {
      if (frame.to === local.peerId) return { code: 'BAD_PAYLOAD', message: 'A peer cannot send to itself' };
      const others = frame.to !== undefined ? [frame.to] : [...roster.keys()].filter((peerId) => peerId !== local.peerId);
      const targets = others.length > 0 ? others : ['*'];
      const direct = (target: string) => roster.get(target)?.away === false && !queue.has(target);
      const toQueue = targets.filter((target) => !direct(target)).length;
      if (queue.size + toQueue > settings.maxQueued) return { code: 'RATE_LIMITED', message: `Room ${roomId} has too many messages waiting for absent peers` };
      const message: QueuedSignal['message'] = {
        kind: 'signal',
        room: roomId,
        type: frame.type,
        id,
        from: local.peerId,
        addressed: frame.to !== undefined,
        ...(frame.payload === undefined ? {} : { payload: frame.payload }),
      };
      for (const target of targets) {
        if (direct(target)) publish(Object.assign({}, message, { to: target }));
        else queue.add(target, message);
      }
      return undefined;
    },
    async sweep() {
      for (const gone of await backplane.prune(roomId)) publish({ kind: 'peer-left', room: roomId, peerId: gone, reason: 'timeout' });
    },
    async close() {
      closing = true;
      for (const local of [...locals.values()]) await leave(local, 'disconnect');
      queue.clear();
      await stopListening?.();
    },
  };
  return room;
}
