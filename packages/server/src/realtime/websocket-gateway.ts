import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { CLOSE_CODES, PROTOCOL_VERSION } from './close-codes.js';
import type { EventFrame } from './event-frame.js';
import type { RealtimeSession } from './realtime-session.js';
import { closeFrameJson, type CloseRequest, type RealtimeTransport } from './realtime-transport.js';
import type { SubscriptionEngine } from './subscription-engine.js';
import { createTurnCork, type CorkableSocket, type CorkSlot, type TurnCork } from './turn-cork.js';

/**
 * @internal A turn's event frames for one connection go out in one write up to this size: small
 * next to the send cap (1 MiB by default), so corked bytes never make a healthy client look slow.
 */
export const COALESCE_BYTES = 16 * 1024;

/** Options of {@link createWebSocketGateway}. */
export interface WebSocketGatewayOptions {
  /** The upgrade path (default `/realtime`). */
  path?: string;
  /** Largest inbound frame; larger ones close the connection with 1009 (default 64 KiB). */
  maxPayload?: number;
}

/** The plain WebSocket gateway of protocol v1. */
export interface WebSocketGateway {
  /** Takes an HTTP upgrade; returns false (and leaves the socket alone) when the path is not ours. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Open sockets. */
  readonly size: number;
  /** Terminates the sockets that are still open and stops accepting. */
  terminate(): void;
}

/**
 * Creates the plain WebSocket gateway (`ws` in noServer mode). Credentials come from the
 * `Authorization` header or the `token` query parameter of the upgrade, or from a first `auth` frame.
 *
 * @example
 * const gateway = createWebSocketGateway(engine);
 * server.on('upgrade', (req, socket, head) => gateway.handleUpgrade(req, socket, head));
 */
export function createWebSocketGateway(engine: SubscriptionEngine, options: WebSocketGatewayOptions = {}): WebSocketGateway {
  const path = options.path ?? '/realtime';
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload ?? 64 * 1024, perMessageDeflate: false, clientTracking: false });
  // Open sockets, with the transport of those that got a session. The listeners below are shared
  // by every socket (`this` is the socket), so a connection costs no closures here.
  const sockets = new Map<WebSocket, WebSocketTransport | undefined>();
  const turnCork = createTurnCork({ maxBytes: COALESCE_BYTES });

  function onClose(this: WebSocket): void {
    const transport = sockets.get(this);
    sockets.delete(this);
    transport?.closed();
  }

  function onMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
    sockets.get(this)?.session?.receive(isBinary ? undefined : data.toString());
  }

  function accept(ws: WebSocket, url: URL, request: IncomingMessage): void {
    sockets.set(ws, undefined);
    ws.on('close', onClose);
    ws.on('error', ignoreError);
    const version = url.searchParams.get('v');
    if (version !== null && version !== String(PROTOCOL_VERSION)) {
      return closeSocket(ws, { code: CLOSE_CODES.unsupportedVersion, reason: `protocol version ${version} is not supported`, sendCloseFrame: true });
    }
    const admission = engine.admit();
    if (!admission.ok) {
      return closeSocket(ws, { code: admission.code, reason: admission.reason, retryAfterMs: admission.retryAfterMs, sendCloseFrame: true });
    }
    const header = request.headers.authorization;
    const credential = header ?? url.searchParams.get('token') ?? undefined;
    const transport = new WebSocketTransport(ws, turnCork);
    sockets.set(ws, transport);
    transport.session = engine.open(transport, credential === undefined ? {} : { credential });
    ws.on('message', onMessage);
  }

  return {
    get size() {
      return sockets.size;
    },
    handleUpgrade(request, socket, head) {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname !== path) return false;
      wss.handleUpgrade(request, socket, head, (ws) => accept(ws, url, request));
      return true;
    },
    terminate() {
      for (const ws of sockets.keys()) ws.terminate();
      wss.close();
    },
  };
}

function ignoreError(): void {}

/** The write side of the TCP socket under a `ws` connection. */
interface WritableSocket {
  write(chunk: Buffer, callback?: (error?: Error | null) => void): boolean;
}

/**
 * @internal One socket's transport: a class, so an idle connection holds fields and no closures.
 * The direct Socket.IO path extends it with Engine.IO framing (`socket-io-direct.ts`).
 */
export class WebSocketTransport implements RealtimeTransport, CorkSlot {
  /** Set once the engine has opened the connection. */
  session: RealtimeSession | undefined = undefined;
  writtenTurn = -1;
  corkedTurn = -1;
  protected readonly ws: WebSocket;
  // ws keeps the TCP socket private; it is there from the moment the connection is open.
  private readonly socket: (CorkableSocket & WritableSocket) | undefined;
  private readonly turnCork: TurnCork;
  /** Replays waiting for their frame to leave the process; created by the first one. */
  private waiting: Set<() => void> | undefined = undefined;

  constructor(ws: WebSocket, turnCork: TurnCork) {
    this.ws = ws;
    this.socket = (ws as unknown as { _socket?: CorkableSocket & WritableSocket })._socket;
    this.turnCork = turnCork;
  }

  get kind(): 'websocket' | 'socket.io' {
    return 'websocket';
  }

  get sendsPings(): boolean {
    return true;
  }

  sendJson(json: string): void {
    const { ws } = this;
    if (ws.readyState === ws.OPEN) ws.send(this.messageOf(json));
  }

  sendEventFrame(frame: EventFrame, onWritten?: () => void): void {
    const { ws, socket } = this;
    if (ws.readyState !== ws.OPEN) {
      onWritten?.();
      return;
    }
    if (!onWritten) {
      if (socket) this.turnCork.hold(socket, this);
      this.writeFrame(frame);
      if (socket) this.turnCork.check(socket, this);
      return;
    }
    const waiting = (this.waiting ??= new Set());
    waiting.add(onWritten);
    this.writeFrame(frame, () => {
      if (waiting.delete(onWritten)) onWritten();
    });
  }

  // The frame is built once per broadcast and written to the TCP socket as it is, the way
  // Socket.IO sends its broadcasts (ws #617): with permessage-deflate off, ws's own sender writes
  // straight to the socket too, so frames keep their order. Through ws if it ever hides its socket.
  private writeFrame(frame: EventFrame, written?: () => void): void {
    if (this.socket) this.socket.write(this.webSocketFrameOf(frame), written);
    else this.ws.send(this.messageOf(frame.json), written);
  }

  /** The WebSocket message that carries a frame's JSON text. */
  protected messageOf(json: string): string {
    return json;
  }

  /** A shared `event` frame as the whole WebSocket frame this connection gets. */
  protected webSocketFrameOf(frame: EventFrame): Buffer {
    return frame.webSocketFrame;
  }

  bufferedBytes(): number {
    return this.ws.bufferedAmount;
  }

  close(request: CloseRequest): void {
    closeSocket(this.ws, request);
  }

  /** The socket closed: waiting replays go on (and find it closed), then the session ends. */
  closed(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) {
      for (const resolve of waiting) resolve();
      waiting.clear();
    }
    this.session?.transportClosed();
  }
}

function closeSocket(ws: WebSocket, request: CloseRequest): void {
  if (ws.readyState !== ws.OPEN) return;
  const { code, reason, retryAfterMs } = request;
  if (request.sendCloseFrame) ws.send(closeFrameJson(request));
  ws.close(code, retryAfterMs === undefined ? reason : JSON.stringify({ message: reason, retryAfterMs }));
}
