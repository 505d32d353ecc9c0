/**
 * A minimal WebSocket client (RFC 6455) on a bare TCP socket, for the load generator: one
 * upgrade request, then unmasked server frames parsed in place from a read buffer shared by every
 * connection (`net.connect({ onread })`, no stream, no per-read allocation), and masked text frames
 * out. It does only what a fan-out benchmark needs, so each of the hundreds of clients costs
 * little and the same for every contender: the server under test, not the clients, should be
 * the bottleneck.
 */
import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';

/** Called for each complete text message; the payload is `buffer[start, end)`, valid only during the call. */
export type MessageHandler = (buffer: Buffer, start: number, end: number, socket: RawWebSocket) => void;

/** One open connection. */
export interface RawWebSocket {
  /** Sends a text message (masked, as a client must). */
  send(text: string): void;
  /** Closes the TCP connection at once. */
  destroy(): void;
  readonly closed: boolean;
}

/** Options of {@link connectRawWebSocket}. */
export interface RawWebSocketOptions {
  port: number;
  /** Path and query of the upgrade request. */
  path: string;
  headers?: Record<string, string>;
  onMessage: MessageHandler;
  onClose: (reason: string) => void;
}

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const HEADER_END = Buffer.from('\r\n\r\n');
// One read buffer for every socket of the process: onread hands it over synchronously.
const shared = Buffer.allocUnsafe(256 * 1024);

/** Opens a WebSocket; resolves once the server answered 101 (frames that came with it are delivered right after). */
export function connectRawWebSocket(options: RawWebSocketOptions): Promise<RawWebSocket> {
  const key = randomBytes(16).toString('base64');
  const accept = createHash('sha1').update(key + WS_GUID).digest('base64');
  let upgraded = false;
  let closed = false;
  let pending: Buffer | undefined; // a partial frame (or the partial upgrade response)
  let fragments: Buffer[] | undefined;
  let fragmentOpcode = 0;

  return new Promise((resolve, reject) => {
    const socket = net.connect({
      host: '127.0.0.1',
      port: options.port,
      noDelay: true,
      onread: {
        buffer: shared,
        callback: (bytes: number, buffer: Uint8Array) => {
          let chunk = buffer as Buffer;
          let length = bytes;
          if (pending) {
            chunk = Buffer.concat([pending, chunk.subarray(0, bytes)]);
            length = chunk.length;
            pending = undefined;
          }
          let offset = 0;
          if (!upgraded) {
            const headerEnd = chunk.subarray(0, length).indexOf(HEADER_END);
            if (headerEnd < 0) {
              pending = Buffer.from(chunk.subarray(0, length));
              return true;
            }
            const head = chunk.toString('latin1', 0, headerEnd);
            if (!head.startsWith('HTTP/1.1 101') || !head.toLowerCase().includes(`sec-websocket-accept: ${accept.toLowerCase()}`)) {
              fail(`upgrade refused: ${head.split('\r\n')[0]}`);
              return false;
            }
            upgraded = true;
            offset = headerEnd + 4;
            resolve(client);
          }
          const rest = parseFrames(chunk, offset, length);
          if (rest < length) pending = Buffer.from(chunk.subarray(rest, length));
          return true;
        },
      },
    });

    function fail(reason: string): void {
      if (closed) return;
      closed = true;
      socket.destroy();
      if (upgraded) options.onClose(reason);
      else reject(new Error(reason));
    }

    // Returns where the first incomplete frame starts.
    function parseFrames(chunk: Buffer, from: number, length: number): number {
      let offset = from;
      while (!closed && length - offset >= 2) {
        const first = chunk[offset]!;
        const second = chunk[offset + 1]!;
        let payloadLength = second & 0x7f;
        let headerLength = 2;
        if (payloadLength === 126) {
          if (length - offset < 4) break;
          payloadLength = chunk.readUInt16BE(offset + 2);
          headerLength = 4;
        } else if (payloadLength === 127) {
          if (length - offset < 10) break;
          payloadLength = chunk.readUInt32BE(offset + 2) * 2 ** 32 + chunk.readUInt32BE(offset + 6);
          headerLength = 10;
        }
        if (second & 0x80) {
          fail('the server masked a frame');
          break;
        }
        const start = offset + headerLength;
        const end = start + payloadLength;
        if (end > length) break;
        handleFrame(first, chunk, start, end);
        offset = end;
      }
      return offset;
    }

    function handleFrame(first: number, chunk: Buffer, start: number, end: number): void {
      const fin = (first & 0x80) !== 0;
      const opcode = first & 0x0f;
      if (opcode === 0x1 && fin) return options.onMessage(chunk, start, end, client);
      if (opcode === 0x1 || opcode === 0x0) {
        if (opcode === 0x1) fragmentOpcode = opcode;
        (fragments ??= []).push(Buffer.from(chunk.subarray(start, end)));
        if (fin && fragmentOpcode === 0x1) {
          const whole = Buffer.concat(fragments);
          fragments = undefined;
          options.onMessage(whole, 0, whole.length, client);
        }
        return;
      }
      if (opcode === 0x8) {
        const code = end - start >= 2 ? chunk.readUInt16BE(start) : 1005;
        const reason = chunk.toString('utf8', Math.min(start + 2, end), end);
        return fail(`closed by server: ${code} ${reason}`);
      }
      if (opcode === 0x9) writeFrame(0xa, Buffer.from(chunk.subarray(start, end)));
    }

    function writeFrame(opcode: number, payload: Buffer): void {
      if (closed) return;
      const length = payload.length;
      const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
      const frame = Buffer.allocUnsafe(headerLength + 4 + length);
      frame[0] = 0x80 | opcode;
      if (length < 126) frame[1] = 0x80 | length;
      else if (length < 65_536) {
        frame[1] = 0x80 | 126;
        frame.writeUInt16BE(length, 2);
      } else {
        frame[1] = 0x80 | 127;
        frame.writeUInt32BE(0, 2);
        frame.writeUInt32BE(length, 6);
      }
      const mask = randomBytes(4);
      mask.copy(frame, headerLength);
      const body = headerLength + 4;
      for (let i = 0; i < length; i++) frame[body + i] = payload[i]! ^ mask[i & 3]!;
      socket.write(frame);
    }

    const client: RawWebSocket = {
      send: (text) => writeFrame(0x1, Buffer.from(text)),
      destroy: () => {
        if (closed) return;
        closed = true;
        socket.destroy();
      },
      get closed() {
        return closed;
      },
    };

    socket.once('connect', () => {
      const lines = [
        `GET ${options.path} HTTP/1.1`,
        `Host: 127.0.0.1:${options.port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${key}`,
        'Sec-WebSocket-Version: 13',
        ...Object.entries(options.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
      ];
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
    socket.on('error', (error) => fail(`socket error: ${error.message}`));
    socket.on('close', () => fail('connection closed'));
  });
}
