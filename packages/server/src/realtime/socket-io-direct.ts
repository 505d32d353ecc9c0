import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { EventFrame } from './event-frame.js';
import { socketIoPacket, SOCKET_IO_EVENT } from './event-frame.js';
import { closeFrameJson, type CloseRequest } from './realtime-transport.js';
import type { SubscriptionEngine } from './subscription-engine.js';
import { createTurnCork, type TurnCork } from './turn-cork.js';
import { COALESCE_BYTES, WebSocketTransport } from './websocket-gateway.js';

/** What a Socket.IO client presented: the CONNECT packet's auth object, the upgrade's headers and query. */
export interface SocketIoHandshake {
  auth: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  query: Record<string, unknown>;
}

/** @internal The gateway's answer to a handshake, the same for both paths. */
export type HandshakeVerdict =
  | { ok: true; credential: string | undefined; legacyEvents: boolean }
  | { ok: false; message: string; data: Record<string, unknown> };

/** @internal Options of {@link createSocketIoDirect}. */
export interface SocketIoDirectOptions {
  /** Engine.IO's path, with its trailing slash (`/socket.io/`). */
  path: string;
  pingIntervalMs: number;
  pingTimeoutMs: number;
  /** Largest inbound message; larger ones close the connection with 1009. */
  maxPayload: number;
  /** How long a connection may stay without joining the main namespace (Socket.IO's `connectTimeout`). */
  connectTimeoutMs: number;
  /** Authenticates a CONNECT, as Socket.IO's middleware does for its own connections. */
  admit(handshake: SocketIoHandshake): HandshakeVerdict;
}

/** @internal The direct path: Socket.IO clients that open a WebSocket straight away. */
export interface SocketIoDirect {
  /** Takes a new WebSocket-only Engine.IO v4 connection on the path; false leaves the upgrade to Socket.IO. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** The Engine.IO path it serves. */
  readonly path: string;
  /** Open sockets. */
  readonly size: number;
  /** Terminates the sockets that are still open and stops accepting. */
  terminate(): void;
}

/**
 * @internal Serves Socket.IO clients that connect over WebSocket from the start (socket.io-client
 * with `transports: ['websocket']`, the setting Socket.IO recommends when long-polling is not
 * needed) on `ws` itself, speaking Engine.IO v4 and the Socket.IO v5 protocol for the main
 * namespace: open `0{...}`, CONNECT `40` / `40{"sid"}` / CONNECT_ERROR `44{...}`, events
 * `42["callboard",...]`, heartbeat `2` / `3`, DISCONNECT `41`. Everything else of Socket.IO
 * (long-polling, upgrades from it, Engine.IO v3 clients) stays with the Socket.IO server.
 *
 * Why: Socket.IO keeps an Engine.IO socket, its transport, a client, a namespace socket, the
 * handshake's HTTP request and about twenty bound functions per connection, three times what the
 * plain WebSocket gateway keeps; here a connection is the `ws` socket, one transport object and
 * its session, and broadcasts are written as frames built once, as on `/realtime`.
 */
