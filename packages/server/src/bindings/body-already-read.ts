import type { IncomingMessage } from 'node:http';

/**
 * The request body when a framework or body parser already read it from the socket: the raw
 * bytes if kept (`req.rawBody`, or a Buffer/string body from `express.raw()`/`express.text()`),
 * else the parsed body re-encoded for its content type. Undefined when the body is still unread
 * (the normal case: it then streams from the socket).
 */
export function bodyAlreadyRead(req: IncomingMessage & { body?: unknown; rawBody?: unknown }): Uint8Array<ArrayBuffer> | undefined {
  if (typeof req.rawBody === 'string' || req.rawBody instanceof Uint8Array) return bytes(req.rawBody);
  const consumed = req.readableEnded || (req.complete && !req.readable);
  if (!consumed) return undefined;
  const body = req.body;
  if (body === undefined || body === null) return new Uint8Array(0);
  if (typeof body === 'string' || body instanceof Uint8Array) return bytes(body);
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('application/x-www-form-urlencoded') && isFlat(body)) {
    return bytes(new URLSearchParams(body as Record<string, string>).toString());
  }
  return bytes(JSON.stringify(body));
}

function bytes(value: string | Uint8Array): Uint8Array<ArrayBuffer> {
  if (typeof value === 'string') return new TextEncoder().encode(value);
  const copy = new Uint8Array(value.byteLength);
  copy.set(value);
  return copy;
}

function isFlat(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.values(value).every((item) => typeof item === 'string');
}
