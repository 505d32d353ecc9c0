import type { EventFrame } from './event-frame.js';

/** How a server-initiated close goes out. */
export interface CloseRequest {
  code: number;
  /** Short text for the close reason (WebSocket) and the `close` frame. */
  reason: string;
  /** A retry hint for 4013 and 4029. */
  retryAfterMs?: number;
  /** False for a slow consumer: its buffer is full, so no `close` frame is queued behind it. */
  sendCloseFrame: boolean;
}

/** @internal The protocol's `close` frame for a server-initiated close, as JSON text. */
export function closeFrameJson(request: CloseRequest): string {
  const { code, reason, retryAfterMs } = request;
  return JSON.stringify({ type: 'close', code, reason, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
}

/**
 * @internal What a gateway gives the engine for one connection: plain WebSocket and Socket.IO
 * each implement it in a few lines, and everything else (auth, subscriptions, resume, heartbeats,
 * back-pressure) is shared.
 */
export interface RealtimeTransport {
  readonly kind: 'websocket' | 'socket.io';
  /**
   * Whether the engine drives this connection's heartbeat (plain WebSocket, and Socket.IO served
   * directly over `ws`) or the transport has its own (Socket.IO's Engine.IO).
   */
  readonly sendsPings: boolean;
  /** Sends the transport's own heartbeat request (Engine.IO `2`) instead of a protocol `ping` frame. */
  ping?(): void;
  /** Sends one frame encoded for this connection only. */
  sendJson(json: string): void;
  /** Sends a shared `event` frame; `onWritten` runs once it has left the process (or the connection died). */
  sendEventFrame(frame: EventFrame, onWritten?: () => void): void;
  /** Sends a Socket.IO packet that was encoded once for many connections (legacy event names). */
  sendPacket?(packet: string): void;
  /** Bytes queued in user space for this connection and not yet handed to the kernel. */
  bufferedBytes(): number;
  close(request: CloseRequest): void;
}
