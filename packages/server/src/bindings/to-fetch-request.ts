import type { IncomingMessage } from 'node:http';
import { headersOf } from './headers-of.js';
import { NodeRequest } from './node-request.js';

/**
 * Turns a Node request into a Fetch `Request`. Without a body handed over, the result is a
 * {@link NodeRequest}: a `Request` whose headers, body stream and signal (from `signal()`, called
 * only then) are only built when read, and whose `text()` reads the socket directly (both capped
 * at `limitBytes`). `release` stops feeding a body nobody read, once the answer is out.
 */
export function toFetchRequest(
  req: IncomingMessage,
  options: { url: string; limitBytes: number; signal: () => AbortSignal; body?: Uint8Array<ArrayBuffer> | undefined },
): { request: Request; release: () => void } {
  if (options.body === undefined) {
    const request = new NodeRequest(req, options.url, options.limitBytes, options.signal);
    return { request: request as unknown as Request, release: () => request.release() };
  }
  const headers = headersOf(req);
  // A body handed over (already read by a framework) replaces the socket's: its length is what counts.
  headers.delete('transfer-encoding');
  headers.set('content-length', String(options.body.byteLength));
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return {
    request: new Request(options.url, { method, headers, signal: options.signal(), ...(hasBody ? { body: options.body } : {}) }),
    release: () => {},
  };
}

/** The request's absolute URL: scheme from the socket, host from the Host header, then the path. */
export function requestUrl(req: IncomingMessage, path: string = req.url ?? '/'): string {
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
  const host = req.headers.host ?? `${req.socket.localAddress ?? 'localhost'}:${req.socket.localPort ?? ''}`;
  return `${encrypted ? 'https' : 'http'}://${host}${path.startsWith('/') ? path : `/${path}`}`;
}
