import { CallboardError } from '../errors/index.js';
import type { RealtimeTransport, TransportClose, TransportConnection, TransportHandlers } from './realtime-transport.js';

/** The part of the WebSocket API the transport uses; the browser's class and `ws` both have it. */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** A WebSocket constructor: the global `WebSocket` in browsers, edge runtimes and Node 22, or `ws` on Node 20. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** Options of {@link createWebSocketTransport}. */
export interface WebSocketTransportOptions {
  /** Defaults to `globalThis.WebSocket`. Pass the `ws` package's class on Node 20. */
  WebSocket?: WebSocketConstructor;
  /** Path of the server's gateway when the client's URL has none (default `/realtime`). */
  path?: string;
}

const OPEN = 1;

/**
 * The plain WebSocket transport: one JSON text message per frame. The credential goes in a
 * first `auth` frame rather than the URL, so it never lands in access logs.
 *
 * @example
 * import WebSocket from 'ws'; // Node 20 only; browsers and Node 22 have a global WebSocket
 * const client = createRealtimeClient({ url: 'http://127.0.0.1:3000', token, transport: createWebSocketTransport({ WebSocket }) });
 */
export function createWebSocketTransport(options: WebSocketTransportOptions = {}): RealtimeTransport {
  return {
    name: 'websocket',
    serverPings: true,
    open({ url, token }, handlers) {
      const Socket = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
      if (!Socket) {
        throw new CallboardError({
          code: 'UNSUPPORTED',
          message: 'No WebSocket class: pass `WebSocket` (for example the `ws` package on Node 20)',
        });
      }
      return openWebSocket(new Socket(websocketUrl(url, options.path ?? '/realtime')), token, handlers);
    },
  };
}

function openWebSocket(socket: WebSocketLike, token: string | undefined, handlers: TransportHandlers): TransportConnection {
  const queued: string[] = token === undefined ? [] : [JSON.stringify({ type: 'auth', token })];
  let done = false;
  const finish = (close: TransportClose) => {
    if (done) return;
    done = true;
    detach();
    handlers.onClose(close);
  };
  const detach = () => {
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
  };
  socket.onopen = () => {
    for (const data of queued.splice(0)) socket.send(data);
  };
  socket.onmessage = ({ data }) => {
    if (typeof data !== 'string') return; // the protocol has no binary frames
    let frame: unknown;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    handlers.onFrame(frame);
  };
  socket.onclose = ({ code, reason }) => finish({ code, reason, ...retryHint(reason) });
  // An error is always followed by a close in browsers; `ws` may not close on a failed upgrade.
  socket.onerror = () => {
    finish({ code: undefined, reason: 'connection error' });
    safeClose(socket);
  };
  return {
    send(frame) {
      const data = JSON.stringify(frame);
      if (socket.readyState === OPEN) socket.send(data);
      else queued.push(data);
    },
    close(code = 1000, reason = '') {
      done = true;
      detach();
      safeClose(socket, code, reason);
    },
  };
}

function safeClose(socket: WebSocketLike, code?: number, reason?: string): void {
  try {
    socket.close(code, reason);
  } catch {
    // closing a socket that never opened can throw; it is going away either way
  }
}

/** For 4013 and 4029 the close reason is JSON with `retryAfterMs` (docs/protocol.md §7). */
function retryHint(reason: string): { retryAfterMs?: number } {
  if (!reason.startsWith('{')) return {};
  try {
    const value = (JSON.parse(reason) as { retryAfterMs?: unknown }).retryAfterMs;
    return typeof value === 'number' && value >= 0 ? { retryAfterMs: value } : {};
  } catch {
    return {};
  }
}

/** `http(s)://host[/path]` becomes `ws(s)://host/<path or /realtime>?v=1`. */
function websocketUrl(url: string, defaultPath: string): string {
  const target = new URL(url);
  if (target.protocol === 'http:') target.protocol = 'ws:';
  if (target.protocol === 'https:') target.protocol = 'wss:';
  if (target.pathname === '/' || target.pathname === '') target.pathname = defaultPath;
  target.searchParams.set('v', '1');
  return target.toString();
}
