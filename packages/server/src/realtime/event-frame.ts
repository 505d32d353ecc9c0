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
  return new LazyEventFrame(seq, event, call);
}

/**
 * The encodings other than the JSON text are made on first use, since a broadcast may reach only
 * WebSocket or only Socket.IO connections. A class rather than an object literal with getters: on
 * Node 20's V8 a literal with accessors is turned into a dictionary-mode object with maps of its
 * own, one per broadcast, and maps live in the old generation, so every broadcast left garbage
 * there that only a full (mark-compact) collection frees.
 */
class LazyEventFrame implements EventFrame {
  readonly seq: number;
  readonly event: CallEvent;
  readonly call: Call | undefined;
  readonly json: string;
  #webSocketFrame: Buffer | undefined = undefined;
  #socketIoPacket: string | undefined = undefined;
  #socketIoWsFrame: Buffer[] | undefined = undefined;
  #socketIoWsOptions: { wsPreEncodedFrame: Buffer[] } | undefined = undefined;

  constructor(seq: number, event: CallEvent, call: Call | undefined) {
    this.seq = seq;
    this.event = event;
    this.call = call;
    const { raw: _raw, ...wireEvent } = event;
    this.json = `{"type":"event","seq":${seq},"event":${JSON.stringify(wireEvent)},"call":${call ? JSON.stringify(call) : 'null'}}`;
  }

  get webSocketFrame(): Buffer {
    return (this.#webSocketFrame ??= webSocketTextFrame(this.json));
  }

  get socketIoPacket(): string {
    return (this.#socketIoPacket ??= socketIoPacket(SOCKET_IO_EVENT, this.json));
  }

  get socketIoWsFrame(): Buffer[] {
    // "4" is the Engine.IO message packet type.
    return (this.#socketIoWsFrame ??= [webSocketTextFrame(`4${this.socketIoPacket}`)]);
  }

  get socketIoWsOptions(): { wsPreEncodedFrame: Buffer[] } {
    return (this.#socketIoWsOptions ??= { wsPreEncodedFrame: this.socketIoWsFrame });
  }
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
