import type { Call, CallEvent } from '@callboard/core';
import * as ws from 'ws';

/** The Socket.IO event name that carries protocol frames, both ways. */
export const SOCKET_IO_EVENT = 'callboard';

type FrameFn = (data: Buffer, options: { readOnly: boolean; mask: boolean; rsv1: boolean; opcode: number; fin: boolean }) => Buffer[];
let wsFrame: FrameFn | null | undefined;

function frameFunction(): FrameFn | null {
  if (wsFrame === undefined) {
    // A namespace import works in both builds (ESM wrapper and CommonJS module both expose Sender).
    const sender = (ws as unknown as { Sender?: { frame?: FrameFn } }).Sender;
    wsFrame = typeof sender?.frame === 'function' ? sender.frame.bind(sender) : null;
  }
  return wsFrame;
}

/**
 * One `event` frame, encoded once per broadcast and shared by every connection it goes to: the JSON
 * text, its bytes for plain WebSocket, the Socket.IO packet, and (lazily) that packet as a ready
 * WebSocket frame, the way Socket.IO's own broadcasts skip re-framing per socket.
 */
export interface EventFrame {
  readonly seq: number;
  readonly event: CallEvent;
  readonly call: Call | undefined;
  /** The frame as JSON text. */
  readonly json: string;
  /** UTF-8 bytes of {@link EventFrame.json}. */
  readonly bytes: Buffer;
  /** The Socket.IO EVENT packet carrying the frame (`2["callboard",{...}]`). */
  readonly socketIoPacket: string;
  /** The Engine.IO message of {@link EventFrame.socketIoPacket}, framed for WebSocket; undefined if `ws` cannot pre-frame. */
  readonly socketIoWsFrame: Buffer[] | undefined;
}

/** @internal Builds the `event` frame for a stored event; the provider's `raw` payload is left out. */
export function createEventFrame(seq: number, event: CallEvent, call: Call | undefined): EventFrame {
  const { raw: _raw, ...wireEvent } = event;
  const json = `{"type":"event","seq":${seq},"event":${JSON.stringify(wireEvent)},"call":${call ? JSON.stringify(call) : 'null'}}`;
  let bytes: Buffer | undefined;
  let packet: string | undefined;
  let wsFrames: Buffer[] | null | undefined;
  return {
    seq,
    event,
    call,
    json,
    get bytes() {
      return (bytes ??= Buffer.from(json));
    },
    get socketIoPacket() {
      return (packet ??= socketIoPacket(SOCKET_IO_EVENT, json));
    },
    get socketIoWsFrame() {
      if (wsFrames === undefined) {
        const frame = frameFunction();
        // "4" is the Engine.IO message packet type.
        wsFrames = frame
          ? frame(Buffer.from(`4${this.socketIoPacket}`), { readOnly: false, mask: false, rsv1: false, opcode: 1, fin: true })
          : null;
      }
      return wsFrames ?? undefined;
    },
  };
}

/** @internal A Socket.IO EVENT packet for the main namespace, from a payload already encoded as JSON. */
export function socketIoPacket(eventName: string, payloadJson: string): string {
  return `2[${JSON.stringify(eventName)},${payloadJson}]`;
}
