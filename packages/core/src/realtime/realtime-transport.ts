/** How a transport connection ended, as far as the client could tell. */
export interface TransportClose {
  /** The protocol close code (docs/protocol.md §7), when there was one. */
  code: number | undefined;
  /** The close reason, when there was one. */
  reason: string;
  /** The server's "retry later" hint, when it gave one. */
  retryAfterMs?: number;
}

/** What a transport reports about one connection. */
export interface TransportHandlers {
  /** A frame from the server: the parsed JSON object, not yet validated. */
  onFrame(frame: unknown): void;
  /** The connection is over; called once, and nothing is reported after it. */
  onClose(close: TransportClose): void;
}

/** One connection opened by a transport. */
export interface TransportConnection {
  /** Sends one frame (a JSON object). Frames sent before the connection opens are queued. */
  send(frame: object): void;
  /** Closes the connection; `onClose` is not called for a close the client asked for. */
  close(code?: number, reason?: string): void;
}

/**
 * Carries realtime protocol frames (docs/protocol.md) over one kind of connection. The client
 * opens a new connection for every attempt; the transport never reconnects on its own.
 *
 * Two ship with Callboard: {@link createWebSocketTransport} (the default) and
 * `createSocketIoTransport` from `@callboard/core/socket.io`.
 */
export interface RealtimeTransport {
  /** A short name for logs and errors (`websocket`, `socket.io`). */
  readonly name: string;
  /**
   * Whether the server sends `ping` frames the client must watch (plain WebSocket). Socket.IO
   * keeps itself alive with Engine.IO's heartbeat instead.
   */
  readonly serverPings: boolean;
  /** Opens a connection to `url`, presenting `token` (when given) the way this transport does. */
  open(target: { url: string; token: string | undefined }, handlers: TransportHandlers): TransportConnection;
}
