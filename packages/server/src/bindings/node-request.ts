import type { IncomingMessage } from 'node:http';
import { CallboardError } from '@callboard/core';

/**
 * Turns a Node request into a Fetch `Request`. The body streams from the socket (nothing is
 * buffered ahead of the reader, the socket is paused when the stream is full) and errors once it
 * passes `limitBytes`, so a huge upload is never read to the end.
 */
export function toFetchRequest(
  req: IncomingMessage,
  options: { url: string; limitBytes: number; signal: AbortSignal; body?: Uint8Array<ArrayBuffer> | undefined },
): { request: Request; release: () => void } {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    // HTTP/2 pseudo-headers are not headers.
    if (name.charCodeAt(0) !== 58) headers.append(name, raw[i + 1]!);
  }
  if (options.body !== undefined) {
    // A body handed over (already read by a framework) replaces the socket's: its length is what counts.
    headers.delete('transfer-encoding');
    headers.set('content-length', String(options.body.byteLength));
  }
  const method = req.method ?? 'GET';
  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal: options.signal };
  let release = () => {};
  if (method !== 'GET' && method !== 'HEAD') {
    if (options.body !== undefined) init.body = options.body;
    else if (req.headers['content-length'] !== '0') {
      const body = nodeBodyStream(req, options.limitBytes);
      init.body = body.stream;
      init.duplex = 'half';
      release = body.release;
    }
  }
  return { request: new Request(options.url, init), release };
}

/** The request's absolute URL: scheme from the socket, host from the Host header, then the path. */
export function requestUrl(req: IncomingMessage, path: string = req.url ?? '/'): string {
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
  const host = req.headers.host ?? `${req.socket.localAddress ?? 'localhost'}:${req.socket.localPort ?? ''}`;
  return `${encrypted ? 'https' : 'http'}://${host}${path.startsWith('/') ? path : `/${path}`}`;
}

/**
 * The body stream, and `release` to call once the answer is out: it stops feeding the stream,
 * so whatever Node drains from the socket afterwards is not kept in memory for a reader that
 * will never come.
 */
function nodeBodyStream(req: IncomingMessage, limitBytes: number): { stream: ReadableStream<Uint8Array>; release: () => void } {
  let received = 0;
  let done = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        req.on('data', (chunk: Buffer) => {
          if (done) return;
          received += chunk.byteLength;
          if (received > limitBytes) {
            done = true;
            req.pause();
            controller.error(new CallboardError({ code: 'PAYLOAD_TOO_LARGE', message: `The request body is larger than ${limitBytes} bytes` }));
            return;
          }
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 1) <= 0) req.pause();
        });
        req.once('end', () => {
          if (done) return;
          done = true;
          controller.close();
        });
        req.once('error', (error) => {
          if (done) return;
          done = true;
          controller.error(error);
        });
      },
      pull() {
        if (!done) req.resume();
      },
      cancel() {
        done = true;
        req.pause();
      },
    },
    { highWaterMark: 4 },
  );
  return {
    stream,
    release() {
      done = true;
    },
  };
}
