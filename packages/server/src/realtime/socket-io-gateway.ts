import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { Server as SocketIoServer, type ServerOptions, type Socket } from 'socket.io';
import { WebSocketServer } from 'ws';
import { hasScope, type Auth } from '../auth/index.js';
import { CLOSE_CODES, PROTOCOL_VERSION } from './close-codes.js';
import { socketIoPacket, SOCKET_IO_EVENT } from './event-frame.js';
import { closeFrameJson, type RealtimeTransport } from './realtime-transport.js';
import { createSocketIoDirect, type HandshakeVerdict, type SocketIoDirect, type SocketIoHandshake } from './socket-io-direct.js';
import type { SubscriptionEngine } from './subscription-engine.js';

/** Options of {@link createSocketIoGateway}. */
export interface SocketIoGatewayOptions {
  auth: Auth;
  /** Engine.IO heartbeat: `pingInterval` (default 25 000 ms). */
  heartbeatMs?: number;
  /** Engine.IO `pingTimeout` (default 20 000 ms). */
  heartbeatTimeoutMs?: number;
  /** Send the legacy event names to connections that do not opt out. */
  legacyEvents?: boolean;
  /**
   * Serve clients that open a WebSocket straight away (`transports: ['websocket']`) on `ws`
   * directly, speaking Engine.IO v4 and Socket.IO for the main namespace, instead of through the
   * Socket.IO server: a third of the memory per connection, and broadcasts written as frames
   * built once. Long-polling clients and their upgrades always go through Socket.IO. Default
   * true; turn it off when middlewares or handlers added to the returned server must see every
   * connection (direct ones never reach them). Off as well when `socketIo.allowRequest` is given
   * or `socketIo.transports` leaves out websocket.
   */
  direct?: boolean;
  /**
   * Socket.IO server options (`path`, `cors`, `transports`, ...). Defaults: path `/socket.io`,
   * transports polling and websocket, permessage-deflate off, 64 KiB max inbound message.
   */
  socketIo?: Partial<ServerOptions>;
}

/** The Socket.IO side of a node, as returned by {@link createSocketIoGateway}. */
export interface SocketIoGateway {
  /** The Socket.IO server: long-polling, upgrades from it, and WebSocket clients when `direct` is off. */
  readonly io: SocketIoServer;
  /** Open connections, both paths. */
  readonly size: number;
  /** Cuts every connection still open (a client that stopped reading never completes a close) and stops accepting. */
  terminate(): void;
}

/**
 * Puts the protocol on a Socket.IO v4 server attached to the node's HTTP server. Frames travel as
 * the `callboard` event both ways; auth runs in a middleware with the same keys and tokens as the
 * HTTP API. WebSocket-only clients are served directly unless `direct` is false (see
 * {@link SocketIoGatewayOptions.direct}); to clients both paths are the same Socket.IO server.
 *
 * Attach after the HTTP server has its request listener: Socket.IO wraps the listeners present at
 * that moment and answers `/socket.io/` requests itself.
 */
export function createSocketIoGateway(server: HttpServer | HttpsServer, engine: SubscriptionEngine, options: SocketIoGatewayOptions): SocketIoGateway {
  const heartbeatMs = options.heartbeatMs ?? 25_000;
  const heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 20_000;
  const upgradeListenersBefore = new Set(server.listeners('upgrade'));
  const io = new SocketIoServer(server, {
    path: '/socket.io',
    transports: ['polling', 'websocket'],
    pingInterval: heartbeatMs,
    pingTimeout: heartbeatTimeoutMs,
    maxHttpBufferSize: 64 * 1024,
    perMessageDeflate: false,
    serveClient: false,
    // Given explicitly: Engine.IO's default (`require('ws').Server`) is missing when `ws` resolves
    // to its ESM wrapper, as it does under some bundlers and test runners.
    wsEngine: WebSocketServer,
    ...options.socketIo,
  });

  const admit = (handshake: SocketIoHandshake) => admitHandshake(engine, options, handshake);
  io.use((socket, next) => {
    const verdict = admit(socket.handshake);
    if (!verdict.ok) return next(Object.assign(new Error(verdict.message), { data: verdict.data }));
    socket.data = verdict;
    next();
  });

  io.on('connection', (socket) => {
    const verdict = socket.data as HandshakeVerdict & { ok: true };
    const session = engine.open(socketIoTransport(socket), {
      legacyEvents: verdict.legacyEvents,
      ...(verdict.credential === undefined ? {} : { credential: verdict.credential }),
    });
    socket.on(SOCKET_IO_EVENT, (payload: unknown) => session.receive(payload));
    socket.once('disconnect', () => session.transportClosed());
  });

  const engineOptions = io.engine.opts as { path?: string; addTrailingSlash?: boolean; transports?: string[]; maxHttpBufferSize: number };
  const direct: SocketIoDirect | undefined =
    options.direct === false || options.socketIo?.allowRequest !== undefined || !(engineOptions.transports ?? []).includes('websocket')
      ? undefined
      : createSocketIoDirect(engine, {
          // The path Engine.IO answers on, computed as it does.
          path: `${(engineOptions.path ?? '/socket.io').replace(/\/$/, '')}${engineOptions.addTrailingSlash === false ? '' : '/'}`,
          pingIntervalMs: heartbeatMs,
          pingTimeoutMs: heartbeatTimeoutMs,
          maxPayload: engineOptions.maxHttpBufferSize,
          connectTimeoutMs: options.socketIo?.connectTimeout ?? 45_000,
          admit,
        });
  if (direct) {
    // Engine.IO listens for the upgrades of its path (and ends others nobody answers); the
    // direct path takes its own first and hands every other upgrade on as it was.
    const engineListeners = server.listeners('upgrade').filter((listener) => !upgradeListenersBefore.has(listener)) as Array<
      (request: IncomingMessage, socket: Duplex, head: Buffer) => void
    >;
    for (const listener of engineListeners) server.off('upgrade', listener);
    const enginePath = direct.path;
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (direct.handleUpgrade(request, socket, head)) return;
      // Answered already by a listener before this one (the plain WebSocket gateway): Engine.IO
      // would only arm a timer, one per connection, to end it in case nobody had.
      if (!request.url?.startsWith(enginePath) && ((socket as { bytesWritten?: number }).bytesWritten ?? 0) > 0) return;
      for (const listener of engineListeners) listener.call(server, request, socket, head);
    });
  }

  return {
    io,
    get size() {
      return io.engine.clientsCount + (direct?.size ?? 0);
    },
    terminate() {
      direct?.terminate();
      const { clients } = io.engine as unknown as { clients: Record<string, { transport: { socket?: { terminate?: () => void } } }> };
      for (const client of Object.values(clients)) client.transport.socket?.terminate?.();
      io.engine.close();
      io.removeAllListeners();
    },
  };
}

