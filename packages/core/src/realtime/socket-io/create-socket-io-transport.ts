import type { io as socketIoConnect } from 'socket.io-client';
import type { RealtimeTransport, TransportClose } from '../realtime-transport.js';

/** Options of {@link createSocketIoTransport}. */
export interface SocketIoTransportOptions {
  /** The server's Socket.IO path (default `/socket.io`). */
  path?: string;
  /** Engine.IO transports, in order of preference (default `['websocket']`; add `'polling'` where WebSockets are blocked). */
  transports?: Array<'websocket' | 'polling' | 'webtransport'>;
}

/** The name of the Socket.IO event every protocol frame travels in (docs/protocol.md §1). */
const FRAME_EVENT = 'callboard';

/**
 * The Socket.IO transport: frames travel as `callboard` events, the credential in the
 * handshake's `auth`. Socket.IO's own reconnection is turned off: the realtime client decides
 * when to reconnect and resumes from its positions, which Socket.IO's recovery cannot do.
 *
 * @example
 * import { io } from 'socket.io-client';
 * import { createRealtimeClient } from '@callboard/core';
 * import { createSocketIoTransport } from '@callboard/core/socket.io';
 *
 * const client = createRealtimeClient({ url: 'https://calls.example.com', token, transport: createSocketIoTransport(io) });
 */
export function createSocketIoTransport(io: typeof socketIoConnect, options: SocketIoTransportOptions = {}): RealtimeTransport {
  return {
    name: 'socket.io',
    serverPings: false,
    open({ url, token }, handlers) {
      const socket = io(originOf(url), {
        path: options.path ?? '/socket.io',
        transports: options.transports ?? ['websocket'],
        reconnection: false,
        forceNew: true,
        auth: { v: 1, legacyEvents: false, ...(token === undefined ? {} : { token }) },
      });
      let done = false;
      const finish = (close: TransportClose) => {
        if (done) return;
        done = true;
        socket.removeAllListeners();
        socket.disconnect();
        handlers.onClose(close);
      };
      socket.on(FRAME_EVENT, (frame: unknown) => {
        if (!done) handlers.onFrame(frame);
      });
      socket.on('connect_error', (error: Error & { data?: { code?: unknown; retryAfterMs?: unknown } }) => {
        const { code, retryAfterMs } = error.data ?? {};
        finish({
          code: typeof code === 'number' ? code : undefined,
          reason: error.message,
          ...(typeof retryAfterMs === 'number' ? { retryAfterMs } : {}),
        });
      });
      // The close code, when the server gave one, came in a `close` frame just before.
      socket.on('disconnect', (reason: string) => finish({ code: undefined, reason }));
      return {
        send(frame) {
          // Socket.IO buffers emits made before the connection is up and sends them once it is.
          if (!done) socket.emit(FRAME_EVENT, frame);
        },
        close() {
          done = true;
          socket.removeAllListeners();
          socket.disconnect();
        },
      };
    },
  };
}

/** Socket.IO reads a URL's path as a namespace; the protocol uses the root namespace. */
function originOf(url: string): string {
  const target = new URL(url);
  if (target.protocol === 'ws:') target.protocol = 'http:';
  if (target.protocol === 'wss:') target.protocol = 'https:';
  return target.origin;
}
