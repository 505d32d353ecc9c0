import type { CallboardErrorCode } from '@callboard/core';
import type { Principal } from '../auth/index.js';
import type { SubscribeFrame } from './client-frame.js';
import type { CloseCode } from './close-codes.js';

/** A frame a connection can be sent: a JSON object with a `type`. */
export type OutboundFrame = { type: string } & Record<string, unknown>;

/**
 * One realtime connection as extensions (the signaling relay) see it: who it is, the rooms it
 * joined, and a way to send it frames.
 */
export interface RealtimeConnection {
  /** Unique per node, sent to the client in `welcome`. */
  readonly id: string;
  readonly transport: 'websocket' | 'socket.io';
  /** Undefined until the connection has authenticated. */
  readonly principal: Principal | undefined;
  /** Rooms this connection holds a `room` subscription to. */
  rooms(): string[];
  /** Sends a frame to this connection only. */
  send(frame: OutboundFrame): void;
  /** Closes the connection with a protocol close code. */
  close(code: CloseCode, reason: string): void;
  /** Joins a room as a `subscribe` frame on the `room` channel does; the answer is a `joined` frame (or an `error` naming `request.id`). */
  joinRoom(request: RoomJoinRequest): Promise<void>;
  /** Ends the connection's subscription to a room; resolves with that subscription's id, if it had one. */
  leaveRoom(room: string): Promise<string | undefined>;
}

/** Handles client frames of one `type` that the core protocol does not define. */
export type FrameHandler = (connection: RealtimeConnection, frame: OutboundFrame) => void | Promise<void>;

/** A request to join a room: a `subscribe` frame on the `room` channel, or the signaling relay's `join-room`. */
export type RoomJoinRequest = Omit<Extract<SubscribeFrame, { channel: 'room' }>, 'type' | 'channel'>;

/** What a {@link RoomGate} answers: a refusal with an error code, or what the join adds. */
export type RoomJoinVerdict =
  | { ok: false; code: CallboardErrorCode; message: string }
  | {
      ok: true;
      /** A call whose events the room subscription gets too. */
      callId?: string | undefined;
      /** Fields added to the join answer. */
      reply: Record<string, unknown>;
      /** Called right after the answer went out. */
      commit(): void;
      /** Called instead of `commit` when the connection closed while the gate decided. */
      release(): void;
    };

/** Decides room joins; the signaling relay installs one with `engine.gateRooms`. */
export type RoomGate = (connection: RealtimeConnection, request: RoomJoinRequest) => Promise<RoomJoinVerdict>;

/** Why a connection left a room: it unsubscribed, it closed, or a refreshed credential no longer allows the room. */
export type RoomLeaveReason = 'unsubscribe' | 'closed' | 'forbidden';