/** The handshake checks of both paths: protocol version, admission, credential and scope. */
function admitHandshake(engine: SubscriptionEngine, options: SocketIoGatewayOptions, handshake: SocketIoHandshake): HandshakeVerdict {
  const { auth: handshakeAuth, headers, query } = handshake;
  const version = handshakeAuth.v ?? query.v;
  if (version !== undefined && String(version) !== String(PROTOCOL_VERSION)) {
    return { ok: false, message: 'UNSUPPORTED_VERSION', data: { code: CLOSE_CODES.unsupportedVersion } };
  }
  const admission = engine.admit();
  if (!admission.ok) return { ok: false, message: admission.reason, data: { code: admission.code, retryAfterMs: admission.retryAfterMs } };
  const credential =
    (typeof handshakeAuth.token === 'string' ? handshakeAuth.token : undefined) ?? headers.authorization ?? (typeof query.token === 'string' ? query.token : undefined);
  if (credential !== undefined || options.auth.devMode) {
    const principal = options.auth.authenticate(credential);
    if (!principal) return { ok: false, message: 'UNAUTHORIZED', data: { code: CLOSE_CODES.authFailed } };
    if (!hasScope(principal, 'read') && !(principal.rooms && principal.rooms.length > 0)) {
      return { ok: false, message: 'FORBIDDEN', data: { code: CLOSE_CODES.forbidden } };
    }
  }
  return { ok: true, credential, legacyEvents: options.legacyEvents === true && handshakeAuth.legacyEvents !== false };
}

interface EnginePacket {
  data?: unknown;
}

interface EngineConnection {
  transport: { name: string; socket?: { bufferedAmount?: number } };
  write(data: string, options?: Record<string, unknown>, callback?: () => void): void;
  on(event: 'flush', listener: (packets: EnginePacket[]) => void): void;
  once(event: 'close', listener: () => void): void;
}

function socketIoTransport(socket: Socket): RealtimeTransport {
  const conn = socket.conn as unknown as EngineConnection;
  // Replays waiting for their packet to be written; created by the first one.
  let waiting: Set<() => void> | undefined;
  // Bytes written and still in Engine.IO's write buffer; the buffer itself is private.
  let pendingBytes = 0;
  conn.on('flush', (packets) => {
    for (const packet of packets) if (typeof packet.data === 'string') pendingBytes -= packet.data.length;
    if (pendingBytes < 0) pendingBytes = 0;
  });
  conn.once('close', () => {
    const resolving = waiting;
    waiting = undefined;
    if (resolving) for (const resolve of resolving) resolve();
  });

  function write(packet: string, options?: Record<string, unknown>, onWritten?: () => void): void {
    if (socket.disconnected) {
      onWritten?.();
      return;
    }
    pendingBytes += packet.length;
    if (!onWritten) {
      conn.write(packet, options);
      return;
    }
    const pending = (waiting ??= new Set());
    pending.add(onWritten);
    conn.write(packet, options, () => {
      if (pending.delete(onWritten)) onWritten();
    });
  }

  return {
    kind: 'socket.io',
    sendsPings: false,
    sendJson(json) {
      write(socketIoPacket(SOCKET_IO_EVENT, json));
    },
    sendEventFrame(frame, onWritten) {
      write(frame.socketIoPacket, conn.transport.name === 'websocket' ? frame.socketIoWsOptions : undefined, onWritten);
    },
    sendPacket(packet) {
      write(packet);
    },
    bufferedBytes() {
      const transportBytes = conn.transport.name === 'websocket' ? (conn.transport.socket?.bufferedAmount ?? 0) : 0;
      return pendingBytes + transportBytes;
    },
    close(request) {
      if (socket.disconnected) return;
      if (request.sendCloseFrame) write(socketIoPacket(SOCKET_IO_EVENT, closeFrameJson(request)));
      socket.disconnect(true);
    },
  };
}
