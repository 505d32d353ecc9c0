import type { DirectoryJoin, DirectoryPeer, RoomMessage, SignalingBackplane } from './signaling-backplane.js';

interface LocalEntry {
  digest: string;
  away: boolean;
}

interface LocalRoom {
  peers: Map<string, LocalEntry>;
  callId: string | undefined;
}

const NODE_ID = 'local';

/**
 * The in-process backplane of a single node: the room directory is a map and messages are
 * delivered on a microtask, in publish order. Several nodes need
 * {@link createRedisSignalingBackplane} instead.
 *
 * @example
 * const relay = createSignalingRelay({ engine, store, backplane: createLocalSignalingBackplane() });
 */
export function createLocalSignalingBackplane(): SignalingBackplane {
  const rooms = new Map<string, LocalRoom>();
  const listeners = new Map<string, Set<(message: RoomMessage) => void>>();
  const outbox: RoomMessage[] = [];
  let draining = false;

  function othersOf(room: LocalRoom, peerId: string): DirectoryPeer[] {
    return [...room.peers]
      .filter(([id]) => id !== peerId)
      .map(([id, entry]) => ({ peerId: id, nodeId: NODE_ID, away: entry.away }));
  }

  // One drain at a time keeps the publish order even when a handler publishes in turn.
  function drain(): void {
    draining = true;
    for (let message = outbox.shift(); message; message = outbox.shift()) {
      for (const handler of [...(listeners.get(message.room) ?? [])]) handler(message);
    }
    draining = false;
  }

  return {
    nodeId: NODE_ID,
    async join(roomId, entry, options): Promise<DirectoryJoin> {
      const room = rooms.get(roomId) ?? { peers: new Map<string, LocalEntry>(), callId: undefined };
      if (room.peers.size >= options.capacity) return { ok: false, reason: 'full' };
      const peers = othersOf(room, entry.peerId);
      room.peers.set(entry.peerId, { digest: entry.resumeDigest, away: false });
      room.callId ??= options.callId;
      rooms.set(roomId, room);
      return { ok: true, peers, callId: room.callId, pruned: [] };
    },
    async resume(roomId, entry): Promise<DirectoryJoin> {
      const room = rooms.get(roomId);
      const known = room?.peers.get(entry.peerId);
      if (!room || !known) return { ok: false, reason: 'unknown-peer' };
      if (known.digest !== entry.resumeDigest) return { ok: false, reason: 'bad-resume-key' };
      known.away = false;
      return { ok: true, peers: othersOf(room, entry.peerId), callId: room.callId, pruned: [] };
    },
    async markAway(roomId, peerId) {
      const known = rooms.get(roomId)?.peers.get(peerId);
      if (known) known.away = true;
    },
    async leave(roomId, peerId) {
      const room = rooms.get(roomId);
      if (!room?.peers.delete(peerId)) return false;
      if (room.peers.size === 0) rooms.delete(roomId);
      return true;
    },
    async roomCall(roomId) {
      return rooms.get(roomId)?.callId;
    },
    async prune() {
      return [];
    },
    async listen(room, handler) {
      const set = listeners.get(room) ?? new Set();
      set.add(handler);
      listeners.set(room, set);
      return async () => {
        set.delete(handler);
        if (set.size === 0 && listeners.get(room) === set) listeners.delete(room);
      };
    },
    async publish(message) {
      outbox.push(message);
      if (!draining && outbox.length === 1) queueMicrotask(drain);
    },
    async close() {
      listeners.clear();
      rooms.clear();
    },
  };
}
