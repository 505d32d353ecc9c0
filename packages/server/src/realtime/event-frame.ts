import type { Call, CallEvent } from '@callboard/core';

/** The Socket.IO event name that carries protocol frames, both ways. */
export const SOCKET_IO_EVENT = 'callboard';

/**
 * One `event` frame, encoded once per broadcast and shared by every connection it goes to: the JSON
 * text and (lazily) that text as a ready WebSocket frame, the Socket.IO packet and that packet as a
 * ready WebSocket frame, the way Socket.IO's own broadcasts skip re-framing per socket.
 */
export interface EventFrame {
  readonly seq: number;
  readonly event: CallEvent;
  readonly call: Call | undefined;
  /** The frame as JSON text. */
  readonly json: string;
  /** {@link EventFrame.json} as one whole WebSocket text frame from a server (unmasked, header included). */
  readonly webSocketFrame: Buffer;
  /** The Socket.IO EVENT packet carrying the frame (`2["callboard",{...}]`). */
  readonly socketIoPacket: string;
  /** The Engine.IO message of {@link EventFrame.socketIoPacket}, framed for WebSocket. */
  readonly socketIoWsFrame: Buffer[];
  /**
   * Engine.IO write options carrying {@link EventFrame.socketIoWsFrame}, one object for the whole
   * broadcast as Socket.IO's own broadcasts do (Engine.IO only sets `compress` on it).
   */
  readonly socketIoWsOptions: { wsPreEncodedFrame: Buffer[] };
}

/** @internal Builds the `event` frame for a stored event; the provider's `raw` payload is left out. */
export function createEventFrame(seq: number, event: CallEvent, call: Call | undefined): EventFrame {
  const { raw: _raw, ...wireEvent } = event;
  const json = `{"type":"event","seq":${seq},"event":${JSON.stringify(wireEvent)},"call":${call ? JSON.stringify(call) : 'null'}}`;
  let webSocketFrame: Buffer | undefined;
  let packet: string | undefined;
  let wsFrames: Buffer[] | undefined;
  let wsOptions: { wsPreEncodedFrame: Buffer[] } | undefined;
  return {
    seq,
    event,
    call,
    json,
    get webSocketFrame() {
      return (webSocketFrame ??= webSocketTextFrame(json));
    },
    get socketIoPacket() {
      return (packet ??= socketIoPacket(SOCKET_IO_EVENT, json));
    },
    get socketIoWsFrame() {
      // "4" is the Engine.IO message packet type.
      return (wsFrames ??= [webSocketTextFrame(`4${this.socketIoPacket}`)]);
    },
    get socketIoWsOptions() {
      return (wsOptions ??= { wsPreEncodedFrame: this.socketIoWsFrame });
    },
  };
}

/**
 * @internal A whole text message as a server sends it (RFC 6455 §5.2: FIN and opcode 1, no mask,
 * a 7-bit, 16-bit or 64-bit payload length), in one buffer, so each connection gets it in one write.
 */
export function webSocketTextFrame(text: string): Buffer {
  const length = Buffer.byteLength(text);
  const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = 0x81;
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  frame.write(text, headerLength, 'utf8');
  return frame;
}

/** @internal A Socket.IO EVENT packet for the main namespace, from a payload already encoded as JSON. */
export function socketIoPacket(eventName: string, payloadJson: string): string {
  return `2[${JSON.stringify(eventName)},${payloadJson}]`;
}
