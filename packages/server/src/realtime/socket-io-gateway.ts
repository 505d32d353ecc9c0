import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { Server as SocketIoServer, type ServerOptions, type Socket } from 'socket.io';
import { WebSocketServer } from 'ws';
import { hasScope, type Auth } from '../auth/index.js';
import { CLOSE_CODES, PROTOCOL_VERSION } from './close-codes.js';
import { socketIoPacket, SOCKET_IO_EVENT } from './event-frame.js';
import type { RealtimeTransport } from './realtime-transport.js';
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
   * Socket.IO server options (`path`, `cors`, `transports`, ...). Defaults: path `/socket.io`,
   * transports polling and websocket, permessage-deflate off, 64 KiB max inbound message.
   */
  socketIo?: Partial<ServerOptions>;
}

interface HandshakeData {
  credential?: string;
  legacyEvents: boolean;
}

/**
 * Puts the protocol on a Socket.IO v4 server attached to the node's HTTP server. Frames travel as
 * the `callboard` event both ways; auth runs in a middleware with the same keys and tokens as the
 * HTTP API.
 *
 * Attach after the HTTP server has its request listener: Socket.IO wraps the listeners present at
 * that moment and answers `/socket.io/` requests itself.
 */
export function createSocketIoGateway(server: HttpServer | HttpsServer, engine: SubscriptionEngine, options: SocketIoGatewayOptions): SocketIoServer {
  const io = new SocketIoServer(server, {
    path: '/socket.io',
    transports: ['polling', 'websocket'],
    pingInterval: options.heartbeatMs ?? 25_000,
    pingTimeout: options.heartbeatTimeoutMs ?? 20_000,
    maxHttpBufferSize: 64 * 1024,
    perMessageDeflate: false,
    serveClient: false,
    // Given explicitly: Engine.IO's default (`require('ws').Server`) is missing when `ws` resolves
    // to its ESM wrapper, as it does under some bundlers and test runners.
    wsEngine: WebSocketServer,
    ...options.socketIo,
  });

  io.use((socket, next) => {
    const { auth: handshakeAuth, headers, query } = socket.handshake;
    const version = handshakeAuth.v ?? query.v;
    if (version !== undefined && String(version) !== String(PROTOCOL_VERSION)) {
      return next(refusal('UNSUPPORTED_VERSION', { code: CLOSE_CODES.unsupportedVersion }));
    }
    const admission = engine.admit();
    if (!admission.ok) return next(refusal(admission.reason, { code: admission.code, retryAfterMs: admission.retryAfterMs }));
    const credential =
      (typeof handshakeAuth.token === 'string' ? handshakeAuth.token : undefined) ??
      headers.authorization ??
      (typeof query.token === 'string' ? query.token : undefined);
    if (credential !== undefined || options.auth.devMode) {
      const principal = options.auth.authenticate(credential);
      if (!principal) return next(refusal('UNAUTHORIZED', { code: CLOSE_CODES.authFailed }));
      if (!hasScope(principal, 'read') && !(principal.rooms && principal.rooms.length > 0)) {
        return next(refusal('FORBIDDEN', { code: CLOSE_CODES.forbidden }));
      }
    }
    const data: HandshakeData = {
      ...(credential === undefined ? {} : { credential }),
      legacyEvents: options.legacyEvents === true && handshakeAuth.legacyEvents !== false,
    };
    socket.data = data;
    next();
  });

  io.on('connection', (socket) => {
    const data = socket.data as HandshakeData;
    const session = engine.open(socketIoTransport(socket), {
      legacyEvents: data.legacyEvents,
      ...(data.credential === undefined ? {} : { credential: data.credential }),
    });
    socket.on(SOCKET_IO_EVENT, (payload: unknown) => session.receive(payload));
    socket.once('disconnect', () => session.transportClosed());
  });

  return io;
}

function refusal(message: string, data: Record<string, unknown>): Error {
  return Object.assign(new Error(message), { data });
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
      if (request.sendCloseFrame) {
        const { code, reason, retryAfterMs } = request;
        write(socketIoPacket(SOCKET_IO_EVENT, JSON.stringify({ type: 'close', code, reason, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) })));
      }
      socket.disconnect(true);
    },
  };
}
