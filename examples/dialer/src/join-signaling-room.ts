import type { RealtimeClient } from '@callboard/core';

/** A message the relay forwards between peers (docs/protocol.md §11). */
export type SignalType = 'offer' | 'answer' | 'ice-candidate' | 'renegotiate' | 'leave';

const SIGNAL_TYPES: ReadonlySet<string> = new Set<SignalType>(['offer', 'answer', 'ice-candidate', 'renegotiate', 'leave']);

/** What happens in the room, as the page needs to know it. */
export interface RoomHandlers {
  /** We are in: our peer id and the peers already there (they will call us). */
  joined(self: string, peers: string[]): void;
  /** A peer came after us: we start the call to it. */
  peerJoined(peerId: string): void;
  peerLeft(peerId: string): void;
  signal(type: SignalType, from: string, payload: unknown): void;
  /** Anything the relay refused or expired, for the log. */
  problem(frame: Record<string, unknown>): void;
}

/** A joined room: send signaling messages, or leave. */
export interface SignalingRoom {
  send(type: SignalType, to: string, payload?: unknown): void;
  leave(): void;
}

/**
 * Joins a call's signaling room over the realtime client's connection, and joins again (resuming
 * the same peer) whenever the client reconnects.
 */
export function joinSignalingRoom(client: RealtimeClient, target: { room: string; callId: string }, handlers: RoomHandlers): SignalingRoom {
  let resume: { peerId: string; resumeKey: string } | undefined;
  let counter = 0;

  const join = () => {
    client.sendFrame({ type: 'join-room', room: target.room, callId: target.callId, ...(resume ?? {}) });
  };
  const onState = (state: string) => {
    if (state === 'open') join();
  };
  const onFrame = (frame: { type: string } & Record<string, unknown>) => {
    if (frame.room !== target.room) return;
    if (frame.type === 'joined') {
      const self = String(frame.self);
      // A resumed peer keeps its id; a fresh join gets a new one (and a new resume key).
      resume = { peerId: self, resumeKey: String(frame.resumeKey) };
      handlers.joined(self, Array.isArray(frame.peers) ? frame.peers.map(String) : []);
    } else if (frame.type === 'peer-joined') {
      handlers.peerJoined(String(frame.peerId));
    } else if (frame.type === 'peer-left') {
      handlers.peerLeft(String(frame.peerId));
    } else if (SIGNAL_TYPES.has(frame.type)) {
      handlers.signal(frame.type as SignalType, String(frame.from), frame.payload);
    } else if (frame.type === 'error' || frame.type === 'expired') {
      if (frame.code === 'NOT_FOUND' || frame.code === 'FORBIDDEN') resume = undefined;
      handlers.problem(frame);
    }
  };
  client.on('state', onState);
  client.on('frame', onFrame);
  if (client.state === 'open') join();

  return {
    send(type, to, payload) {
      counter++;
      client.sendFrame({ type, room: target.room, to, id: `${type}-${counter}`, ...(payload === undefined ? {} : { payload }) });
    },
    leave() {
      client.off('state', onState);
      client.off('frame', onFrame);
      client.sendFrame({ type: 'leave-room', room: target.room });
    },
  };
}
