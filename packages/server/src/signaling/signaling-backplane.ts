import type { SignalType } from './signal-types.js';

/** A peer as a room's directory knows it. */
export interface DirectoryPeer {
  /** Server-assigned, unique per room and never reused. */
  peerId: string;
  /** The node that holds the peer's connection. */
  nodeId: string;
  /** The peer's connection dropped; it may resume with its `resumeKey` until its grace ends. */
  away: boolean;
}

/** What joining (or resuming in) a room's directory gave. */
export type DirectoryJoin =
  | {
      ok: true;
      /** The other peers in the room, this one excluded. */
      peers: DirectoryPeer[];
      /** The call the room belongs to, once a join proved it. */
      callId: string | undefined;
      /** Peers of dead nodes removed on the way: the caller announces them as left. */
      pruned: string[];
    }
  | {
      ok: false;
      /** `full`: at capacity. `unknown-peer`: nothing to resume. `bad-resume-key`: the key does not match. */
      reason: 'full' | 'unknown-peer' | 'bad-resume-key';
    };

/** Why a peer left a room. */
export type PeerLeftReason = 'leave' | 'disconnect' | 'timeout';

/**
 * What the nodes holding a room's peers tell each other. Every node that has a peer in a room
 * listens to it; a node hears its own messages too, so one path serves one node and many.
 */
export type RoomMessage =
  | { kind: 'peer-joined'; room: string; peer: DirectoryPeer; resumed: boolean }
  | { kind: 'peer-away'; room: string; peerId: string }
  | { kind: 'peer-left'; room: string; peerId: string; reason: PeerLeftReason }
  | {
      kind: 'signal';
      room: string;
      type: SignalType;
      /** Message id, chosen by the sender (or the server when it gave none). */
      id: string;
      /** The sending peer, as the server knows it. */
      from: string;
      /** The receiving peer. */
      to: string;
      /** Whether the sender addressed a peer (`to`) rather than everyone. */
      addressed: boolean;
      /** Absent when the client sent none. Never read. */
      payload?: unknown;
    }
  | {
      kind: 'expired';
      room: string;
      /** The peer that sent the message. */
      to: string;
      id: string;
      type: SignalType;
      /** The peer it was for. */
      peer: string;
    };

/** How a node joins a room's directory. */
export interface DirectoryEntry {
  peerId: string;
  /** SHA-256 of the peer's resume key (base64url); the key itself never leaves the node. */
  resumeDigest: string;
}

/**
 * Room membership and messaging shared by the nodes of a deployment: a directory of each room's
 * peers (with atomic capacity checks) and a channel per room. {@link createLocalSignalingBackplane}
 * serves one node; {@link createRedisSignalingBackplane} serves several.
 *
 * Messages a node publishes in a room reach every node listening to that room, itself included,
 * in publish order per publishing node.
 */
export interface SignalingBackplane {
  /** This node's id in the directory. */
  readonly nodeId: string;
  /** Adds a peer if the room has fewer than `capacity` peers; binds the room to `callId` when given and unbound. */
  join(room: string, entry: DirectoryEntry, options: { capacity: number; callId?: string }): Promise<DirectoryJoin>;
  /** Moves a peer (present or away, on any node) to this node, if `resumeDigest` matches. */
  resume(room: string, entry: DirectoryEntry): Promise<DirectoryJoin>;
  /** Marks a peer of this node as away (its connection dropped). */
  markAway(room: string, peerId: string): Promise<void>;
  /** Removes a peer of this node; false when the peer is gone or now held by another node. */
  leave(room: string, peerId: string): Promise<boolean>;
  /** The call a room is bound to, if any. */
  roomCall(room: string): Promise<string | undefined>;
  /** Removes peers whose node stopped renewing its liveness; returns their ids. */
  prune(room: string): Promise<string[]>;
  /** Starts hearing a room's messages; resolves once no later message can be missed. Returns a remover. */
  listen(room: string, handler: (message: RoomMessage) => void): Promise<() => Promise<void>>;
  /** Sends a message to every node listening to its room. */
  publish(message: RoomMessage): Promise<void>;
  /** Stops renewing this node's liveness and releases connections. */
  close(): Promise<void>;
}