export function createSocketIoDirect(engine: SubscriptionEngine, options: SocketIoDirectOptions): SocketIoDirect {
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload, perMessageDeflate: false, clientTracking: false });
  const sockets = new Map<WebSocket, SocketIoWebSocketTransport>();
  const turnCork = createTurnCork({ maxBytes: COALESCE_BYTES });
  const openPacket = (sid: string) =>
    `0${JSON.stringify({ sid, upgrades: [], pingInterval: options.pingIntervalMs, pingTimeout: options.pingTimeoutMs, maxPayload: options.maxPayload })}`;

  // Shared by every socket (`this` is the socket), so a connection costs no closures here.
  function onClose(this: WebSocket): void {
    const transport = sockets.get(this);
    sockets.delete(this);
    transport?.closed();
  }

  function onMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
    const transport = sockets.get(this);
    // Binary packets (Socket.IO attachments) carry nothing of the protocol.
    if (transport && !isBinary) receive(transport, data.toString());
  }

  function receive(transport: SocketIoWebSocketTransport, text: string): void {
    // Engine.IO packet types: 1 close, 2 ping, 3 pong, 4 message, 6 noop.
    switch (text.charCodeAt(0)) {
      case 0x33: // '3' pong
        transport.session?.heard();
        return;
      case 0x34: // '4' message: a Socket.IO packet
        return receivePacket(transport, text);
      case 0x31: // '1' close
        return transport.end();
      case 0x32: // '2' ping (Engine.IO v4 servers ping; answer a client's anyway)
        transport.sendRaw(`3${text.slice(1)}`);
        return;
      case 0x36: // '6' noop
        return;
      default:
        return transport.end();
    }
  }

  function receivePacket(transport: SocketIoWebSocketTransport, text: string): void {
    // Socket.IO packet types: 0 CONNECT, 1 DISCONNECT, 2 EVENT, 5 BINARY_EVENT (3 ACK and 6 BINARY_ACK: not used by the protocol).
    const type = text.charCodeAt(1);
    if (text.charCodeAt(2) === 0x2f /* '/' */) {
      // Another namespace: only the main one is served.
      if (type === 0x30) {
        const comma = text.indexOf(',');
        transport.sendRaw(`44${text.slice(2, comma === -1 ? text.length : comma)},{"message":"Invalid namespace"}`);
      }
      return;
    }
    if (type === 0x32) {
      if (!transport.session) return;
      const args = decodeEventArguments(text);
      if (args === undefined) return transport.end();
      if (args[0] === SOCKET_IO_EVENT) transport.session.receive(args[1]);
      return;
    }
    if (type === 0x30) return connect(transport, text.length > 2 ? text.slice(2) : undefined);
    if (type === 0x31) return transport.end();
    // A BINARY_EVENT: the protocol has no binary frames, so it is answered like a binary message
    // on `/realtime` (BAD_PAYLOAD); its attachments, binary messages, are dropped.
    if (type === 0x35) transport.session?.receive(undefined);
  }

  function connect(transport: SocketIoWebSocketTransport, authJson: string | undefined): void {
    if (transport.session) return;
    let auth: unknown = {};
    if (authJson !== undefined) {
      try {
        auth = JSON.parse(authJson);
      } catch {
        return transport.end();
      }
    }
    const pending = transport.pending;
    if (!pending) return;
    const verdict = options.admit({ auth: isRecord(auth) ? auth : {}, headers: pending.request.headers, query: pending.query });
    if (!verdict.ok) {
      transport.sendRaw(`44${JSON.stringify({ message: verdict.message, data: verdict.data })}`);
      return;
    }
    transport.connected();
    transport.sendRaw(`40${JSON.stringify({ sid: randomId() })}`);
    transport.session = engine.open(transport, {
      legacyEvents: verdict.legacyEvents,
      ...(verdict.credential === undefined ? {} : { credential: verdict.credential }),
    });
  }

  function accept(ws: WebSocket, request: IncomingMessage, query: Record<string, string>): void {
    const transport = new SocketIoWebSocketTransport(ws, turnCork, { request, query });
    sockets.set(ws, transport);
    ws.on('close', onClose);
    ws.on('error', ignoreError);
    ws.on('message', onMessage);
    transport.startConnectTimer(options.connectTimeoutMs);
    ws.send(openPacket(randomId()));
  }

  return {
    path: options.path,
    get size() {
      return sockets.size;
    },
    handleUpgrade(request, socket, head) {
      // Engine.IO's own test: the request URL starts with its path.
      if (!request.url?.startsWith(options.path)) return false;
      const url = new URL(request.url, 'http://localhost');
      const query = url.searchParams;
      // An upgrade of a long-polling session (sid), or an older Engine.IO: Socket.IO's.
      if (query.get('transport') !== 'websocket' || query.get('EIO') !== '4' || query.has('sid')) return false;
      wss.handleUpgrade(request, socket, head, (ws) => accept(ws, request, Object.fromEntries(query)));
      return true;
    },
    terminate() {
      for (const ws of sockets.keys()) ws.terminate();
      wss.close();
    },
  };
}

/** What a connection keeps until it has joined the main namespace. */
interface PendingConnect {
  request: IncomingMessage;
  query: Record<string, string>;
  timer?: ReturnType<typeof setTimeout>;
}

/** @internal A Socket.IO connection served directly: `/realtime`'s transport with Engine.IO framing. */
class SocketIoWebSocketTransport extends WebSocketTransport {
  /** Until the CONNECT is accepted: what it is checked against, and its deadline. */
  pending: PendingConnect | undefined;

  constructor(ws: WebSocket, turnCork: TurnCork, pending: PendingConnect) {
    super(ws, turnCork);
    this.pending = pending;
  }

  override get kind(): 'socket.io' {
    return 'socket.io';
  }

  override get sendsPings(): boolean {
    return true;
  }

  ping(): void {
    this.sendRaw('2');
  }

  sendPacket(packet: string): void {
    this.sendRaw(`4${packet}`);
  }

  /** Sends one Engine.IO packet as it is. */
  sendRaw(text: string): void {
    const { ws } = this;
    if (ws.readyState === ws.OPEN) ws.send(text);
  }

  startConnectTimer(ms: number): void {
    const pending = this.pending;
    if (!pending) return;
    pending.timer = setTimeout(() => this.end(), ms);
    pending.timer.unref?.();
  }

  /** The CONNECT was accepted: the handshake's request is not needed any more. */
  connected(): void {
    if (this.pending?.timer) clearTimeout(this.pending.timer);
    this.pending = undefined;
  }

  /** The client left (DISCONNECT, Engine.IO close, a packet that cannot be read): closes the socket. */
  end(): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.close();
  }

  protected override messageOf(json: string): string {
    return `4${socketIoPacket(SOCKET_IO_EVENT, json)}`;
  }

  protected override webSocketFrameOf(frame: EventFrame): Buffer {
    return frame.socketIoWsFrame[0]!;
  }

  /** As Socket.IO's `disconnect(true)`: the `close` frame, a DISCONNECT, then the socket is closed. */
  override close(request: CloseRequest): void {
    const { ws } = this;
    if (ws.readyState !== ws.OPEN) return;
    if (request.sendCloseFrame) ws.send(this.messageOf(closeFrameJson(request)));
    ws.send('41');
    ws.close();
  }

  override closed(): void {
    this.connected();
    super.closed();
  }
}

/** The arguments of an EVENT packet (`42["name",...]`, perhaps with an ack id after the type), or undefined. */
function decodeEventArguments(text: string): unknown[] | undefined {
  let start = 2;
  while (start < text.length && text.charCodeAt(start) >= 0x30 && text.charCodeAt(start) <= 0x39) start++;
  if (text.charCodeAt(start) !== 0x5b /* '[' */) return undefined;
  try {
    const args: unknown = JSON.parse(text.slice(start));
    return Array.isArray(args) ? args : undefined;
  } catch {
    return undefined;
  }
}

function randomId(): string {
  return randomBytes(15).toString('base64url');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function ignoreError(): void {}
