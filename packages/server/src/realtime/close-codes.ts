/**
 * The close codes of the realtime protocol (docs/protocol.md §7). On Socket.IO they travel in the
 * `close` frame, since Socket.IO has no close codes of its own.
 */
export const CLOSE_CODES = {
  /** The client asked to close. */
  normal: 1000,
  /** An inbound frame was larger than the limit. */
  tooLarge: 1009,
  /** Credential missing, wrong or expired, or no `auth` frame in time. */
  authFailed: 4001,
  /** Nothing arrived from the client within the heartbeat window. */
  heartbeatTimeout: 4002,
  /** The credential may not use the realtime API at all. */
  forbidden: 4003,
  /** The send buffer passed its cap, or retention overtook a replay: reconnect and resume. */
  slowConsumer: 4008,
  /** The server is going away: reconnect after `retryAfterMs`. */
  goingAway: 4013,
  /** Too many connections on this node: reconnect after `retryAfterMs`. */
  tooManyConnections: 4029,
  /** The client asked for a protocol version the server does not speak. */
  unsupportedVersion: 4400,
} as const;

/** One of the {@link CLOSE_CODES}. */
export type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES];

/** The protocol version this server speaks. */
export const PROTOCOL_VERSION = 1;
