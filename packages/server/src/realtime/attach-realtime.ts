import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import type { Server as SocketIoServer, ServerOptions } from 'socket.io';
import type { Bus } from '../bus/bus.js';
import { createSignalingRelay, type SignalingRelay, type SignalingRelayOptions } from '../signaling/create-signaling-relay.js';
import type { CallStore } from '../store/call-store.js';
import { createSocketIoGateway } from './socket-io-gateway.js';
import { createSubscriptionEngine, type SubscriptionEngine, type SubscriptionEngineOptions } from './subscription-engine.js';
import { createWebSocketGateway } from './websocket-gateway.js';

/** Options of {@link attachRealtime}. */
export interface AttachRealtimeOptions extends Omit<SubscriptionEngineOptions, 'store' | 'bus'> {
  /** Where events come from: the hub itself works (`{ store, bus }`). */
  hub: { readonly store: CallStore; readonly bus: Bus };
  /** Path of the plain WebSocket gateway (default `/realtime`). */
  path?: string;
  /**
   * Socket.IO server options (`cors`, `path`, `transports`, ...), or false to serve plain
   * WebSocket only. Default: path `/socket.io`, transports polling and websocket.
   */
  socketIo?: Partial<ServerOptions> | false;
  /**
   * Serve Socket.IO clients that open a WebSocket straight away on `ws` directly (default true;
   * see `SocketIoGatewayOptions.direct`). Set false when middlewares or handlers added to `io`
   * must see every connection.
   */
  socketIoDirect?: boolean;
  /**
   * The WebRTC signaling relay's options (pass a Redis `backplane` when several nodes serve one
   * deployment), or false for none. Default: on, with an in-process backplane.
   */
  signaling?: Omit<SignalingRelayOptions, 'engine' | 'store' | 'clock' | 'logger'> | false;
}

/** The realtime side of a node, as returned by {@link attachRealtime}. */
export interface Realtime {
  /** The subscription engine both gateways share (extension point for the signaling relay). */
  readonly engine: SubscriptionEngine;
  /** The Socket.IO server, unless disabled. */
  readonly io: SocketIoServer | undefined;
  /** The signaling relay, unless disabled. */
  readonly signaling: SignalingRelay | undefined;
  /** Resolves once the engine has read the store's position. */
  readonly ready: Promise<void>;
  /**
   * Graceful shutdown: every connection gets 4013 with `retryAfterMs` (default 1 000), then sockets
   * still open after `graceMs` (default 2 000) are cut. Leaves the HTTP server itself alone.
   */
  close(options?: { retryAfterMs?: number; graceMs?: number }): Promise<void>;
}

/**
 * Serves the realtime protocol (docs/protocol.md) on a node HTTP(S) server: plain WebSocket on
 * `/realtime` and Socket.IO on `/socket.io`, both with the same auth, subscriptions, resume,
 * heartbeats and slow-consumer cap.
 *
 * Call it after the server has its request listener (`http.createServer(handler)`), since
 * Socket.IO wraps the listeners present at that moment.
 *
 * @example
 * const server = http.createServer(toNodeListener(handler));
 * const realtime = attachRealtime(server, { hub, auth });
 * server.listen(3000);
 * process.on('SIGTERM', async () => {
 *   await realtime.close({ retryAfterMs: 2000 });
 *   server.close();
 * });
 */
export function attachRealtime(server: HttpServer | HttpsServer, options: AttachRealtimeOptions): Realtime {
  const { hub, path, socketIo, socketIoDirect, signaling: signalingOptions, ...engineOptions } = options;
  const engine = createSubscriptionEngine({ ...engineOptions, store: hub.store, bus: hub.bus });
  const signaling =
    signalingOptions === false
      ? undefined
      : createSignalingRelay({
          ...signalingOptions,
          engine,
          store: hub.store,
          ...(options.clock === undefined ? {} : { clock: options.clock }),
          ...(options.logger === undefined ? {} : { logger: options.logger }),
        });
  const gateway = createWebSocketGateway(engine, path === undefined ? {} : { path });
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    gateway.handleUpgrade(request, socket, head);
  };
  server.on('upgrade', onUpgrade);
  const sio =
    socketIo === false
      ? undefined
      : createSocketIoGateway(server, engine, {
          auth: options.auth,
          ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
          ...(options.heartbeatTimeoutMs === undefined ? {} : { heartbeatTimeoutMs: options.heartbeatTimeoutMs }),
          ...(options.legacyEvents === undefined ? {} : { legacyEvents: options.legacyEvents }),
          ...(socketIoDirect === undefined ? {} : { direct: socketIoDirect }),
          ...(socketIo === undefined ? {} : { socketIo }),
        });

  return {
    engine,
    io: sio?.io,
    signaling,
    ready: engine.ready,
    async close(closeOptions) {
      await engine.close(closeOptions?.retryAfterMs === undefined ? {} : { retryAfterMs: closeOptions.retryAfterMs });
      await signaling?.close();
      server.off('upgrade', onUpgrade);
      const graceMs = closeOptions?.graceMs ?? 2_000;
      const deadline = Date.now() + graceMs;
      const open = () => gateway.size + (sio?.size ?? 0);
      while (open() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
      // A client that stopped reading never completes a close handshake: cut its socket.
      gateway.terminate();
      sio?.terminate();
    },
  };
}
